package dev.ssekit.server.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.server.SseServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a careless or hostile client does to the Vert.x adapter (contract.md, "Hostile clients"), over raw sockets on
 * loopback, bounded in count and time.
 */
@Timeout(60)
class VertxHostileClientsIT {

    private static final String TOKEN = "t0ken";
    private static final long DEADLINE_MS = 1000;
    private static final int BIG_FILE_BYTES = 1_600_000;
    /** Near the docs limit (8 MiB) and larger than what the kernel buffers for a socket (4 MiB here). */
    private static final int HUGE_FILE_BYTES = 8_000_000;

    @TempDir
    static Path docs;

    private static byte[] bigFile;
    private static VertxSseServer server;

    @BeforeAll
    static void start() throws IOException {
        bigFile = new byte[BIG_FILE_BYTES];
        new Random(7).nextBytes(bigFile);
        Files.write(docs.resolve("big.bin"), bigFile);
        Files.write(docs.resolve("huge.bin"), new byte[HUGE_FILE_BYTES]);
        Files.writeString(docs.resolve("index.html"), "<p>docs</p>\n");
        server = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withPublishToken(TOKEN)
                .withRequestTimeoutMs(DEADLINE_MS).withDocsRoot(docs));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RawHttp connect() throws IOException {
        return RawHttp.connect(server.port(), 10_000);
    }

    private static String host() {
        return "Host: 127.0.0.1:" + server.port() + "\r\n";
    }

    private static String publish(String framing, String body) {
        return "POST /api/feed HTTP/1.1\r\n" + host() + "Authorization: Bearer " + TOKEN + "\r\n"
                + "Content-Type: text/plain\r\n" + framing + "\r\n" + body;
    }

    private static String statsRequest() {
        return "GET /api/stats HTTP/1.1\r\n" + host() + "\r\n";
    }

    // ---- request framing (API-031, HTTP-001..003) ----

    @Test
    @DisplayName("[HTTP-001,API-031] Content-Length with Transfer-Encoding: chunked gets 400 and a close; the request pipelined after it is never answered")
    void contentLengthWithChunked() throws IOException {
        long published = server.stats().feedPublished();
        try (RawHttp c = connect()) {
            c.sendText(publish("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")
                    + statsRequest());
            RawHttp.Received r = c.drain(5_000);
            assertEquals(List.of(400), r.statuses(), r::text);
            assertTrue(r.body().contains("Transfer-Encoding"), r::text);
            assertTrue(r.closed(), "the connection is closed after the refusal");
        }
        assertEquals(published, server.stats().feedPublished(), "nothing was published");
    }

    @ParameterizedTest(name = "[API-031,HTTP-002] Transfer-Encoding: {0} ({1}) gets {2} and a close")
    @CsvSource(delimiter = '|', value = {
        "xchunked|Content-Length: 5|400",
        "'chunked, identity'||400",
        "chunked||411",
        "'chunked, chunked'||400",
    })
    @DisplayName("[API-031,HTTP-002] a request with Transfer-Encoding is refused before its body, and nothing after it is read")
    void transferEncodingRefused(String coding, String length, int status) throws IOException {
        long published = server.stats().feedPublished();
        String framing = "Transfer-Encoding: " + coding + "\r\n" + (length == null ? "" : length + "\r\n");
        try (RawHttp c = connect()) {
            c.sendText(publish(framing, "5\r\nhello\r\n0\r\n\r\n") + statsRequest());
            RawHttp.Received r = c.drain(5_000);
            assertEquals(List.of(status), r.statuses(), r::text);
            assertTrue(r.head().toLowerCase(Locale.ROOT).contains("content-type: text/plain"), r::text);
            assertTrue(r.closed(), "the connection is closed after the refusal");
        }
        assertEquals(published, server.stats().feedPublished(), "nothing was published");
    }

    @Test
    @DisplayName("[API-031,API-035] a client still sending the body of a refused request can send it all and then read the refusal")
    void refusedWhileSending() throws IOException, InterruptedException {
        try (RawHttp c = connect()) {
            c.sendText(publish("Transfer-Encoding: chunked\r\n", ""));
            Thread.sleep(200); // the refusal is sent meanwhile; the client, uploading, does not look yet
            byte[] chunk = ("8000\r\n" + "x".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 32; i++) { // 1 MiB, in pieces
                c.sendRaw(chunk);
                Thread.sleep(2);
            }
            RawHttp.Received r = c.drain(5_000);
            assertEquals(List.of(411), r.statuses(), r::text);
            assertTrue(r.closed(), "the connection ends after the refusal");
        }
    }

