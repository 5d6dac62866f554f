package dev.ssekit.server.vertx;

import static dev.ssekit.server.vertx.VertxAdapterIT.eventually;
import static dev.ssekit.server.vertx.VertxAdapterIT.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SseServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adapter over HTTP/2: TLS with ALPN (h2 and http/1.1) and h2c by prior knowledge. The JDK's HttpClient speaks h2
 * here; raw sockets check what the strict HTTP/1.1 decoder still refuses and what the h2c preface gets.
 */
@Timeout(60)
class VertxHttp2IT {

    private static final String TOKEN = "t0ken";
    /** The request deadline of the h2c servers whose HTTP/1.1 side is tested here. */
    private static final long H2C_DEADLINE_MS = 1000;
    private static final String PROBE = "A\n 中😀👨‍👧";
    /** RFC 9113 8.2.2: malformed in HTTP/2. */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");
    /** The client preface (RFC 9113 3.4) and an empty SETTINGS frame. */
    private static final byte[] H2_PREFACE_AND_SETTINGS = concat(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    @TempDir
    static Path certs;

    private static ServerTls tls;
    private static VertxSseServer server;
    private static HttpClient h2;

    @BeforeAll
    static void start() {
        tls = ServerTls.selfSigned(certs);
        server = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withPublishToken(TOKEN).withTls(tls));
        h2 = client(HttpClient.Version.HTTP_2);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(tls.clientContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static URI uri(VertxSseServer s, String path) {
        return URI.create("https://127.0.0.1:" + s.port() + path);
    }

    private static HttpResponse<byte[]> get(HttpClient c, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---- the contract over h2 (TLS) ----

    @Test
    @DisplayName("[KIT-017,API-001,API-006,API-008,API-013] over TLS, ALPN h2: /api/sse sends the events and ids it sends over HTTP/1.1")
    void streamOverH2LikeHttp11() throws Exception {
        String path = "/api/sse?doc=probe&interval=0";
        HttpResponse<byte[]> over2 = get(h2, path);
        HttpResponse<byte[]> over11 = get(client(HttpClient.Version.HTTP_1_1), path);
        assertEquals(HttpClient.Version.HTTP_2, over2.version());
        assertEquals(HttpClient.Version.HTTP_1_1, over11.version());
        assertEquals(200, over2.statusCode());
        assertEquals("text/event-stream; charset=utf-8", over2.headers().firstValue("content-type").orElse(null));
        List<ParsedEvent> events = parse(over2.body());
        assertEquals(parse(over11.body()), events);
        assertEquals(9, events.size(), events::toString);
        assertEquals(PROBE, String.join("", events.subList(0, 8).stream().map(ParsedEvent::data).toList()));
        assertEquals("done", events.get(8).type());
        assertEquals("9", events.get(8).lastEventId());
    }

    @Test
    @DisplayName("[API-003,API-002] over h2 the stream has no Content-Length and no connection-specific header field")
    void noConnectionHeadersOverH2() throws Exception {
        HttpResponse<byte[]> r = get(h2, "/api/sse?doc=probe&interval=0", "Accept-Encoding", "gzip");
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals(200, r.statusCode());
        assertFalse(r.headers().firstValue("content-length").isPresent(), r.headers()::toString);
        assertFalse(r.headers().firstValue("content-encoding").isPresent(), r.headers()::toString);
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(null));
        assertNoConnectionSpecific(r.headers());
    }

    @Test
    @DisplayName("[API-031,API-035] over h2 a refusal that ends its exchange (413) carries no Connection: close, and the connection serves on")
    void refusalOverH2HasNoConnectionHeader() throws Exception {
        byte[] big = new byte[VertxSseServer.MAX_BODY_BYTES + 1];
        HttpResponse<byte[]> r = h2.send(HttpRequest.newBuilder(uri(server, "/api/feed"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals(413, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertNoConnectionSpecific(r.headers());
        assertEquals(200, get(h2, "/api/stats").statusCode());
    }

    @Test
    @DisplayName("[API-011,API-014,API-022] over h2: Last-Event-ID resumes after it, past the end gets 204, and CORS is granted")
    void resumeNoContentAndCorsOverH2() throws Exception {
        HttpResponse<byte[]> resumed = get(h2, "/api/sse?doc=probe&interval=0", "Last-Event-ID", "5",
                "Origin", "https://example.org");
        assertEquals(HttpClient.Version.HTTP_2, resumed.version());
        assertEquals("*", resumed.headers().firstValue("access-control-allow-origin").orElse(null));
        List<ParsedEvent> events = parse(resumed.body());
        assertEquals(List.of("6", "7", "8", "9"), events.stream().map(ParsedEvent::lastEventId).toList());
        HttpResponse<byte[]> done = get(h2, "/api/sse?doc=probe&interval=0", "Last-Event-ID", "9");
        assertEquals(HttpClient.Version.HTTP_2, done.version());
        assertEquals(204, done.statusCode());
        assertEquals(0, done.body().length);
        assertNoConnectionSpecific(done.headers());
    }

    @Test
    @DisplayName("[API-019,API-021] over h2 a published body reaches a subscriber on the same connection")
    void feedOverH2() throws Exception {
        String text = "hello 中😀";
        long before = server.stats().feedSubscribers();
        HttpResponse<InputStream> sub = h2.send(HttpRequest.newBuilder(uri(server, "/api/feed")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = sub.body()) {
            assertEquals(HttpClient.Version.HTTP_2, sub.version());
            eventually(() -> server.stats().feedSubscribers() == before + 1, "one more feed subscriber");
            HttpResponse<String> pub = h2.send(HttpRequest.newBuilder(uri(server, "/api/feed"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, pub.version());
            assertTrue(pub.statusCode() / 100 == 2, "publish: " + pub.statusCode() + " " + pub.body());
            Events got = new Events(in);
            got.until(es -> es.stream().anyMatch(e -> e.data().equals(text)));
        }
    }

    @Test
    @DisplayName("[API-016,API-017] a stream the client resets over h2 is released and gone from /api/stats, while another on the same connection keeps receiving")
    void resetStreamLeavesOthers() throws Exception {
        VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withTls(tls));
        try {
            String text = "x".repeat(4000);
            URI idle = uri(own, "/api/sse?doc=probe&interval=3600000");
            URI busy = uri(own, "/api/sse?interval=20&text=" + text);
            HttpResponse<InputStream> a = h2.send(HttpRequest.newBuilder(idle).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> b = h2.send(HttpRequest.newBuilder(busy).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(HttpClient.Version.HTTP_2, a.version());
            assertEquals(HttpClient.Version.HTTP_2, b.version());
            try (InputStream in = b.body()) {
                Events busyEvents = new Events(in);
                busyEvents.until(es -> es.size() >= 3);
                assertEquals(2, activeStreams(own), "both streams counted");
                a.body().close(); // RST_STREAM(CANCEL) for a, on the connection b uses
                eventually(() -> statsOverH2(own) == 1, "the reset stream gone from /api/stats");
                int seen = busyEvents.events.size();
                busyEvents.until(es -> es.size() >= seen + 5); // b goes on
                assertEquals(1, own.stats().activeStreams());
            }
            eventually(() -> own.stats().activeStreams() == 0 && own.stats().scheduledTasks() == 0,
                    "no stream and no task once both are gone");
        } finally {
            own.close();
        }
    }

    @Test
    @DisplayName("[API-013,API-016] a graceful close ends every h2 stream within the grace period")
    void gracefulCloseEndsH2Streams() throws Exception {
        VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withTls(tls)
                .withShutdownGraceMs(1_000));
        HttpClient c = client(HttpClient.Version.HTTP_2);
        List<InputStream> bodies = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(
                        uri(own, "/api/sse?doc=probe&interval=3600000")).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                bodies.add(r.body());
            }
            eventually(() -> own.stats().activeStreams() == 2, "two active streams");
            own.close();
            for (InputStream in : bodies) {
                in.readAllBytes(); // the stream ended (END_STREAM), not cut: no exception
            }
            assertEquals(0, own.stats().activeStreams());
        } finally {
            own.close();
            for (InputStream in : bodies) {
                in.close();
            }
        }
    }

    // ---- HTTP/1.1 over TLS keeps the strict decoder ----

    @Test
    @DisplayName("[HTTP-001,API-031,KIT-017] over TLS with ALPN http/1.1 the strict decoder still refuses Content-Length with Transfer-Encoding and closes")
    void http11OverTlsStaysStrict() throws Exception {
        try (SSLSocket s = (SSLSocket) tls.clientContext().getSocketFactory().createSocket()) {
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            assertEquals("http/1.1", s.getApplicationProtocol());
            String text = "POST /api/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String got = new String(readToEnd(s.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(got.startsWith("HTTP/1.1 400 "), got);
            assertTrue(got.toLowerCase(Locale.ROOT).contains("connection: close"), got);
            assertEquals(1, count(got, "HTTP/1.1 "), "the pipelined request is never answered: " + got);
        }
    }

    // ---- h2c ----

    @Test
    @DisplayName("[API-035,API-008,KIT-017] with h2c on, the HTTP/2 preface gets a SETTINGS frame; an Upgrade: h2c request is served over HTTP/1.1, as on a plain port")
    void h2cPriorKnowledge() throws Exception {
        try (VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withH2c(true));
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", own.port()), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(H2_PREFACE_AND_SETTINGS);
            out.flush();
            byte[] frame = s.getInputStream().readNBytes(9);
            assertEquals(9, frame.length, "a frame header");
            assertEquals(4, frame[3], "a SETTINGS frame first (RFC 9113 3.4), got type " + frame[3]);
            assertEquals(0, frame[5] | frame[6] | frame[7] | frame[8], "on stream 0");

            // The JDK client asks for h2c by Upgrade, which is not prior knowledge: an HTTP/1.1 connection is
            // HTTP/1.1 on an h2c port as on a plain one (the h2c streams are run by VertxH2cConformanceIT).
            HttpResponse<byte[]> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
                    HttpRequest.newBuilder(URI.create(own.baseUrl() + "/api/sse?doc=probe&interval=0"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            List<ParsedEvent> events = parse(r.body());
            assertEquals(9, events.size(), events::toString);
            assertEquals("done", events.get(8).type());
        }
    }

    @Test
    @DisplayName("[HTTP-001,API-031,KIT-017] with h2c on, the first request of an HTTP/1.1 connection meets the strict decoder: Content-Length with Transfer-Encoding gets 400 and a close, and the request pipelined after it is never answered")
    void h2cPortFirstRequestStrict() throws Exception {
        try (VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withH2c(true)
                        .withPublishToken(TOKEN).withRequestTimeoutMs(H2C_DEADLINE_MS));
                RawHttp c = RawHttp.connect(own.port(), 10_000)) {
            c.sendText("POST /api/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Received r = c.drain(5_000);
            assertEquals(List.of(400), r.statuses(), r::text);
            assertTrue(r.body().contains("Transfer-Encoding"), r::text);
            assertTrue(r.closed(), "the connection is closed after the refusal");
            assertEquals(0, own.stats().feedPublished(), "nothing was published");
        }
    }

    @Test
    @DisplayName("[API-024,KIT-017] with h2c on, requests pipelined in the first packet of a connection are all answered, in order")
    void h2cPortPipelinedFirstPacket() throws Exception {
        try (VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withH2c(true)
                        .withRequestTimeoutMs(H2C_DEADLINE_MS));
                RawHttp c = RawHttp.connect(own.port(), 10_000)) {
            String stats = "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            c.sendText(stats + "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + stats);
            RawHttp.Received r = c.drain(H2C_DEADLINE_MS + 3_000);
            assertEquals(List.of(200, 404, 200), r.statuses(), r::text);
        }
    }

    @ParameterizedTest(name = "[API-030,KIT-017] with h2c on, a connection that sends {0} gets 408 and a close at the deadline")
    @CsvSource(delimiter = '|', value = {
        "nothing|",
        "part of the HTTP/2 preface|PRI * HTTP/2.0\\r\\n",
        "half a request line|GET /api/sse?do",
    })
    @DisplayName("[API-030,KIT-017] with h2c on, a connection without a whole request or preface gets 408 and a close at the deadline")
    void h2cPortDeadline(String what, String partial) throws Exception {
        try (VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withH2c(true)
                        .withRequestTimeoutMs(H2C_DEADLINE_MS));
                RawHttp c = RawHttp.connect(own.port(), 10_000)) {
            if (partial != null) {
                c.sendText(partial.replace("\\r\\n", "\r\n"));
            }
            long t0 = System.nanoTime();
            RawHttp.Received r = c.drain(H2C_DEADLINE_MS + 3_000);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(List.of(408), r.statuses(), r::text);
            assertTrue(r.closed(), "closed after 408");
            assertTrue(tookMs >= H2C_DEADLINE_MS - 200, "not before the deadline: " + tookMs + " ms");
            eventually(() -> own.stats().requestsTimedOut() > 0, "requestsTimedOut counts it");
        }
    }

    @Test
    @DisplayName("[HTTP-009,API-035] without h2c the HTTP/2 preface gets the HTTP/1.1 refusal (505) and a close")
    void prefaceWithoutH2cRefused() throws Exception {
        try (VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0));
                Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", own.port()), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(H2_PREFACE_AND_SETTINGS);
            s.getOutputStream().flush();
            String got = new String(readToEnd(s.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(got.startsWith("HTTP/1.1 505 "), got);
        }
    }

    // ---- helpers ----

    /** An event stream read as it comes. */
    private static final class Events {
        private final InputStream in;
        private final List<ParsedEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final EventStreamParser parser = new EventStreamParser(events::add);

        Events(InputStream in) {
            this.in = in;
        }

        void until(java.util.function.Predicate<List<ParsedEvent>> done) throws IOException {
            byte[] buf = new byte[4096];
            while (!done.test(events)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("the stream ended early: " + events);
                }
                parser.feed(java.util.Arrays.copyOf(buf, n));
            }
        }
    }

    private static long activeStreams(VertxSseServer s) {
        return s.stats().activeStreams();
    }

    /** activeStreams as GET /api/stats says it, asked over h2 (the shared connection). */
    private static long statsOverH2(VertxSseServer s) {
        try {
            HttpResponse<String> r = h2.send(HttpRequest.newBuilder(uri(s, "/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            Matcher m = Pattern.compile("\"activeStreams\"\\s*:\\s*(\\d+)").matcher(r.body());
            assertTrue(m.find(), r.body());
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertNoConnectionSpecific(HttpHeaders headers) {
        for (String name : headers.map().keySet()) {
            assertFalse(CONNECTION_SPECIFIC.contains(name.toLowerCase(Locale.ROOT)),
                    "connection-specific header field over h2: " + name + " in " + headers);
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer: what came before it is what counts
        }
        return all.toByteArray();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
