package dev.ssekit.torture;

import dev.ssekit.conformance.RawServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine's judgement of send vectors against scripted answers, and its not-run and not-applicable outcomes. */
class TortureEngineTest {

    private static TortureVector vector(String id) {
        return Vectors.torture().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private static TortureSubject subject(int port) {
        return TortureSubject.at("scripted", "127.0.0.1", port).withContract(true).withPublishToken("t").withStats(true);
    }

    private static ResultEntry run(TortureSubject s, String id) {
        try (TortureRunner r = new TortureRunner(s, TortureOptions.defaults().withProgress(null))) {
            return r.runAlone(vector(id));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @DisplayName("[HTTP-001,API-031] a 400 that names Transfer-Encoding, then a close, passes the smuggling vector")
    void refusedAndClosedPasses() throws Exception {
        String body = "Transfer-Encoding with Content-Length is not allowed\n";
        try (RawServer server = RawServer.canned(true, b("HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body))) {
            ResultEntry e = run(subject(server.port()), "torture/framing/content-length-and-chunked");
            assertEquals(Outcome.PASS, e.outcome(), e.detail());
            assertTrue(e.durationMs() > 0);
        }
    }

    @Test
    @DisplayName("[HTTP-001,API-031] answering the smuggled request too fails, naming status, count and the missing close")
    void smuggledRequestAnsweredFails() throws Exception {
        String two = "HTTP/1.1 202 Accepted\r\nContent-Length: 1\r\n\r\n1HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        try (RawServer server = RawServer.canned(false, b(two))) {
            ResultEntry e = run(subject(server.port()), "torture/framing/content-length-and-chunked");
            assertEquals(Outcome.FAIL, e.outcome(), e.detail());
            assertTrue(e.expected().contains("status 400"), e.expected());
            assertTrue(e.actual().contains("status 202") && e.actual().contains("2 responses")
                    && e.actual().contains("still open"), e.actual());
            assertTrue(e.detail().contains("  Expected: ") && e.detail().contains("  -> HTTP-001: "), e.detail());
        }
    }

    @Test
    @DisplayName("[API-035] bytes that are not an HTTP/1.x response fail with the bytes escaped")
    void notHttpFails() throws Exception {
        try (RawServer server = RawServer.canned(true, b("hello\u0000world\r\n"))) {
            ResultEntry e = run(subject(server.port()), "torture/head/host-missing");
            assertEquals(Outcome.FAIL, e.outcome(), e.detail());
            assertTrue(e.actual().contains("hello\\u0000world\\r\\n"), e.actual());
        }
    }

    @Test
    @DisplayName("[HTTP-007] content after the answer to HEAD fails noContent; the same fields as GET pass")
    void contentAfterHeadFails() throws Exception {
        try (RawServer server = RawServer.canned(false, b("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}"))) {
            ResultEntry e = run(subject(server.port()), "torture/methods/head-stats");
            assertEquals(Outcome.FAIL, e.outcome(), e.detail());
            assertTrue(e.actual().contains("bytes after it: \"{}\""), e.actual());
            assertTrue(!e.expected().contains("header fields of GET"), e.expected());
        }
    }

    @Test
    @DisplayName("[HTTP-007] a bodiless HEAD answer with the header fields of GET passes")
    void headLikeGetPasses() throws Exception {
        try (RawServer server = RawServer.canned(true,
                b("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n"))) {
            ResultEntry e = run(subject(server.port()), "torture/methods/head-page");
            assertEquals(Outcome.PASS, e.outcome(), e.detail());
        }
    }

    @Test
    @DisplayName("[API-035] a subject the runner cannot reach is not-run, never a failure of the server")
    void unreachableIsNotRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ResultEntry e = run(subject(port), "torture/head/host-missing");
        assertEquals(Outcome.NOT_RUN, e.outcome(), e.detail());
        assertTrue(e.detail().contains("could not connect"), e.detail());
    }

    @Test
    @DisplayName("[API-030] a vector whose needs the subject lacks is not-applicable, naming what is missing")
    void missingNeedsAreNotApplicable() {
        TortureSubject bare = TortureSubject.at("bare", "127.0.0.1", 9);
        ResultEntry e = run(bare, "torture/deadline/half-body");
        assertEquals(Outcome.NOT_APPLICABLE, e.outcome());
        assertTrue(e.detail().contains("request deadline") && e.detail().contains("publish token")
                && e.detail().contains("kit's routes"), e.detail());
        assertEquals(Outcome.NOT_APPLICABLE, run(bare, "torture/resources/descriptor-exhaustion").outcome());
    }

    @Test
    @DisplayName("[API-035] every torture vector gets exactly one result, in the spec's order, with a progress line each")
    void everyVectorHasAResult() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        // Nothing is offered, so every vector that needs something is not-applicable; the rest meet a closed port.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TortureRunner r = new TortureRunner(TortureSubject.at("nothing", "127.0.0.1", port),
                TortureOptions.defaults().withProgress(new PrintStream(lines, true, StandardCharsets.UTF_8)))) {
            var results = r.runAll();
            assertEquals(Vectors.torture().size(), results.size());
            for (int i = 0; i < results.size(); i++) {
                assertEquals(Vectors.torture().get(i).id(), results.get(i).id());
                Outcome o = results.get(i).outcome();
                assertTrue(o == Outcome.NOT_APPLICABLE || o == Outcome.NOT_RUN, results.get(i).id() + ": " + o);
            }
        }
        assertEquals(Vectors.torture().size(), lines.toString(StandardCharsets.UTF_8).lines().count());
    }
}
