package dev.ssekit.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssekit.server.SseServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Careless and hostile clients over raw loopback sockets (contract.md, "Hostile clients"): files to clients that
 * do not read, HEAD, HTTP/1.0. Every count and
 * time is bounded; the deadline is short so that the suite stays fast.
 */
class UndertowHostileClientsIT {

    private static final String TOKEN = "t0ken";
    private static final long DEADLINE_MS = 600;
    private static final long WAIT_MS = 10_000;
    private static final int MIB = 1 << 20;

    private UndertowSseServer server;

    @TempDir
    Path docs;

    private UndertowSseServer start() {
        return start(SseServerConfig.defaults());
    }

    private UndertowSseServer start(SseServerConfig config) {
        server = UndertowSseServer.start(config.withHost("127.0.0.1").withPort(0).withPublishToken(TOKEN)
                .withDocsRoot(docs));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- files to clients that do not read (API-033) ----

    @Test
    @DisplayName("[API-033,API-028] a docs file of 7 MiB arrives whole, from disk, to a reader with a small receive buffer")
    void fileArrivesWhole() throws Exception {
        byte[] content = file("seven.bin", 7 * MIB);
        start();
        try (Raw c = Raw.connect(server, 4096)) {
            c.send("GET /docs/seven.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String got = new String(c.readBytesToEof(WAIT_MS), StandardCharsets.ISO_8859_1);
            String head = Raw.head(got);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertEquals(Integer.toString(content.length), Raw.header(head, "content-length"), head);
            byte[] body = got.substring(head.length() + 4).getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(Arrays.equals(content, body), "the body is the file: " + body.length + " bytes");
        }
    }

    @Test
    @DisplayName("[API-033] 40 clients that ask for a 7 MiB file and do not read hold bounded heap, and each file is closed when its client goes")
    void stalledFileReadersHoldLittle() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts open files in /proc/self/fd");
        file("seven.bin", 7 * MIB);
        Path file = docs.resolve("seven.bin").toRealPath();
        start();
        long before = usedHeapAfterGc();
        List<Raw> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Raw c = Raw.connect(server, 4096);
                stalled.add(c);
                c.send("GET /docs/seven.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            awaitTrue(() -> openFiles(file) == 40, "each stalled client's file is open: sending has begun");
            long grown = usedHeapAfterGc() - before;
            // Read whole, 40 x 7 MiB would be 280 MiB; bounded, each client holds at most a pooled buffer (off-heap).
            assertTrue(grown < 16 * MIB, "heap grew by " + grown / 1024 + " KiB for 40 stalled clients");
        } finally {
            for (Raw c : stalled) {
                c.close();
            }
        }
        awaitTrue(() -> openFiles(file) == 0, "every file is closed once its client has gone");
    }

    // ---- HEAD (HTTP-007) ----

    @Test
    @DisplayName("[HTTP-007] HEAD /api/sse gets the GET stream's status and header fields, no Content-Length and no content, and opens nothing")
    void headOfStream() throws Exception {
        start();
        String head = exchange("HEAD /api/sse?doc=probe&interval=3600000 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(head.endsWith("\r\n\r\n"), "no content after the head: " + head);
        assertNull(Raw.header(head, "content-length"), head);
        assertNull(Raw.header(head, "transfer-encoding"), head);
        assertEquals(0, server.core().stats().eventsSent(), "HEAD opened no stream");
        assertEquals(0, server.core().stats().activeStreams(), "HEAD opened no stream");
        assertEquals(0, server.openStreams(), "HEAD opened no stream");
        String get;
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?doc=probe&interval=3600000 HTTP/1.1\r\nHost: x\r\n\r\n");
            get = Raw.head(c.readUntil(s -> s.contains("\r\n\r\n"), WAIT_MS));
        }
        assertEquals(fields(get), fields(Raw.head(head)));
    }

    @Test
    @DisplayName("[HTTP-007] HEAD of a docs file gets the file's Content-Length and no content; HEAD of a 204 has no Content-Length or Transfer-Encoding")
    void headOfFileAndNoContent() throws Exception {
        file("seven.bin", 7 * MIB);
        start();
        try (Raw c = Raw.connect(server)) {
            c.send("HEAD /docs/seven.bin HTTP/1.1\r\nHost: x\r\n\r\n" + stats());
            String got = c.readUntil(s -> s.contains("\"requestsTimedOut\""), WAIT_MS);
            assertEquals(Integer.toString(7 * MIB), Raw.header(Raw.head(got), "content-length"), got);
            // The next response follows the head at once: no byte of the file came between them.
            assertTrue(got.substring(Raw.head(got).length()).startsWith("\r\n\r\nHTTP/1.1 200 "), got);
        }
        String noContent = exchange("HEAD /api/sse?doc=probe HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 99\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(List.of(204), Raw.statuses(noContent), noContent);
        assertNull(Raw.header(noContent, "content-length"), noContent);
        assertNull(Raw.header(noContent, "transfer-encoding"), noContent);
    }

    // ---- HTTP/1.0 (HTTP-008) ----

    @Test
    @DisplayName("[HTTP-008] a stream to HTTP/1.0, with or without Connection: keep-alive, has no Transfer-Encoding and ends by a close")
    void http10Stream() throws Exception {
        start();
        for (String extra : List.of("", "Connection: keep-alive\r\n")) {
            String got = exchange("GET /api/sse?doc=probe&interval=0 HTTP/1.0\r\n" + extra + "\r\n");
            String head = Raw.head(got);
            assertTrue(head.startsWith("HTTP/1.0 200 ") || head.startsWith("HTTP/1.1 200 "), head);
            assertNull(Raw.header(head, "transfer-encoding"), head);
            assertNull(Raw.header(head, "content-length"), head);
            assertTrue(got.endsWith("event: done\ndata:\n\n"), got);
        }
    }

    // ---- helpers ----

    private static String publish(String rest) {
        return "POST /api/feed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n" + rest;
    }

    private static String stats() {
        return "GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** Sends {@code requests} on a new connection and reads until the server closes it (HEAD-free answers). */
    private String exchange(String requests) throws IOException {
        try (Raw c = Raw.connect(server)) {
            c.sendAll(requests);
            return c.readToEof(WAIT_MS);
        }
    }

    /** What follows the first head. */
    private static String body(String response) {
        return response.substring(Math.min(response.length(), Raw.head(response).length() + 4));
    }

    /** The header lines of a head without its status line and Date, sorted. */
    private static List<String> fields(String head) {
        return Stream.of(head.split("\r\n")).skip(1).filter(l -> !l.regionMatches(true, 0, "date:", 0, 5)).sorted()
                .toList();
    }

    private byte[] file(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new java.util.Random(42).nextBytes(content);
        Files.write(docs.resolve(name), content);
        return content;
    }

    private static long openFiles(Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // closed meanwhile
                }
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + WAIT_MS + " ms; stats " + server.core().stats());
            }
            Thread.sleep(20);
        }
    }
}
