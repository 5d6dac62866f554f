package dev.ssekit.server.undertow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SseServerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract over HTTP/2: h2 over TLS (ALPN), HTTP/1.1 over TLS, and h2c with prior knowledge. */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class UndertowHttp2IT {

    private static final String TOKEN = "t0ken";
    private static final long WAIT_MS = 10_000;
    /** RFC 9113 8.2.2 (and Proxy-Connection, which RFC 9113 names too). */
    private static final List<String> CONNECTION_SPECIFIC = List.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    @TempDir
    static Path certificates;
    private static ServerTls tls;

    private UndertowSseServer server;
    private HttpClient client;

    @BeforeAll
    static void certificate() {
        tls = ServerTls.selfSigned(certificates);
    }

    private void start(SseServerConfig config, Version version) {
        server = UndertowSseServer.start(config.withHost("127.0.0.1").withPort(0).withPublishToken(TOKEN));
        client = HttpClient.newBuilder().version(version).sslContext(tls.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void startTls(Version version) {
        start(SseServerConfig.defaults().withTls(tls), version);
    }

    @AfterEach
    void stop() {
        client = null; // Java 17's HttpClient has no close; closing the server ends its connections
        if (server != null) {
            server.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofMillis(WAIT_MS));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<InputStream> open(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    @DisplayName("[KIT-017,API-001,API-005,API-006,API-013] over h2 with TLS, /api/sse sends the same events and ids as over HTTP/1.1, then done")
    void streamOverH2() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<String> r = get("/api/sse?doc=probe&interval=0");
        assertEquals(Version.HTTP_2, r.version());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(null));
        String body = r.body();
        assertTrue(body.startsWith("retry: 1000\n\nid: 1\n"), body);
        for (int id = 1; id <= 8; id++) {
            assertTrue(body.contains("id: " + id + "\n"), "id " + id + " in " + body);
        }
        assertTrue(body.endsWith("id: 9\nevent: done\ndata:\n\n"), body);
        awaitIdle();
    }

    @Test
    @DisplayName("[KIT-017,API-011,API-014] over h2, Last-Event-ID resumes after the given piece, and past the end gets 204")
    void resumeAndNoContentOverH2() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<String> resumed = get("/api/sse?doc=probe&interval=0", "Last-Event-ID", "6");
        assertEquals(Version.HTTP_2, resumed.version());
        assertTrue(resumed.body().startsWith("retry: 1000\n\nid: 7\n"), resumed.body());
        assertFalse(resumed.body().contains("id: 6\n"), resumed.body());
        HttpResponse<String> done = get("/api/sse?doc=probe&interval=0", "Last-Event-ID", "9");
        assertEquals(Version.HTTP_2, done.version());
        assertEquals(204, done.statusCode());
        assertEquals("", done.body());
        assertTrue(done.headers().firstValue("content-length").isEmpty(), done.headers().toString());
    }

    @Test
    @DisplayName("[KIT-017,API-022] over h2, a request with an Origin gets Access-Control-Allow-Origin: *")
    void corsOverH2() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<String> r = get("/api/sse?doc=probe&interval=0", "Origin", "https://example.test");
        assertEquals(Version.HTTP_2, r.version());
        assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null), r.headers().toString());
    }

    @Test
    @DisplayName("[KIT-017,API-003,API-004] over h2, the stream's head has no connection-specific field and no Content-Length")
    void noConnectionSpecificFieldsOverH2() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<InputStream> r = open("/api/sse?doc=probe&interval=3600000");
        assertEquals(Version.HTTP_2, r.version());
        try (InputStream in = r.body()) {
            assertTrue(readUntil(in, "id: 1\n").contains("data: A\n"));
            HttpHeaders h = r.headers();
            for (String name : CONNECTION_SPECIFIC) {
                assertTrue(h.allValues(name).isEmpty(), name + " in " + h.map());
            }
            assertTrue(h.firstValue("content-length").isEmpty(), h.map().toString());
        }
    }

    @Test
    @DisplayName("[KIT-017,API-019,API-021] over h2, an event published to the feed reaches a subscriber on the same connection")
    void feedOverH2() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<InputStream> sub = open("/api/feed");
        assertEquals(Version.HTTP_2, sub.version());
        try (InputStream in = sub.body()) {
            awaitTrue(() -> server.stats().feedSubscribers() == 1, "one feed subscriber");
            HttpResponse<String> posted = client.send(HttpRequest.newBuilder(uri("/api/feed"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("hello over h2")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(Version.HTTP_2, posted.version());
            assertEquals(202, posted.statusCode(), posted.body());
            assertTrue(readUntil(in, "data: hello over h2\n").contains("id: 1\n"));
        }
    }

    @Test
    @DisplayName("[KIT-017,API-016,API-017] over h2, a stream the client resets is released and counted gone, while another on the same connection goes on")
    void resetStreamLeavesTheOthers() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<InputStream> kept = open("/api/feed");
        HttpResponse<InputStream> reset = open("/api/sse?doc=tutorial&interval=3600000");
        assertEquals(Version.HTTP_2, kept.version());
        assertEquals(Version.HTTP_2, reset.version());
        try (InputStream keptIn = kept.body()) {
            readUntil(reset.body(), "id: 1\n");
            awaitTrue(() -> server.stats().activeStreams() == 2, "two streams open");
            reset.body().close(); // RST_STREAM (CANCEL) for this stream only
            awaitTrue(() -> server.stats().activeStreams() == 1 && server.openStreams() == 1,
                    "the reset stream released and counted gone");
            HttpResponse<String> stats = get("/api/stats");
            assertEquals(Version.HTTP_2, stats.version());
            assertTrue(stats.body().contains("\"activeStreams\":1"), stats.body());
            server.publish("still here");
            assertTrue(readUntil(keptIn, "data: still here\n").contains("id: 1\n"));
        }
        awaitIdle();
    }

    @Test
    @DisplayName("[KIT-017,API-019] over h2 with TLS, a publish whose body spans several TLS records (60 KiB) is accepted")
    void largeBodyOverTls() throws Exception {
        startTls(Version.HTTP_2);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/api/feed"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[60 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(Version.HTTP_2, r.version());
        assertEquals(202, r.statusCode(), r.body());
    }

    @Test
    @DisplayName("[KIT-017,API-035] over h2, a body over the limit gets 413 on its stream, with or without Content-Length, and the connection serves the next request")
    void bodyTooLargeOverH2() throws Exception {
        startTls(Version.HTTP_2);
        byte[] big = new byte[200 * 1024];
        HttpResponse<String> known = client.send(HttpRequest.newBuilder(uri("/api/feed"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(Version.HTTP_2, known.version());
        assertEquals(413, known.statusCode(), known.body());
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(uri("/api/feed"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, unknown.statusCode(), unknown.body());
        HttpResponse<String> next = get("/api/stats");
        assertEquals(Version.HTTP_2, next.version());
        assertEquals(200, next.statusCode());
    }

    @Test
    @DisplayName("[KIT-017,API-031] ALPN http/1.1 over TLS keeps the gate: a chunked request body gets 411 and a close")
    void http11OverTlsKeepsTheGate() throws Exception {
        startTls(Version.HTTP_1_1);
        HttpResponse<String> ok = get("/api/sse?doc=probe&interval=0");
        assertEquals(Version.HTTP_1_1, ok.version());
        assertTrue(ok.body().endsWith("id: 9\nevent: done\ndata:\n\n"), ok.body());
        // An unknown length goes out chunked over HTTP/1.1.
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri("/api/feed"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[] {'x'}))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(Version.HTTP_1_1, chunked.version());
        assertEquals(411, chunked.statusCode(), chunked.body());
        assertEquals("close", chunked.headers().firstValue("connection").orElse(null));
    }

    @Test
    @DisplayName("[KIT-017] h2c: a plain connection that opens with the HTTP/2 preface is answered with an HTTP/2 SETTINGS frame")
    void h2cPriorKnowledge() throws Exception {
        start(SseServerConfig.defaults().withH2c(true), Version.HTTP_2);
        byte[] frame = prefaceAndSettings(server.port());
        assertEquals(4, frame[3], "frame type SETTINGS expected, got " + frame[3]);
        assertEquals(0, frame[4] & 1, "the server's own SETTINGS, not an ACK");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(frame, 5, 9), "on stream 0");
    }

    @Test
    @DisplayName("[KIT-017,HTTP-009] h2c: an HTTP/1.1 request on an h2c port still goes through the gate's strict head reading")
    void h2cPortStillSpeaksHttp11() throws Exception {
        start(SseServerConfig.defaults().withH2c(true), Version.HTTP_2);
        try (Raw c = Raw.connect(server)) {
            c.send("GET /api/stats HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
            String got = c.readUntil(s -> s.endsWith(Raw.EOF), WAIT_MS);
            assertTrue(got.startsWith("HTTP/1.1 400 "), got);
        }
        try (Raw c = Raw.connect(server)) {
            c.send("PRINT /api/stats HTTP/1.1\r\nHost: x\r\n\r\n");
            String got = c.readUntil(s -> s.contains("\r\n\r\n"), WAIT_MS);
            assertTrue(got.startsWith("HTTP/1.1 405 ") || got.startsWith("HTTP/1.1 501 "), got);
        }
    }

    // ---- helpers ----

    /** Writes the client preface and an empty SETTINGS frame; returns the first frame header the server sends. */
    private static byte[] prefaceAndSettings(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT_MS);
            s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            s.getOutputStream().flush();
            byte[] header = s.getInputStream().readNBytes(9);
            assertEquals(9, header.length, "the server closed instead of answering with a frame");
            return header;
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!got.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                throw new AssertionError("the stream ended before " + marker.strip() + ": " + got);
            }
            got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    private void awaitIdle() throws InterruptedException {
        awaitTrue(() -> server.stats().activeStreams() == 0 && server.stats().scheduledTasks() == 0
                && server.openStreams() == 0, "activeStreams and scheduledTasks return to 0");
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
}