    @Test
    @DisplayName("[HTTP-004] an HTTP/1.1 request without Host, or with two, gets 400; HTTP/1.0 needs none")
    void hostChecked() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText("GET /api/stats HTTP/1.1\r\n\r\n").drain(DEADLINE_MS / 2);
            assertEquals(List.of(400), r.statuses(), r::text);
            assertTrue(r.body().contains("Host"), r::text);
        }
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText("GET /api/stats HTTP/1.1\r\n" + host() + "Host: evil.example\r\n\r\n")
                    .drain(DEADLINE_MS / 2);
            assertEquals(List.of(400), r.statuses(), r::text);
        }
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText("GET /api/stats HTTP/1.0\r\n\r\n").drain(5_000);
            assertEquals(List.of(200), r.statuses(), r::text);
        }
    }

    // ---- Expect: 100-continue (HTTP-006) ----

    @Test
    @DisplayName("[HTTP-006] Expect: 100-continue gets 100 Continue once the head is admitted, then the answer after the body")
    void continueBeforeBody() throws IOException, InterruptedException {
        try (RawHttp c = connect()) {
            c.sendText(publish("Content-Length: 5\r\nExpect: 100-continue\r\n", ""));
            RawHttp.Received interim = c.drain(300);
            assertEquals(List.of(100), interim.statuses(), interim::text);
            c.sendText("hello");
            c.readHead();
            assertEquals(202, c.status);
        }
    }

    @ParameterizedTest(name = "[HTTP-006] {0}: {2} without 100 Continue")
    @CsvSource(delimiter = '|', value = {
        "a wrong token|Authorization: Bearer wrong|5|403",
        "a body over 64 KiB|Authorization: Bearer " + TOKEN + "|70000|413",
    })
    @DisplayName("[HTTP-006] a head refused as it is gets its final status at once, without 100 Continue")
    void refusedWithoutContinue(String what, String auth, int length, int status) throws IOException {
        try (RawHttp c = connect()) {
            c.sendText("POST /api/feed HTTP/1.1\r\n" + host() + auth + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + length + "\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Received r = c.drain(DEADLINE_MS / 2);
            assertEquals(List.of(status), r.statuses(), r::text);
        }
    }

    // ---- HTTP/1.0 (HTTP-008) ----

    @ParameterizedTest(name = "[HTTP-008,API-035] HTTP/1.0 {0}: the whole stream, no Transfer-Encoding, ended by a close")
    @CsvSource(delimiter = '|', value = {"without keep-alive|", "with keep-alive|Connection: keep-alive"})
    @DisplayName("[HTTP-008,API-035] an HTTP/1.0 stream comes without Transfer-Encoding and ends by a close")
    void http10Stream(String what, String connection) throws IOException {
        try (RawHttp c = connect()) {
            c.sendText("GET /api/sse?doc=probe&interval=0 HTTP/1.0\r\n" + (connection == null ? "" : connection + "\r\n")
                    + "\r\n");
            RawHttp.Received r = c.drain(5_000);
            assertEquals(List.of(200), r.statuses(), r::text);
            Map<String, String> h = headers(r.firstHead());
            assertNull(h.get("transfer-encoding"), r::head);
            assertNull(h.get("content-length"), r::head);
            assertFalse("keep-alive".equalsIgnoreCase(h.get("connection")), r::head);
            assertTrue(r.body().contains("event: done"), r::text);
            assertTrue(r.closed(), "the stream ends by closing the connection");
        }
    }

    @Test
    @DisplayName("[HTTP-008,API-035] GET /api/feed over HTTP/1.0 gets its head at once, without Transfer-Encoding")
    void http10Feed() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText("GET /api/feed HTTP/1.0\r\n\r\n").drain(1_000);
            assertEquals(List.of(200), r.statuses(), r::text);
            assertNull(headers(r.firstHead()).get("transfer-encoding"), r::head);
            assertTrue(r.body().contains("retry:"), r::text);
        }
    }

    // ---- HEAD (HTTP-007) ----

    @ParameterizedTest(name = "[HTTP-007] HEAD {0}")
    @CsvSource({"/api/sse?doc=probe&interval=0", "/api/feed", "/api/stats", "/", "/docs/big.bin"})
    @DisplayName("[HTTP-007] HEAD gets GET's status and header fields and no content; the connection goes on")
    void headLikeGet(String target) throws IOException {
        Map<String, String> get;
        try (RawHttp c = connect()) {
            c.sendText("GET " + target + " HTTP/1.1\r\n" + host() + "\r\n").readHead();
            get = new TreeMap<>(flat(c.headers));
            get.put("status", Integer.toString(c.status));
        }
        try (RawHttp c = connect()) {
            // A second request on the same connection: answered only if the HEAD response carried no content.
            RawHttp.Received r = c.sendText("HEAD " + target + " HTTP/1.1\r\n" + host() + "\r\n" + statsRequest())
                    .drain(DEADLINE_MS / 2);
            assertEquals(List.of(get.get("status"), "200"),
                    r.statuses().stream().map(String::valueOf).toList(), r::text);
            Map<String, String> head = new TreeMap<>(headers(r.firstHead()));
            head.put("status", get.get("status"));
            for (String ignored : List.of("date", "content-length", "connection")) {
                get.remove(ignored);
                head.remove(ignored);
            }
            assertEquals(get, head);
            assertTrue(r.body().startsWith("HTTP/1.1 200"), "no content after the HEAD response: " + r.text());
        }
        assertEquals(0, server.stats().activeStreams(), "HEAD opened no stream");
    }

    @ParameterizedTest(name = "[HTTP-007,API-033] HEAD {0} says Content-Length {1}")
    @CsvSource({"/docs/big.bin, " + BIG_FILE_BYTES, "/docs/index.html, 12"})
    @DisplayName("[HTTP-007,API-033] HEAD of a file or a complete response carries GET's Content-Length")
    void headContentLength(String target, long length) throws IOException {
        try (RawHttp c = connect()) {
            c.sendText("HEAD " + target + " HTTP/1.1\r\n" + host() + "\r\n").readHead();
            assertEquals(200, c.status);
            assertEquals(Long.toString(length), c.header("content-length"));
        }
        try (RawHttp c = connect()) {
            c.sendText("GET /api/info HTTP/1.1\r\n" + host() + "\r\n").readHead();
            String getLength = c.header("content-length");
            c.sendText("HEAD /api/info HTTP/1.1\r\n" + host() + "\r\n");
            c.readBody();
            c.readHead();
            assertEquals(getLength, c.header("content-length"));
        }
    }

    // ---- files (API-033) ----

    @Test
    @DisplayName("[API-033,API-028] a file under /docs/ comes whole, with its Content-Length")
    void fileSent() throws IOException {
        try (RawHttp c = connect()) {
            c.sendText("GET /docs/big.bin HTTP/1.1\r\n" + host() + "\r\n").readHead();
            assertEquals(200, c.status);
            assertEquals(Integer.toString(BIG_FILE_BYTES), c.header("content-length"));
            assertTrue(Arrays.equals(bigFile, c.readBody()), "the file's bytes");
        }
    }

    @Test
    @DisplayName("[API-033] 20 clients that ask for an 8 MB file and never read hold far less than the file each")
    void stalledFileReadersHoldLittle() throws IOException, InterruptedException {
        int clients = 20;
        long before = memoryInUse();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                s.getOutputStream().write(("GET /docs/huge.bin HTTP/1.1\r\n" + host() + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(s);
            }
            for (Socket s : sockets) {
                s.setSoTimeout(5_000);
                byte[] start = s.getInputStream().readNBytes(12); // the status line begins; nothing more is read
                assertEquals("HTTP/1.1 200", new String(start, StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(1_000);
            long perClient = (memoryInUse() - before) / clients;
            assertTrue(perClient < 128 * 1024, "each stalled client holds " + perClient + " bytes");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    // ---- the request deadline (API-030) ----

    @ParameterizedTest(name = "[API-030] {0} gets 408 and a close at the deadline")
    @CsvSource(delimiter = '|', value = {
        "nothing|",
        "half a request line|GET /api/sse?do",
        "half a header section|GET /api/stats HTTP/1.1\\r\\nHost: x\\r\\nAccept: text/ev",
        "a body short of its length|POST /api/feed HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer t0ken\\r\\nContent-Length: 100\\r\\n\\r\\nonly ten b",
    })
    @DisplayName("[API-030] a connection without a whole request gets 408 and a close at the deadline, counted")
    void deadline(String what, String partial) throws IOException {
        long timedOut = server.stats().requestsTimedOut();
        try (RawHttp c = connect()) {
            if (partial != null) {
                c.sendText(partial.replace("\\r\\n", "\r\n"));
            }
            long t0 = System.nanoTime();
            RawHttp.Received r = c.drain(DEADLINE_MS + 3_000);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(408), r.statuses(), r::text);
            assertTrue(r.head().contains("text/plain"), r::head);
            assertTrue(r.closed(), "closed after 408");
            assertTrue(tookMs >= DEADLINE_MS - 200, "not before the deadline: " + tookMs + " ms");
        }
        eventually(() -> server.stats().requestsTimedOut() > timedOut, "requestsTimedOut counts it");
    }

    @Test
    @DisplayName("[API-030] a keep-alive connection with no next request is closed at the deadline, without a second response")
    void idleKeepAliveClosed() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText(statsRequest()).drain(DEADLINE_MS + 3_000);
            assertEquals(List.of(200), r.statuses(), r::text);
            assertTrue(r.closed(), "closed at the deadline");
        }
    }

    @Test
    @DisplayName("[API-030] an open event stream outlives the request deadline")
    void streamOutlivesDeadline() throws IOException {
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText("GET /api/sse?doc=probe&interval=300 HTTP/1.1\r\n" + host() + "\r\n")
                    .drain(DEADLINE_MS + 5_000);
            assertEquals(List.of(200), r.statuses(), r::text);
            assertTrue(r.text().contains("event: done"), "the stream ran to its end: " + r.text());
        }
    }

    @Test
    @DisplayName("[API-030,API-017] 300 connections holding half a request are all closed at the deadline, while a normal request is answered")
    void manySlowHeads() throws IOException, InterruptedException {
        long timedOut = server.stats().requestsTimedOut();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                s.getOutputStream().write("GET /api/sse?do".getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(s);
            }
            try (RawHttp c = connect()) {
                c.sendText(statsRequest()).readHead();
                assertEquals(200, c.status);
            }
            long until = System.nanoTime() + (DEADLINE_MS + 3_000) * 1_000_000;
            for (Socket s : sockets) {
                s.setSoTimeout((int) Math.max(1, (until - System.nanoTime()) / 1_000_000));
                byte[] all = s.getInputStream().readAllBytes(); // to the close
                assertTrue(new String(all, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 408"));
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        eventually(() -> server.stats().requestsTimedOut() >= timedOut + 300, "all 300 counted");
    }

    // ---- malformed requests and limits (HTTP-005, HTTP-009, API-035) ----

    @DisplayName("[HTTP-009,HTTP-005,API-035] a malformed or oversized head gets an error status with a plain-text reason and a close")
    @ParameterizedTest(name = "[HTTP-009,HTTP-005,API-035] {0}: {2} with a plain-text reason and a close")
    @CsvSource(delimiter = '|', value = {
        "a request line over 64 KiB|line|414",
        "a header section over the limit|header|431",
        "whitespace before a colon|GET /api/stats HTTP/1.1\\r\\nHost: x\\r\\nContent-Length : 5\\r\\n\\r\\nhello|400",
        "a NUL in a header value|GET /api/stats HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\u0000b\\r\\n\\r\\n|400",
        "version HTTP/1.x|GET /api/stats HTTP/1.x\\r\\nHost: x\\r\\n\\r\\n|400",
        "version HTTP/2.0|GET /api/stats HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n|505",
        "the HTTP/2 preface|PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n|505",
    })
    void malformed(String what, String request, int status) throws IOException {
        String text = switch (request) {
            case "line" -> "GET /api/stats?" + "a".repeat(100 * 1024) + " HTTP/1.1\r\n" + host() + "\r\n";
            case "header" -> "GET /api/stats HTTP/1.1\r\n" + host() + "X-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n";
            default -> request.replace("\\r\\n", "\r\n");
        };
        try (RawHttp c = connect()) {
            RawHttp.Received r = c.sendText(text).drain(5_000);
            assertEquals(List.of(status), r.statuses(), r::text);
            assertTrue(r.text().startsWith("HTTP/1.1 "), "an HTTP/1.1 status line: " + r.head());
            Map<String, String> h = headers(r.firstHead());
            assertEquals("text/plain; charset=utf-8", h.get("content-type"), r::head);
            assertEquals("no-store", h.get("cache-control"), r::head);
            assertTrue(r.body().strip().length() > 10, "a reason: " + r.text());
            assertTrue(r.closed(), "closed after the answer");
        }
    }

    // ---- slow readers (API-032, API-024) ----

    @Test
    @DisplayName("[API-032,API-024] a feed subscriber dropped as slow loses its connection at once")
    void slowSubscriberLosesConnection() throws IOException, InterruptedException {
        long dropped = server.stats().slowClientsDropped();
        List<Socket> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                s.getOutputStream().write(("GET /api/feed HTTP/1.1\r\n" + host() + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                subscribers.add(s);
            }
            eventually(() -> server.stats().feedSubscribers() >= 3, "three subscribers");
            // Paced, so that what is queued piles up in the kernel and then in Netty, as with a client that stopped
            // reading, before the backlog bound drops the subscriber.
            String event = "x".repeat(8192);
            for (int i = 0; i < 3_000 && server.stats().slowClientsDropped() < dropped + 3; i++) {
                server.publish(event);
                Thread.sleep(1);
            }
            assertTrue(server.stats().slowClientsDropped() >= dropped + 3, "all three dropped");
            for (Socket s : subscribers) {
                assertClosedWithin(s, 3_000);
            }
        } finally {
            for (Socket s : subscribers) {
                s.close();
            }
        }
    }

    @Test
    @DisplayName("[API-024,API-035] a client that pipelines 30,000 requests and does not read holds bounded memory, then gets every answer in order")
    void stalledPipelineBounded() throws IOException, InterruptedException {
        int requests = 30_000;
        String one = "GET /api/info HTTP/1.1\r\n" + host() + "\r\n";
        pipeline(one, 2_000); // the buffer pools are warm: what is measured below is what the connection holds
        String before = ChildServer.memory();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(one.repeat(requests).getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the reader below reports what is missing
                }
            });
            writer.start();
            Thread.sleep(2_000);
            String stalled = ChildServer.memory();
            long heap = value(stalled, "heap") - value(before, "heap");
            long all = heap + value(stalled, "direct") - value(before, "direct");
            // Decoded requests are objects on the heap; the direct side moves by whole pool chunks (1 MiB).
            assertTrue(heap < 256 * 1024 && all < 4 * 1024 * 1024,
                    "a stalled pipeline holds " + heap + " bytes of heap, " + all + " in all");
            s.setSoTimeout(10_000);
            int answered = countStatusLines(s, "HTTP/1.1 200 OK\r\n", requests);
            assertEquals(requests, answered);
            writer.join(10_000);
        }
    }

    /** Reads until {@code n} status lines {@code line} have come (in order, nothing else between) or the stream ends. */
    private static int countStatusLines(Socket s, String line, int n) throws IOException {
        byte[] want = line.getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        StringBuilder carry = new StringBuilder();
        int seen = 0;
        while (seen < n) {
            int r = in.read(buf);
            if (r < 0) {
                break;
            }
            carry.append(new String(buf, 0, r, StandardCharsets.ISO_8859_1));
            int at;
            while ((at = carry.indexOf(line)) >= 0) {
                seen++;
                carry.delete(0, at + want.length);
            }
            if (carry.length() > want.length) {
                carry.delete(0, carry.length() - want.length);
            }
        }
        return seen;
    }

    /** Pipelines {@code n} requests on one connection and reads every answer. */
    private static void pipeline(String request, int n) throws IOException {
        try (RawHttp c = connect()) {
            c.sendText(request.repeat(n));
            for (int i = 0; i < n; i++) {
                c.readHead();
                c.readBody();
            }
        }
    }

    /** The server's end is gone: writing to it fails (reset), without reading what it had queued. */
    private static void assertClosedWithin(Socket s, long ms) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < until) {
            try {
                s.getOutputStream().write('x');
                s.getOutputStream().flush();
            } catch (IOException e) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the server still holds the connection " + ms + " ms after dropping it");
    }

    // ---- helpers ----

    private static long memoryInUse() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        String m = ChildServer.memory();
        return value(m, "heap") + value(m, "direct");
    }

    private static long value(String memory, String key) {
        for (String part : memory.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException(memory);
    }

    /** The header fields of a response head, names lower-cased, repeated fields joined with a comma. */
    static Map<String, String> headers(ResponseHead head) {
        Map<String, String> h = new TreeMap<>();
        if (head != null) {
            head.fields().forEach(f -> h.merge(f.getKey().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + "," + b));
        }
        return h;
    }

    private static Map<String, String> flat(Map<String, List<String>> headers) {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k, String.join(",", v)));
        return h;
    }

    static void eventually(BooleanSupplier condition, String what) {
        VertxAdapterIT.eventually(condition, what);
    }
}
