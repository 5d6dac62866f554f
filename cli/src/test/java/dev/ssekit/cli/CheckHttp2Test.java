package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.vertx.VertxSseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against the Vert.x reference server over TLS: ALPN picks h2 unless --http1.1 says otherwise. */
class CheckHttp2Test {

    @TempDir
    static Path dir;
    private static SseServer server;
    private static Path pem;

    @BeforeAll
    static void start() throws IOException {
        ServerTls tls = ServerTls.selfSigned(dir.resolve("certs"));
        pem = Files.writeString(dir.resolve("localhost.pem"), tls.certificatePem());
        server = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withTls(tls));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private CommandRun check(String... more) {
        String[] base = {"check", server.baseUrl() + "/api/sse", "--cacert", pem.toString(), "--out",
            dir.resolve("out").toString(), "--timeout-ms", "5000", "--run", "check/h2|check/generic/content-type"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CommandRun.of("", all);
    }

    @Test
    @DisplayName("[KIT-018,H2-001,H2-002,H2-003,H2-004] https offers h2 by ALPN: the run speaks h2 and the h2 cases pass")
    void httpsNegotiatesH2() {
        CommandRun run = check();
        assertEquals(0, run.exitCode(), run::describe);
        String text = run.outText();
        assertTrue(text.contains("  protocol: h2\n"), text);
        assertTrue(text.contains("pass           [check/h2/connection-specific-fields]"), text);
        assertTrue(text.contains("pass           [check/h2/no-content-length]"), text);
        assertTrue(text.contains("pass           [check/h2/concurrent-streams]"), text);
        assertTrue(text.contains("pass           [check/h2/reset-stream]"), text);
        assertTrue(text.contains("pass           [check/generic/content-type]"), text);
    }

    @Test
    @DisplayName("[KIT-018] --http1.1 speaks HTTP/1.1 over TLS: the h2 cases are not-applicable, the others still run")
    void http11IsForced() {
        CommandRun run = check("--http1.1");
        assertEquals(0, run.exitCode(), run::describe);
        String text = run.outText();
        assertTrue(text.contains("  protocol: http/1.1\n"), text);
        assertTrue(text.contains("not-applicable [check/h2/connection-specific-fields]"), text);
        assertTrue(text.contains("pass           [check/generic/content-type]"), text);
    }

    @Test
    @DisplayName("[KIT-004,KIT-018] --http1.1 with --http2 exits 2 naming both")
    void contradictoryFlags() {
        CommandRun run = check("--http1.1", "--http2");
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().contains("--http1.1 and --http2"), run::describe);
    }
}
