package dev.ssekit.clientservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every client adapter's own test checks through the protocol, before any scenario runs: an event is relayed
 * with its type, data and id; a typed event only after {@code listen}; {@code DELETE} on a stream closes its
 * connection for good; {@code DELETE /} stops the service. An adapter module joins with a small subclass that starts
 * its service (and aborts, reported as not-run, where the client cannot run). One service per class; the stop comes
 * last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AdapterChecks {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A running test service. */
    public interface Service extends AutoCloseable {
        /** Its base URL, {@code http://127.0.0.1:PORT/}. */
        URI uri();

        /** True once the service, and whatever it started (a node process, a browser), is gone. */
        boolean awaitGone(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }

    /** Starts the adapter's service, or aborts the class with the reason when its client cannot run here. */
    protected abstract Service startService() throws Exception;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StreamProbe probe;
    private Service service;

    @BeforeAll
    void startAll() throws Exception {
        service = startService();
        probe = StreamProbe.start();
    }

    @AfterAll
    void stopAll() {
        if (probe != null) {
            probe.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("[PARSE-007,PARSE-025,PROC-002] An event reaches the callback with its type, data and id")
    void relaysAnEvent() throws Exception {
        URI stream = create("plain", "");
        StreamProbe.Connection c = probe.awaitConnection("plain", WAIT);
        assertNotNull(c, "the client did not connect");
        assertTrue(String.valueOf(c.header("accept")).contains("text/event-stream"), "Accept: " + c.header("accept"));
        c.send("id: 1\ndata: hello\n\n");
        List<Map<String, Object>> got = probe.awaitCallbacks("plain", 1, WAIT);
        assertFalse(got.isEmpty(), "no callback");
        assertEquals(Map.of("kind", "event", "event", Map.of("type", "message", "data", "hello", "id", "1")), got.get(0));
        delete(stream);
    }

    @Test
    @Order(2)
    @DisplayName("[PARSE-026] An event of another type reaches the callback only after the listen command for it")
    void relaysTypedEventsAfterListen() throws Exception {
        URI stream = create("typed", "");
        StreamProbe.Connection c = probe.awaitConnection("typed", WAIT);
        assertNotNull(c, "the client did not connect");
        c.send("event: greeting\ndata: unheard\n\ndata: marker\n\n");
        List<Map<String, Object>> before = probe.awaitCallbacks("typed", 1, WAIT);
        assertFalse(before.isEmpty(), "no callback");
        assertEquals("marker", data(before.get(0)), "before listen, the typed event is not delivered: " + before);

        HttpResponse<String> listen = send("POST", stream, "{\"command\":\"listen\",\"listen\":{\"type\":\"greeting\"}}");
        assertEquals(2, listen.statusCode() / 100, "listen: " + listen.statusCode() + " " + listen.body());
        c.send("event: greeting\nid: 7\ndata: heard\n\n");
        List<Map<String, Object>> after = probe.awaitCallbacks("typed", 2, WAIT);
        assertEquals(2, after.size(), "callbacks: " + after);
        assertEquals(Map.of("kind", "event", "event", Map.of("type", "greeting", "data", "heard", "id", "7")), after.get(1));
        delete(stream);
    }

    @Test
    @Order(3)
    @DisplayName("[PROC-018,PROC-019] DELETE on a stream closes its connection, and the client does not come back")
    void deleteClosesTheStream() throws Exception {
        URI stream = create("deleted", "");
        StreamProbe.Connection c = probe.awaitConnection("deleted", WAIT);
        assertNotNull(c, "the client did not connect");
        assertEquals(2, delete(stream) / 100);
        assertTrue(c.awaitClosed(WAIT), "the connection is still open after DELETE");
        assertNull(probe.awaitConnection("deleted", Duration.ofMillis(1500)), "the client connected again after DELETE");
        assertEquals(404, delete(stream), "a deleted stream is gone");
    }

    @Test
    @Order(4)
    @DisplayName("[PROC-018] DELETE / closes every client and stops the service")
    void deleteRootStopsTheService() throws Exception {
        create("orphan", "");
        StreamProbe.Connection c = probe.awaitConnection("orphan", WAIT);
        assertNotNull(c, "the client did not connect");
        assertEquals(2, send("DELETE", service.uri(), null).statusCode() / 100);
        assertTrue(service.awaitGone(WAIT), "the service is still running after DELETE /");
        assertTrue(c.awaitClosed(WAIT), "a stream is still open after DELETE /");
        try {
            send("GET", service.uri(), null);
            throw new AssertionError("the service still answers after DELETE /");
        } catch (ConnectException expected) {
            // nothing listens any more
        }
    }

    /** Creates a stream on the probe's {@code /stream/<name>} reporting to {@code /cb/<name>}; its Location. */
    protected URI create(String name, String moreJson) throws IOException, InterruptedException {
        String body = "{\"streamUrl\":\"" + probe.streamUrl(name) + "\",\"callbackUrl\":\"" + probe.callbackUrl(name)
                + "\",\"tag\":\"" + name + "\",\"initialDelayMs\":100" + moreJson + "}";
        HttpResponse<String> r = send("POST", service.uri(), body);
        assertEquals(2, r.statusCode() / 100, "create: " + r.statusCode() + " " + r.body());
        return service.uri().resolve(r.headers().firstValue("Location").orElseThrow());
    }

    private int delete(URI stream) throws IOException, InterruptedException {
        return send("DELETE", stream, null).statusCode();
    }

    private HttpResponse<String> send(String method, URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Object data(Map<String, Object> callback) {
        return callback.get("event") instanceof Map<?, ?> e ? e.get("data") : callback;
    }
}
