package dev.ssekit.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import dev.ssekit.server.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only the adapter decides: how bytes reach the socket, when a close is seen, how the server stops. */
class UndertowAdapterIT {


    private static final String TOKEN = "t0ken";
    private static final long WAIT_MS = 10_000;
    private static final String EOF = Raw.EOF;

    private UndertowSseServer server;

    private UndertowSseServer start(SseServerConfig config) {
        server = UndertowSseServer.start(config.withHost("127.0.0.1").withPort(0));
        return server;
    }

    private UndertowSseServer start() {
        return start(SseServerConfig.defaults().withPublishToken(TOKEN));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("[API-004,API-003,API-001] headers, retry and the first piece are flushed at once, with no Content-Length or Content-Encoding")
    void headersFlushedAtOnce() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            // An hour between pieces: whatever arrives now was flushed, not pushed out by later events.
            c.send("GET /api/sse?doc=probe&interval=3600000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate\r\n\r\n");
            String got = c.readUntil(s -> s.contains("retry: 1000\n\n") && s.contains("data: A\n\n"), 3_000);
            String head = Raw.head(got);
            assertTrue(head.startsWith("HTTP/1.1 200 "), got);
            assertEquals("text/event-stream; charset=utf-8", Raw.header(head, "content-type"), got);
            assertEquals("no-store", Raw.header(head, "cache-control"), got);
            assertEquals(null, Raw.header(head, "content-length"), got);
            assertEquals(null, Raw.header(head, "content-encoding"), got);
            // Delimited by closing the connection: the body on the wire is the event stream itself.
            assertEquals(null, Raw.header(head, "transfer-encoding"), got);
            assertEquals("close", Raw.header(head, "connection"), got);
            assertTrue(got.substring(head.length()).startsWith("\r\n\r\nretry: 1000\n\nid: 1\n"), got);
            assertFalse(got.contains("id: 2\n"), "the second piece is not due for an hour: " + got);
        }
    }

    @Test
    @DisplayName("[API-013] a finished stream closes its connection right after the done event")
    void endedStreamCloses() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?doc=probe&interval=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = c.readUntil(s -> s.endsWith(EOF), WAIT_MS);
            assertTrue(got.endsWith("id: 9\nevent: done\ndata:\n\n" + EOF), got);
        }
        awaitIdle();
    }

    @Test
    @DisplayName("[API-016] a client that disconnects brings activeStreams and scheduledTasks back to 0")
    void disconnectIsSeen() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?doc=tutorial&interval=50 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readUntil(s -> s.contains("id: 2\n"), WAIT_MS);
            assertEquals(1, server.stats().activeStreams());
        }
        awaitIdle();
        assertEquals(0, server.openStreams());
    }

    @Test
    @DisplayName("[API-016] a client that leaves a quiet stream is seen at once, not at the next write")
    void quietDisconnectIsSeen() throws Exception {
        start(SseServerConfig.defaults().withHeartbeatMs(3_600_000));
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?doc=tutorial&interval=3600000 HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readUntil(s -> s.contains("id: 1\n"), WAIT_MS);
            assertEquals(1, server.stats().activeStreams());
        }
        long t0 = System.nanoTime();
        awaitIdle();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2_000, "seen after " + ms + " ms with nothing written for an hour");
    }

    @Test
    @DisplayName("[API-024] interval=0 to a reader with a small receive buffer arrives whole, paced by the reader")
    void backpressureDeliversEverything() throws Exception {
        start();
        try (Raw c = Raw.connect(server, 4096)) {
            c.send("GET /api/sse?doc=tutorial&interval=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = c.readUntil(s -> s.endsWith(EOF), WAIT_MS);
            assertTrue(got.endsWith("event: done\ndata:\n\n" + EOF), got);
            assertEquals(0, server.stats().slowClientsDropped());
        }
        awaitIdle();
    }

    @Test
    @DisplayName("[API-021,API-031] a publish body of 64 KiB reaches the core; a larger one gets 413, a chunked one 411, and the connection closes")
    void bodyIsBounded() throws Exception {
        start();
        String limit = "x".repeat(64 * 1024);
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Content-Length: " + limit.length() + "\r\n\r\n" + limit));
            String ok = c.readUntil(s -> s.endsWith("\r\n\r\n1"), WAIT_MS);
            assertTrue(ok.startsWith("HTTP/1.1 202 "), ok);
        }
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Content-Length: " + (limit.length() + 1) + "\r\n\r\n"));
            String tooLarge = c.readUntil(s -> s.endsWith(EOF), WAIT_MS);
            assertTrue(tooLarge.startsWith("HTTP/1.1 413 "), tooLarge);
        }
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Transfer-Encoding: chunked\r\n\r\n"));
            String chunk = Integer.toHexString(limit.length()) + "\r\n" + limit + "\r\n";
            try {
                c.send(chunk + chunk);
            } catch (IOException e) {
                // the server may close before it has read everything
            }
            String refused = c.readUntil(s -> s.endsWith(EOF), WAIT_MS);
            assertTrue(refused.startsWith("HTTP/1.1 411 "), refused);
        }
        assertEquals(1, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[API-016] close ends open streams within the grace period, refuses new connections and leaves no XNIO thread")
    void gracefulClose() throws Exception {
        start();
        try (Raw a = Raw.connect(server); Raw b = Raw.connect(server)) {
            a.send("GET /api/sse?interval=3600000 HTTP/1.1\r\nHost: x\r\n\r\n");
            b.send("GET /api/feed HTTP/1.1\r\nHost: x\r\n\r\n");
            a.readUntil(s -> s.contains("retry: "), WAIT_MS);
            b.readUntil(s -> s.contains("retry: "), WAIT_MS);
            assertEquals(2, server.openStreams());
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < server.config().shutdownGraceMs(), "close took " + ms + " ms");
            // Both streams end (EventSource then reconnects after its retry time) and their connections close.
            a.readUntil(s -> s.endsWith(EOF), WAIT_MS);
            b.readUntil(s -> s.endsWith(EOF), WAIT_MS);
        }
        assertEquals(0, server.openStreams());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
        assertNoThreadLeft(server);
    }

    @Test
    @DisplayName("[API-016,API-024] close waits at most shutdownGraceMs for a client that does not read, then drops it")
    void closeIsBoundedByGrace() throws Exception {
        long grace = 300;
        start(SseServerConfig.defaults().withShutdownGraceMs(grace).withBacklogBytes(64 << 20));
        try (Raw c = Raw.connect(server, 4096)) {
            c.send("GET /api/feed HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readUntil(s -> s.contains("retry: "), WAIT_MS);
            String big = "y".repeat(64 * 1024);
            for (int i = 0; i < 256; i++) { // 16 MiB: far more than the socket buffers hold
                server.publish(big);
            }
            awaitTrue(() -> server.stats().activeStreams() == 1, "the subscriber is still connected");
            long t0 = System.nanoTime();
            server.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= grace - 50 && ms < grace + 2_000, "close took " + ms + " ms");
        }
        assertEquals(0, server.openStreams());
        assertNoThreadLeft(server);
    }

    @Test
    @DisplayName("[API-001] a taken port fails start with the address and leaves no XNIO thread")
    void takenPort() throws Exception {
        start();
        SseServerConfig same = SseServerConfig.defaults().withHost("127.0.0.1").withPort(server.port());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> UndertowSseServer.start(same).close());
        assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
        awaitTrue(() -> Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("sse-kit-undertow-"))
                .allMatch(t -> t.getName().startsWith(server.threadNamePrefix())), "only the first server's threads");
    }

    // ---- helpers ----

    private static String publish(String rest) {
        return "POST /api/feed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n" + rest;
    }

    private void awaitIdle() throws InterruptedException {
        awaitTrue(() -> {
            Stats s = server.stats();
            return s.activeStreams() == 0 && s.scheduledTasks() == 0 && server.openStreams() == 0;
        }, "activeStreams and scheduledTasks return to 0");
    }

    private void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + WAIT_MS + " ms; stats " + server.stats()
                        + ", adapter streams " + server.openStreams());
            }
            Thread.sleep(20);
        }
    }

    private static void assertNoThreadLeft(UndertowSseServer server) throws InterruptedException {
        String prefix = server.threadNamePrefix();
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith(prefix)).sorted().collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("threads left after close: " + left);
    }

    @Test
    @DisplayName("[KIT-007] the server is found by name among the providers the kit discovers, and starts from there")
    void foundAsAProvider() {
        SseServerProvider p = SseServerProvider.named("undertow").orElseThrow();
        try (SseServer s = p.start(SseServerConfig.defaults().withPort(0))) {
            assertEquals("undertow", s.name());
            assertTrue(s instanceof UndertowSseServer);
            assertTrue(s.port() > 0);
        }
        assertTrue(SseServerProvider.all().stream().anyMatch(x -> x.name().equals("undertow")));
    }
}
