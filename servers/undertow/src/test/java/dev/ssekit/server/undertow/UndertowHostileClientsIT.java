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
 * Careless and hostile clients over raw loopback sockets (contract.md, "Hostile clients"): request framing, Expect,
 * the request deadline, files to clients that do not read, HEAD, HTTP/1.0, limits and malformed heads. Every count and
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

    // ---- request framing (API-031, HTTP-001..005) ----

    @Test
    @DisplayName("[API-031] chunk lines ended by a bare LF are never parsed: 411, a close, nothing published, and the pipelined request is never answered")
    void bareLfChunkLinesAreNeverParsed() throws Exception {
        start();
        String got = exchange(publish("Transfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n") + stats());
        assertEquals(List.of(411), Raw.statuses(got), got);
        assertTrue(body(got).contains("Content-Length"), "the reason says how to send a body: " + got);
        assertEquals(0, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-001,API-031] Content-Length together with Transfer-Encoding gets 400 naming Transfer-Encoding, and a close")
    void lengthWithTransferEncodingIsRefused() throws Exception {
        start();
        for (String te : List.of("chunked", "xchunked")) {
            String got = exchange(publish("Content-Length: 5\r\nTransfer-Encoding: " + te + "\r\n\r\nhello") + stats());
            assertEquals(List.of(400), Raw.statuses(got), got);
            assertTrue(body(got).contains("Transfer-Encoding"), got);
        }
        assertEquals(0, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-002,API-031] a coding list that does not end in one chunked gets 400 and a close")
    void codingListsAreRefused() throws Exception {
        start();
        for (String te : List.of("chunked, identity", "chunked, chunked")) {
            String got = exchange(publish("Transfer-Encoding: " + te + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n") + stats());
            assertEquals(List.of(400), Raw.statuses(got), te + ": " + got);
        }
        assertEquals(0, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-003] a Content-Length that is not one decimal number gets 400 with a reason, and a close")
    void badContentLengthsAreRefused() throws Exception {
        start();
        for (String cl : List.of("Content-Length: +5", "Content-Length: 0x5", "Content-Length: 5, 6",
                "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5\r\nContent-Length: 5")) {
            String got = exchange(publish(cl + "\r\n\r\nhello!") + stats());
            assertEquals(List.of(400), Raw.statuses(got), cl + ": " + got);
            assertTrue(body(got).contains("Content-Length"), cl + ": " + got);
        }
        assertEquals(0, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-005] whitespace between a header name and its colon gets 400 with a reason, and a close")
    void spaceBeforeColonIsRefused() throws Exception {
        start();
        String got = exchange(publish("Content-Length: 5\r\nTransfer-Encoding : chunked\r\n\r\nhello") + stats());
        assertEquals(List.of(400), Raw.statuses(got), got);
        assertTrue(body(got).contains("whitespace between its name and the colon"), got);
        assertEquals(0, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-004] an HTTP/1.1 request without Host, or with two, gets 400 with the core's reason")
    void hostIsChecked() throws Exception {
        start();
        String none = exchange("GET /api/stats HTTP/1.1\r\n\r\n");
        assertEquals(List.of(400), Raw.statuses(none), none);
        assertTrue(body(none).contains("must have a Host header"), none);
        String two = exchange("GET /api/stats HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertEquals(List.of(400), Raw.statuses(two), two);
        assertTrue(body(two).contains("2 Host headers"), two);
        String http10 = exchange("GET /api/stats HTTP/1.0\r\n\r\n");
        assertEquals(List.of(200), Raw.statuses(http10), http10);
    }

    @Test
    @DisplayName("[API-035,API-031] pipelined requests before a refused one are answered first; nothing after it is read")
    void refusalFollowsEarlierAnswers() throws Exception {
        start();
        String info = "GET /api/info HTTP/1.1\r\nHost: x\r\n\r\n";
        String got = exchange(info + info + "GET /api/info HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n" + info);
        assertEquals(List.of(200, 200, 400), Raw.statuses(got), got);
        assertTrue(got.contains("NUL") || got.contains("0x00"), got);
    }

    // ---- Expect (HTTP-006) ----

    @Test
    @DisplayName("[HTTP-006] Expect: 100-continue on a publish gets 100 Continue before the body is sent, then 202")
    void continueBeforeBody() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Content-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
            String interim = c.readUntil(s -> s.contains("\r\n\r\n"), 2_000);
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim);
            c.send("hello");
            String done = c.readUntil(s -> s.endsWith("\r\n\r\n1"), WAIT_MS);
            assertTrue(done.startsWith("HTTP/1.1 202 "), done);
        }
        assertEquals(1, server.stats().feedPublished());
    }

    @Test
    @DisplayName("[HTTP-006,API-021] a publish with Expect: 100-continue that its head refuses gets 403 at once, without 100 Continue")
    void refusedWithoutContinue() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            c.send("POST /api/feed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            String got = c.readToEof(1_500);
            assertEquals(List.of(403), Raw.statuses(got), got);
        }
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Content-Length: 70000\r\nExpect: 100-continue\r\n\r\n"));
            String got = c.readToEof(1_500);
            assertEquals(List.of(413), Raw.statuses(got), got);
            assertTrue(body(got).contains("65536"), got);
        }
    }

    @Test
    @DisplayName("[HTTP-006] an expectation other than 100-continue gets 417")
    void unknownExpectation() throws Exception {
        start();
        String got = exchange("GET /api/stats HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n");
        assertEquals(List.of(417), Raw.statuses(got), got);
    }

    // ---- the request deadline (API-030) ----

    @Test
    @DisplayName("[API-030] half a request line gets 408 with a reason at the request deadline, a close, and requestsTimedOut counts it")
    void halfRequestLineTimesOut() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        try (Raw c = Raw.connect(server)) {
            long t0 = System.nanoTime();
            c.send("GET /api/sse?do");
            String got = c.readToEof(DEADLINE_MS + 2_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(408), Raw.statuses(got), got);
            assertTrue(body(got).contains("request deadline"), got);
            assertEquals("close", Raw.header(Raw.head(got), "connection"), got);
            assertTrue(ms >= DEADLINE_MS - 100, "closed after " + ms + " ms");
        }
        assertEquals(1, server.stats().requestsTimedOut());
    }

    @Test
    @DisplayName("[API-030] a silent connection, half a header section and a dribbled head all get 408 at the deadline counted from the accept")
    void unfinishedHeadsTimeOut() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        try (Raw silent = Raw.connect(server); Raw half = Raw.connect(server); Raw dribbled = Raw.connect(server)) {
            half.send("GET /api/sse HTTP/1.1\r\nHost: x\r\nAccept: text/ev");
            long t0 = System.nanoTime();
            byte[] head = "GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < head.length && System.nanoTime() - t0 < (DEADLINE_MS + 1_000) * 1_000_000; i++) {
                try {
                    dribbled.send(new byte[] {head[i]});
                } catch (IOException closed) {
                    break;
                }
                if (!dribbled.silentFor(100)) {
                    break; // answered: the deadline passed
                }
            }
            for (Raw c : List.of(silent, half, dribbled)) {
                String got = c.readToEof(DEADLINE_MS + 2_000);
                assertEquals(List.of(408), Raw.statuses(got), got);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < DEADLINE_MS + 1_500, "closed after " + ms + " ms");
        }
        assertEquals(3, server.stats().requestsTimedOut());
    }

    @Test
    @DisplayName("[API-030] a body that stops short of its Content-Length gets 408 at the deadline and publishes nothing")
    void halfBodyTimesOut() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        try (Raw c = Raw.connect(server)) {
            c.send(publish("Content-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly ten b"));
            String got = c.readToEof(DEADLINE_MS + 2_000);
            assertEquals(List.of(408), Raw.statuses(got), got);
        }
        assertEquals(0, server.stats().feedPublished());
        assertEquals(1, server.stats().requestsTimedOut());
    }

    @Test
    @DisplayName("[API-030] an idle keep-alive connection is closed at the deadline after its response, without a second answer")
    void idleKeepAliveCloses() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        try (Raw c = Raw.connect(server)) {
            c.send(stats());
            c.send(stats()); // a second request on the same connection restarts nothing: it is answered at once
            long t0 = System.nanoTime();
            String got = c.readToEof(DEADLINE_MS + 2_000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(200, 200), Raw.statuses(got), got);
            assertTrue(ms >= DEADLINE_MS - 100 && ms < DEADLINE_MS + 1_500, "closed after " + ms + " ms");
        }
        assertEquals(0, server.stats().requestsTimedOut());
    }

    @Test
    @DisplayName("[API-030] an open event stream is a response in progress: the request deadline never cuts it")
    void streamOutlivesDeadline() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?doc=probe&interval=300 HTTP/1.1\r\nHost: x\r\n\r\n"); // about 2.4 s
            String got = c.readToEof(WAIT_MS);
            assertTrue(got.endsWith("event: done\ndata:\n\n"), got);
            assertFalse(got.contains("408"), got);
        }
        assertEquals(0, server.stats().requestsTimedOut());
    }

    @Test
    @DisplayName("[API-030,API-017] 300 connections holding half a request are all closed at the deadline and counted, while a normal request is answered")
    void manySlowHeads() throws Exception {
        start(SseServerConfig.defaults().withRequestTimeoutMs(DEADLINE_MS));
        List<Raw> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Raw c = Raw.connect(server);
                slow.add(c);
                c.send("GET /api/sse?do");
            }
            String normal = exchange(stats());
            assertEquals(List.of(200), Raw.statuses(normal), normal);
            for (Raw c : slow) {
                assertEquals(List.of(408), Raw.statuses(c.readToEof(DEADLINE_MS + 3_000)));
            }
        } finally {
            for (Raw c : slow) {
                c.close();
            }
        }
        assertEquals(300, server.stats().requestsTimedOut());
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
        assertEquals(0, server.stats().eventsSent(), "HEAD opened no stream");
        assertEquals(0, server.stats().activeStreams(), "HEAD opened no stream");
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

    // ---- limits and malformed heads (HTTP-009, API-035) ----

    @Test
    @DisplayName("[HTTP-009] a request line over 64 KiB gets 414 and a close; a text of 4096 code points (48 KiB of request line) is streamed")
    void requestLineLimit() throws Exception {
        start();
        String tooLong = exchange("GET /api/stats?" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(List.of(414), Raw.statuses(tooLong), tooLong);
        String text = "%F0%9F%98%80".repeat(4096); // U+1F600 4096 times: 49,152 bytes of query
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/sse?interval=0&text=" + text + " HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = c.readToEof(WAIT_MS);
            assertTrue(got.startsWith("HTTP/1.1 200 "), got.substring(0, Math.min(300, got.length())));
            assertTrue(got.contains("id: 4096\n") && got.endsWith("event: done\ndata:\n\n"), "the whole text");
        }
    }

    @Test
    @DisplayName("[HTTP-009] a header section over the limit gets 431 and a close, whether one long line or many lines")
    void headerSectionLimit() throws Exception {
        start();
        String longLine = exchange("GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(MIB) + "\r\n\r\n");
        assertEquals(List.of(431), Raw.statuses(longLine), longLine);
        String manyLines = exchange("GET /api/stats HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(20_000) + "\r\n");
        assertEquals(List.of(431), Raw.statuses(manyLines), manyLines);
    }

    @Test
    @DisplayName("[API-035,HTTP-005] malformed heads get 400 (or 505) with a plain-text reason and a close, never a hang")
    void malformedHeads() throws Exception {
        start();
        Map<String, Integer> cases = new TreeMap<>(Map.of(
                "GET /api/stats HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400,
                "GET /api/stats HTTP/1.1\nHost: x\n\n", 400,
                "GET /api/stats HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n", 400,
                "GET /api/stats HTTP/2.0\r\nHost: x\r\n\r\n", 505,
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505,
                "GET /api/stats HTTP/1.x\r\nHost: x\r\n\r\n", 400,
                "GET /api/stats\r\n\r\n", 400,
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", 400,
                "GET /api/sse?text=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400,
                "GET /api/st{ats HTTP/1.1\r\nHost: x\r\n\r\n", 400));
        for (Map.Entry<String, Integer> e : cases.entrySet()) {
            String got;
            try (Raw c = Raw.connect(server)) {
                c.send(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
                got = c.readToEof(3_000);
            }
            String what = Raw.EOF.equals(got) ? "nothing" : got;
            assertEquals(List.of(e.getValue()), Raw.statuses(got), e.getKey() + " -> " + what);
            assertEquals("text/plain; charset=utf-8", Raw.header(Raw.head(got), "content-type"), got);
            assertTrue(body(got).length() > 10, "a reason: " + got);
        }
    }

    @Test
    @DisplayName("[API-035] a client that half-closes after its request still gets the whole answer")
    void halfCloseAfterRequest() throws Exception {
        start();
        try (Raw c = Raw.connect(server)) {
            c.send(stats());
            c.shutdownOutput();
            String got = c.readToEof(WAIT_MS);
            assertEquals(List.of(200), Raw.statuses(got), got);
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
                throw new AssertionError(what + " within " + WAIT_MS + " ms; stats " + server.stats());
            }
            Thread.sleep(20);
        }
    }
}
