package dev.ssekit.server.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only the adapter decides: framing, flushing, close detection, body limits and shutdown. */
@Timeout(60)
class VertxAdapterIT {

    /** Long enough that no piece is due while a test looks at the opening. */
    private static final String IDLE = "/api/sse?doc=probe&interval=3600000";
    private static final String PROBE = "A\n 中😀👨‍👧";

    private static final String TOKEN = "t0ken";

    private static VertxSseServer server;

    @BeforeAll
    static void start() {
        server = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withPublishToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("[API-004,API-005] status, headers and the retry opening arrive before the first piece is due")
    void headersFlushedBeforeFirstEvent() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get(IDLE).readHead();
            assertEquals(200, c.status);
            assertEquals("text/event-stream; charset=utf-8", c.header("content-type"));
            String first = new String(c.readSome(), StandardCharsets.UTF_8);
            assertTrue(first.startsWith("retry: "), first);
        }
    }

    @Test
    @DisplayName("[API-003,API-008,API-013] a stream is chunked, with no Content-Length and no compression, and ends with done")
    void chunkedWithoutLengthOrCompression() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get("/api/sse?doc=probe&interval=0", "Accept-Encoding: gzip, deflate, br").readHead();
            assertEquals(200, c.status);
            assertEquals("chunked", c.header("transfer-encoding"));
            assertNull(c.header("content-length"));
            assertNull(c.header("content-encoding"));
            List<ParsedEvent> events = parse(c.readBody()); // to the last chunk
            assertEquals(9, events.size(), events::toString);
            assertEquals(PROBE, events.subList(0, 8).stream().map(ParsedEvent::data).collect(Collectors.joining()));
            assertEquals("done", events.get(8).type());
            assertEquals("9", events.get(8).lastEventId());
        }
    }

    @Test
    @DisplayName("[API-001,API-008] java.net.http, which asks for h2c, gets the whole stream over HTTP/1.1")
    void javaHttpClientGetsStream() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/sse?doc=probe&interval=0")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElse(null));
        assertTrue(r.headers().firstValue("content-length").isEmpty());
        List<ParsedEvent> events = parse(r.body());
        assertEquals(PROBE, events.subList(0, 8).stream().map(ParsedEvent::data).collect(Collectors.joining()));
    }

    @Test
    @DisplayName("[API-003,API-009] a complete response carries its Content-Length and is not compressed")
    void fullResponseHasLength() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get("/api/sse?interval=-1", "Accept-Encoding: gzip").readHead();
            assertEquals(400, c.status);
            assertNull(c.header("content-encoding"));
            byte[] body = c.readBody();
            assertTrue(body.length > 0);
            assertTrue(new String(body, StandardCharsets.UTF_8).contains("interval"));
        }
    }

    @ParameterizedTest(name = "[API-016] interval={0}: a client that disconnects leaves no stream and no task")
    @ValueSource(longs = {3_600_000, 20})
    @DisplayName("[API-016] a client that disconnects leaves no stream and no task")
    void clientDisconnectIsDetected(long interval) throws IOException {
        RawHttp c = RawHttp.connect(server.port(), 10_000);
        c.get("/api/sse?doc=probe&interval=" + interval).readHead();
        c.readSome();
        eventually(() -> server.stats().activeStreams() == 1, "one active stream");
        c.close();
        eventually(() -> server.stats().activeStreams() == 0, "no active stream after the client left");
        eventually(() -> server.stats().scheduledTasks() == 0, "no scheduled task after the client left");
    }

    @Test
    @DisplayName("[API-018] dropAfter closes the connection after the events, without the last chunk")
    void abortDropsConnection() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get("/api/sse?doc=probe&interval=0&dropAfter=2").readHead();
            EOFException eof = assertThrows(EOFException.class, c::readBody, "dropped: the last chunk never comes");
            List<ParsedEvent> events = parse(c.bodySoFar());
            assertEquals(List.of("A", "\n"), events.stream().map(ParsedEvent::data).toList(), eof::toString);
        }
        eventually(() -> server.stats().activeStreams() == 0, "no active stream after the drop");
    }

    @Test
    @DisplayName("[API-024] a request body over 64 KiB gets 413 and is not buffered")
    void oversizedBodyDeclared() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.send("POST", "/api/feed", List.of("Content-Type: text/plain",
                    "Content-Length: " + (VertxSseServer.MAX_BODY_BYTES + 1)), null).readHead();
            assertEquals(413, c.status);
            c.readBody();
            assertEquals(-1, c.read(), "the connection is closed after 413");
        }
    }

    @Test
    @DisplayName("[API-031,API-024] a chunked request body is refused with 411 before any of it is read, and the connection closed")
    void chunkedBodyRefused() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.send("POST", "/api/feed", List.of("Content-Type: text/plain", "Transfer-Encoding: chunked",
                    "Authorization: Bearer " + TOKEN), null);
            byte[] piece = new byte[40_000];
            java.util.Arrays.fill(piece, (byte) 'x');
            for (int i = 0; i < 2; i++) {
                c.sendRaw((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.sendRaw(piece);
                c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            c.readHead();
            assertEquals(411, c.status);
            c.readBody();
            assertEquals(-1, c.read(), "the connection is closed after 411");
        }
    }

    @Test
    @DisplayName("[API-019,API-021] a published body reaches a subscriber whole")
    void publishedBodyReachesSubscriber() throws IOException {
        String text = "hello 中😀";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        try (RawHttp sub = RawHttp.connect(server.port(), 10_000);
                RawHttp pub = RawHttp.connect(server.port(), 10_000)) {
            sub.get("/api/feed").readHead();
            assertEquals(200, sub.status);
            eventually(() -> server.stats().feedSubscribers() == 1, "one feed subscriber");
            pub.send("POST", "/api/feed", List.of("Content-Type: text/plain; charset=utf-8",
                    "Authorization: Bearer " + TOKEN, "Content-Length: " + body.length), body).readHead();
            assertTrue(pub.status / 100 == 2, "publish status " + pub.status);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            List<ParsedEvent> events = List.of();
            while (events.stream().noneMatch(e -> e.data().equals(text))) {
                got.write(sub.readSome());
                events = parse(got.toByteArray());
            }
        }
    }

    @Test
    @DisplayName("[API-013,API-016] a graceful close ends every stream normally and leaves no Vert.x thread")
    void gracefulCloseEndsStreams() throws Exception {
        Set<Thread> before = vertxThreads();
        VertxSseServer own = VertxSseServer.start(SseServerConfig.defaults().withPort(0));
        List<RawHttp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp c = RawHttp.connect(own.port(), 10_000);
                clients.add(c);
                c.get(IDLE).readHead();
                c.readSome();
            }
            eventually(() -> own.stats().activeStreams() == 2, "two active streams");
            long t0 = System.nanoTime();
            own.close();
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(tookMs < own.config().shutdownGraceMs() + 5_000, "close took " + tookMs + " ms");
            for (RawHttp c : clients) {
                c.readBody(); // reaches the last chunk: the response was ended, not cut
            }
            assertEquals(0, own.stats().activeStreams());
            eventually(() -> {
                Set<Thread> left = vertxThreads();
                left.removeAll(before);
                return left.isEmpty();
            }, "no Vert.x thread left: " + vertxThreads());
        } finally {
            own.close();
            for (RawHttp c : clients) {
                c.close();
            }
        }
    }

    @Test
    @DisplayName("[API-017] GET /api/stats answers JSON with activeStreams and scheduledTasks")
    void statsThroughAdapter() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get("/api/stats").readHead();
            assertEquals(200, c.status);
            assertTrue(c.header("content-type").startsWith("application/json"), c.header("content-type"));
            String json = new String(c.readBody(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"activeStreams\"") && json.contains("\"scheduledTasks\""), json);
        }
    }

    @Test
    @DisplayName("[API-025] / serves the demo page bytes the core gives")
    void demoPage() throws IOException {
        try (RawHttp c = RawHttp.connect(server.port(), 10_000)) {
            c.get("/").readHead();
            assertEquals(200, c.status);
            byte[] body = c.readBody();
            assertTrue(new String(body, StandardCharsets.UTF_8).contains("/api/sse"));
            try (var core = new dev.ssekit.server.SseCore(server.config())) { // the same settings, the same page
                var expected = core.handle(new dev.ssekit.server.SseRequest("GET", "/", null, java.util.Map.of(),
                        new byte[0]));
                assertArrayEquals(((dev.ssekit.server.SseResponse.Full) expected).body(), body);
            }
        }
    }

    static List<ParsedEvent> parse(byte[] body) {
        List<ParsedEvent> events = new ArrayList<>();
        EventStreamParser p = new EventStreamParser(events::add);
        p.feed(body);
        p.end();
        return events;
    }

    static Set<Thread> vertxThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("vert.x-") || t.getName().startsWith("vertx-")))
                .collect(Collectors.toSet());
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    @DisplayName("[KIT-007] the server is found by name among the providers the kit discovers, and starts from there")
    void foundAsAProvider() {
        SseServerProvider p = SseServerProvider.named("vertx").orElseThrow();
        try (SseServer s = p.start(SseServerConfig.defaults().withPort(0))) {
            assertEquals("vertx", s.name());
            assertTrue(s instanceof VertxSseServer);
            assertTrue(s.port() > 0);
        }
        assertTrue(SseServerProvider.all().stream().anyMatch(x -> x.name().equals("vertx")));
    }
}
