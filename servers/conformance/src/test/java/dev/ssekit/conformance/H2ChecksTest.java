package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The h2 cases against small Netty HTTP/2 servers, correct and broken one way each. */
class H2ChecksTest {

    @TempDir
    static Path certs;

    private static ResultEntry run(H2TestServer server, String id) throws Exception {
        Target t = server.target();
        return run(t, id);
    }

    private static ResultEntry run(Target t, String id) {
        List<ConformanceCheck> checks = new H2Checks(t, t.streamPath(), 5_000, CaptureBound.DEFAULT, true).checks();
        return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().run();
    }

    private static void assertOutcome(Outcome want, ResultEntry e) {
        assertEquals(want, e.outcome(), e.toString());
    }

    @Test
    @DisplayName("[H2-001] connection: keep-alive on the stream's h2 response fails check/h2/connection-specific-fields")
    void connectionHeaderFails() throws Exception {
        try (H2TestServer bad = H2TestServer.tls(H2TestServer.Fault.CONNECTION_HEADER, certs);
                H2TestServer good = H2TestServer.tls(H2TestServer.Fault.NONE, certs)) {
            ResultEntry e = run(bad, "check/h2/connection-specific-fields");
            assertOutcome(Outcome.FAIL, e);
            assertTrue(e.actual().contains("connection: \"keep-alive\""), e.actual());
            assertTrue(e.detail().startsWith("[H2-001]"), e.detail());
            assertOutcome(Outcome.PASS, run(good, "check/h2/connection-specific-fields"));
        }
    }

    @Test
    @DisplayName("[H2-002] content-length on the stream's h2 response fails check/h2/no-content-length")
    void contentLengthFails() throws Exception {
        try (H2TestServer bad = H2TestServer.tls(H2TestServer.Fault.CONTENT_LENGTH, certs);
                H2TestServer good = H2TestServer.tls(H2TestServer.Fault.NONE, certs)) {
            ResultEntry e = run(bad, "check/h2/no-content-length");
            assertOutcome(Outcome.FAIL, e);
            assertTrue(e.actual().contains("content-length: \"1000000\""), e.actual());
            assertOutcome(Outcome.PASS, run(good, "check/h2/no-content-length"));
        }
    }

    @Test
    @DisplayName("[H2-003] SETTINGS_MAX_CONCURRENT_STREAMS 10 is non-strict in check/h2/concurrent-streams; 100 streams pass")
    void tenStreamsFail() throws Exception {
        try (H2TestServer bad = H2TestServer.tls(H2TestServer.Fault.TEN_STREAMS, certs);
                H2TestServer good = H2TestServer.tls(H2TestServer.Fault.NONE, certs)) {
            ResultEntry e = run(bad, "check/h2/concurrent-streams");
            assertOutcome(Outcome.NON_STRICT, e);
            assertTrue(e.actual().contains("SETTINGS_MAX_CONCURRENT_STREAMS 10"), e.actual());
            assertOutcome(Outcome.PASS, run(good, "check/h2/concurrent-streams"));
        }
    }

    @Test
    @DisplayName("[H2-003,H2-004] streams that open but stay quiet are not-run, not failed: the check cannot tell")
    void quietStreamsAreNotJudged() throws Exception {
        try (H2TestServer quiet = H2TestServer.tls(H2TestServer.Fault.QUIET, certs)) {
            ResultEntry streams = run(quiet, "check/h2/concurrent-streams");
            assertOutcome(Outcome.NOT_RUN, streams);
            assertTrue(streams.detail().contains("none brought an event"), streams.detail());
            assertOutcome(Outcome.NOT_RUN, run(quiet, "check/h2/reset-stream"));
        }
    }

    @Test
    @DisplayName("[H2-004] a reset that ends the other streams fails check/h2/reset-stream; a correct server's stats count it gone")
    void resetEndsAllFails() throws Exception {
        try (H2TestServer bad = H2TestServer.tls(H2TestServer.Fault.RESET_ENDS_ALL, certs);
                H2TestServer good = H2TestServer.tls(H2TestServer.Fault.NONE, certs)) {
            ResultEntry e = run(bad, "check/h2/reset-stream");
            assertOutcome(Outcome.FAIL, e);
            assertTrue(e.actual().contains("stream 2") || e.actual().contains("the connection closed"), e.actual());
            ResultEntry ok = run(good, "check/h2/reset-stream");
            assertOutcome(Outcome.PASS, ok);
            assertTrue(ok.detail().contains("activeStreams 3 -> 2"), ok.detail());
        }
    }

    @Test
    @DisplayName("[H2-001,H2-002,H2-003,H2-004] h2c with prior knowledge: every h2 case passes on a correct server")
    void h2cPriorKnowledge() throws Exception {
        try (H2TestServer good = H2TestServer.h2c(H2TestServer.Fault.NONE)) {
            Target t = good.target().negotiate(Exchange.CONNECT_TIMEOUT_MS);
            assertEquals("h2c", t.protocolName());
            for (String id : List.of("check/h2/connection-specific-fields", "check/h2/no-content-length",
                    "check/h2/concurrent-streams", "check/h2/reset-stream")) {
                assertOutcome(Outcome.PASS, run(t, id));
            }
            StreamCapture c = Exchange.run(t, HttpRequest.get("/api/sse"), 5_000, CaptureBound.DEFAULT, s -> s.events.size() >= 3);
            assertEquals(200, c.status);
            assertEquals(List.of("1", "2", "3"), c.events.stream().map(x -> x.value().data()).toList());
        }
    }

    @Test
    @DisplayName("[KIT-018] https offers h2 and http/1.1 by ALPN and takes h2 when the server picks it; --http1.1 over h2-only TLS fails")
    void alpnNegotiation() throws Exception {
        try (H2TestServer good = H2TestServer.tls(H2TestServer.Fault.NONE, certs)) {
            Target auto = good.target();
            auto = auto.withClient(auto.client().withHttpVersion(HttpVersion.AUTO));
            assertEquals("h2", auto.negotiate(Exchange.CONNECT_TIMEOUT_MS).protocolName());
            Target h1 = auto.withClient(auto.client().withHttpVersion(HttpVersion.HTTP_1_1));
            // the server speaks h2 only: offered http/1.1 alone, it refuses the handshake
            assertThrows(IOException.class, () -> h1.negotiate(Exchange.CONNECT_TIMEOUT_MS));
        }
    }

    @Test
    @DisplayName("[KIT-018] over HTTP/1.1 the h2 cases are not-applicable, saying why")
    void notApplicableOverHttp1() {
        Target t = Target.local("127.0.0.1", 1);
        for (String id : List.of("check/h2/connection-specific-fields", "check/h2/no-content-length",
                "check/h2/concurrent-streams", "check/h2/reset-stream")) {
            ResultEntry e = run(t, id);
            assertOutcome(Outcome.NOT_APPLICABLE, e);
            assertTrue(e.detail().contains("the run speaks http/1.1"), e.detail());
        }
    }
}
