package dev.ssekit.clientservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestServiceTest {

    /** A client that emits what the test tells it to, and records what the service did with it. */
    static final class ScriptedAdapter implements ClientAdapter {
        final List<StreamRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> commands = new CopyOnWriteArrayList<>();
        volatile Callbacks last;

        @Override
        public String name() {
            return "scripted 1.0";
        }

        @Override
        public List<String> capabilities() {
            return List.of("headers", "restart");
        }

        @Override
        public StreamClient open(StreamRequest request, Callbacks callbacks) {
            if (request.streamUrl().getPath().contains("refuse")) {
                throw new IllegalArgumentException("refused on purpose");
            }
            requests.add(request);
            last = callbacks;
            return new StreamClient() {
                @Override
                public void close() {
                    commands.add("close");
                }

                @Override
                public void restart() {
                    commands.add("restart");
                }
            };
        }

        @Override
        public void close() {
            commands.add("adapter closed");
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, String> received = new ConcurrentSkipListMap<>();
    private ScriptedAdapter adapter;
    private TestService service;
    private HttpServer callbacks;

    @BeforeEach
    void start() throws Exception {
        adapter = new ScriptedAdapter();
        service = TestService.start(adapter, 0, new PrintStream(new ByteArrayOutputStream()));
        callbacks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        callbacks.createContext("/cb/", ex -> {
            String n = ex.getRequestURI().getPath().substring("/cb/1/".length());
            received.put(Integer.parseInt(n), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        callbacks.start();
    }

    @AfterEach
    void stop() {
        service.close();
        callbacks.stop(0);
    }

    private HttpResponse<String> send(String method, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createBody(String path) {
        return "{\"streamUrl\":\"http://127.0.0.1:1/" + path + "\",\"callbackUrl\":\"http://127.0.0.1:"
                + callbacks.getAddress().getPort() + "/cb/1\",\"tag\":\"t\",\"initialDelayMs\":100,"
                + "\"headers\":{\"x-a\":\"b\"},\"lastEventId\":\"\\u00e9\",\"closeOnError\":true}";
    }

    @Test
    @DisplayName("[KIT-015] GET / names the capabilities; POST / creates a stream with every property read")
    void createsStreams() throws Exception {
        HttpResponse<String> status = send("GET", service.uri(), null);
        assertEquals(200, status.statusCode());
        assertEquals(List.of("headers", "restart"), Json.object(status.body()).get("capabilities"));

        HttpResponse<String> created = send("POST", service.uri(), createBody("s"));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        StreamRequest r = adapter.requests.get(0);
        assertEquals(URI.create("http://127.0.0.1:1/s"), r.streamUrl());
        assertEquals(100L, r.initialDelayMs());
        assertEquals(Map.of("x-a", "b"), r.headers());
        assertEquals("\u00e9", r.lastEventId());
        assertTrue(r.closeOnError());

        assertEquals(204, send("POST", service.uri().resolve(location), "{\"command\":\"restart\"}").statusCode());
        assertEquals(400, send("POST", service.uri().resolve(location), "{\"command\":\"dance\"}").statusCode());
        assertEquals(204, send("DELETE", service.uri().resolve(location), null).statusCode());
        assertEquals(List.of("restart", "close"), adapter.commands);
        assertEquals(404, send("DELETE", service.uri().resolve(location), null).statusCode());
        assertEquals(0, service.openStreams());
    }

    @Test
    @DisplayName("[KIT-015] Bad create requests get 400 with the reason, never a stream")
    void refusesBadRequests() throws Exception {
        HttpResponse<String> noUrl = send("POST", service.uri(), "{\"callbackUrl\":\"http://127.0.0.1:1/\"}");
        assertEquals(400, noUrl.statusCode());
        assertTrue(noUrl.body().contains("streamUrl is missing"), noUrl.body());
        assertEquals(400, send("POST", service.uri(), "{not json").statusCode());
        HttpResponse<String> refused = send("POST", service.uri(), createBody("refuse"));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("refused on purpose"), refused.body());
        assertEquals(413, send("POST", service.uri(), "x".repeat(TestService.MAX_BODY + 1)).statusCode());
        assertEquals(0, service.openStreams());
    }

    @Test
    @DisplayName("[KIT-015] Callbacks are numbered from 1 in call order and carry the protocol's kinds")
    void numbersCallbacks() throws Exception {
        send("POST", service.uri(), createBody("s"));
        Callbacks cb = adapter.last;
        for (int i = 0; i < 50; i++) {
            cb.event(i % 2 == 0 ? "message" : null, "d" + i, i % 3 == 0 ? "id" + i : null);
        }
        cb.comment("c");
        cb.error("boom");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < 52 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(52, received.size());
        for (int i = 0; i < 50; i++) {
            Map<String, Object> m = Json.object(received.get(i + 1));
            assertEquals("event", m.get("kind"));
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) m.get("event");
            assertEquals("d" + i, e.get("data"));
            assertEquals(i % 3 == 0 ? "id" + i : null, e.get("id"));
        }
        assertEquals(Map.of("kind", "comment", "comment", "c"), Json.object(received.get(51)));
        assertEquals(Map.of("kind", "error", "comment", "boom"), Json.object(received.get(52)));
    }

    @Test
    @DisplayName("[KIT-015] DELETE / closes every stream, then the adapter, and stops the service")
    void stopsOnDelete() throws Exception {
        send("POST", service.uri(), createBody("s"));
        assertEquals(204, send("DELETE", service.uri(), null).statusCode());
        Thread t = new Thread(() -> {
            try {
                service.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join(5000);
        assertTrue(!t.isAlive(), "the service did not stop");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!adapter.commands.contains("adapter closed") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("close", "adapter closed"), adapter.commands);
    }

    @Test
    @DisplayName("[KIT-015] JSON round-trips strings with escapes, numbers, nesting")
    void json() {
        Object v = Json.parse("{\"a\":[1,-2,3.5,true,false,null],\"s\":\"\\\"\\\\\\n\\r\\t\\u0000\\u00e9\"}");
        assertEquals(v, Json.parse(Json.write(v)));
        assertEquals("\"\\u0000\\r\\n\"", Json.write("\u0000\r\n"));
        assertEquals("bad JSON at offset 7: unterminated string", assertThrowsMessage("{\"a\":\"x"));
        assertEquals("bad JSON at offset 0: nested deeper than 32", assertThrowsMessage("[".repeat(40)).replaceAll("offset \\d+", "offset 0"));
    }

    private static String assertThrowsMessage(String json) {
        try {
            Json.parse(json);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + json);
    }
}
