package dev.ssekit.clientservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A JVM adapter's test service through its protocol, against a small stream server of this class's own: an event
 * arrives with its type, data and id; DELETE closes the connection; a 503 comes back as an error, and closing inside
 * the error callback stops the client. A subclass starts its service and names the threads that must end.
 */
public abstract class JvmAdapterChecks {

    /** Starts the adapter's service on a free port. */
    protected abstract TestService startService() throws IOException;

    /** The threads of one stream of the client, which must end after DELETE; null when it has none of its own. */
    protected Predicate<String> streamThreads(int streamPort) {
        return null;
    }

    /** The threads the service shares between streams, which must end when it stops; null when there are none. */
    protected Predicate<String> serviceThreads() {
        return null;
    }


    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Map<String, Object>> received = new ConcurrentSkipListMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private HttpServer streams;
    private HttpServer sink;
    private TestService service;

    @BeforeEach
    void startServers() throws IOException {
        streams = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        streams.createContext("/events", this::events);
        streams.createContext("/fail", ex -> {
            connections.incrementAndGet();
            byte[] b = "down".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        streams.start();
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        sink.createContext("/cb/", ex -> {
            String n = ex.getRequestURI().getPath().substring("/cb/".length());
            received.put(Integer.parseInt(n), Json.object(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        sink.start();
        service = startService();
    }

    @AfterEach
    void stop() {
        service.close();
        streams.stop(0);
        sink.stop(0);
    }

    /** One event, then a comment line every 100 ms until a write fails: the client has gone. */
    private void events(HttpExchange ex) throws IOException {
        connections.incrementAndGet();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            out.write("event: greet\nid: 7\ndata: hello\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < 100; i++) {
                Thread.sleep(100);
                out.write(":\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            clientGone.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private URI create(String path, boolean closeOnError) throws Exception {
        String body = Json.write(Map.of("streamUrl", "http://127.0.0.1:" + streams.getAddress().getPort() + path,
                "callbackUrl", "http://127.0.0.1:" + sink.getAddress().getPort() + "/cb", "initialDelayMs", 100,
                "closeOnError", closeOnError));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(service.uri())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return service.uri().resolve(created.headers().firstValue("Location").orElseThrow());
    }

    private Map<String, Object> await(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<Map<String, Object>> m = received.values().stream().filter(c -> kind.equals(c.get("kind"))).findFirst();
            if (m.isPresent()) {
                return m.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + kind + " callback; got " + received);
    }

    private static java.util.List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }

    private static boolean noThreadLeft(Predicate<String> name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive() && name.test(t.getName()))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    @DisplayName("[PROC-003][PROC-018] An event arrives with its type, data and id; DELETE closes the connection and ends the stream's threads; stopping the service ends its own")
    void relaysAndCloses() throws Exception {
        assertTrue(service.uri().toString().startsWith("http://127.0.0.1:"));
        URI stream = create("/events", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) await("event").get("event");
        assertEquals(Map.of("type", "greet", "data", "hello", "id", "7"), event);

        HttpResponse<Void> deleted = http.send(HttpRequest.newBuilder(stream).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, deleted.statusCode());
        assertTrue(clientGone.await(5, TimeUnit.SECONDS), "the stream server still writes to the client");
        Predicate<String> perStream = streamThreads(streams.getAddress().getPort());
        if (perStream != null) {
            assertTrue(noThreadLeft(perStream), "a thread of the stream is still running: " + threadNames());
        }
        service.close();
        Predicate<String> shared = serviceThreads();
        if (shared != null) {
            assertTrue(noThreadLeft(shared), "a thread of the service outlived it: " + threadNames());
        }
    }

    @Test
    @DisplayName("[PROC-005][PROC-018] A 503 comes back as an error callback; closing inside it leaves the client closed")
    void relaysFailures() throws Exception {
        create("/fail", true);
        String message = (String) await("error").get("comment");
        assertTrue(message.contains("503"), message);
        Thread.sleep(1000);
        assertEquals(1, connections.get(), "the client connected again after it was closed in its error callback");
    }
}
