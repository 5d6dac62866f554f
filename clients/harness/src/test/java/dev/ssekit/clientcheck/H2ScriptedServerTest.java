package dev.ssekit.clientcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.Vectors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP/2 script server with the JDK's HttpClient as the client: how the scripts map onto frames, and what is recorded. */
class H2ScriptedServerTest {

    @TempDir
    static Path dir;
    static TestCertificate cert;
    static H2ScriptedServer server;
    static int keys;
    static final java.util.Map<Stage, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        ClientCheckTest.specFromCheckout();
        cert = TestCertificate.make(dir);
        server = new H2ScriptedServer(cert.server());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpClient client(HttpClient.Version v) throws Exception {
        SSLContext trust = cert.client();
        return HttpClient.newBuilder().sslContext(trust).version(v).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A stage for a scenario's script, ready to play, and the URL of its main path. */
    static Stage stage(String id) {
        ClientScenario s = Vectors.client().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        String key = "t" + ++keys;
        Stage stage = new Stage(s, server, key, System.nanoTime() + 30_000_000_000L);
        server.register(key, stage);
        KEYS.put(stage, key);
        stage.ready();
        return stage;
    }

    static URI url(Stage stage) {
        return URI.create(server.url(KEYS.get(stage), ClientScenario.MAIN_PATH));
    }

    @Test
    @DisplayName("[PROC-015,PROC-017] over h2 a request is recorded from its HEADERS and DATA frames, header bytes as HPACK carried them, and the script's body comes as DATA up to END_STREAM")
    void requestRecordedAndBodyPlayed() throws Exception {
        Stage stage = stage("client/request/post-body-on-reconnect");
        try {
            byte[] id = "é1".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(url(stage))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"q\":1}"))
                    .header("Last-Event-ID", new String(id, StandardCharsets.ISO_8859_1))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(200, r.statusCode());
            assertEquals("data: a\n\n", r.body()); // complete: END_STREAM came after the script's DATA
            assertTrue(r.headers().firstValue("connection").isEmpty(), () -> r.headers().map().toString());
            RecordedRequest got = stage.played().get(0).request;
            assertEquals("h2", got.protocol());
            assertEquals("POST", got.method());
            assertTrue(got.target().endsWith("/main"), got.target());
            assertEquals("{\"q\":1}", new String(got.body(), StandardCharsets.UTF_8));
            assertArrayEquals(id, got.headerBytes("Last-Event-ID"));
            assertEquals("text/event-stream", got.header("Accept"));
        } finally {
            stage.finish();
        }
    }

    @Test
    @DisplayName("[PROC-009] over h2 a reset before the response is RST_STREAM: the request fails, and the next attempt is answered")
    void resetBeforeResponseFailsTheRequest() throws Exception {
        Stage stage = stage("client/reconnect/after-reset-before-response");
        try {
            HttpClient c = client(HttpClient.Version.HTTP_2);
            HttpRequest req = HttpRequest.newBuilder(url(stage)).timeout(Duration.ofSeconds(20)).build();
            assertThrows(IOException.class, () -> c.send(req, HttpResponse.BodyHandlers.discarding()));
            HttpResponse<java.util.stream.Stream<String>> second = c.send(req, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, second.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, second.version());
            assertEquals("data: a", second.body().findFirst().orElse(null)); // the "open" attempt, held open
            assertTrue(stage.played().stream().allMatch(p -> p.request.protocol().equals("h2")));
        } finally {
            stage.finish();
        }
    }

    @Test
    @DisplayName("[PROC-009] over h2 a cut in the middle of the body is RST_STREAM: the body breaks after the bytes sent")
    void cutMidBodyBreaksTheBody() throws Exception {
        Stage stage = stage("client/reconnect/after-stream-ends");
        try {
            HttpClient c = client(HttpClient.Version.HTTP_2);
            HttpRequest req = HttpRequest.newBuilder(url(stage)).timeout(Duration.ofSeconds(20)).build();
            // attempt 1 ends cleanly: the whole body
            assertEquals("data: a\n\n", c.send(req, HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            stage.finish();
        }
        Stage cut = stage("client/close/in-error-callback-after-reset");
        cut.callback(1, ServiceClient.JSON.createObjectNode().put("kind", "event")); // what awaitEvents waits for
        try {
            HttpClient c = client(HttpClient.Version.HTTP_2);
            HttpRequest req = HttpRequest.newBuilder(url(cut)).timeout(Duration.ofSeconds(20)).build();
            assertThrows(IOException.class, () -> c.send(req, HttpResponse.BodyHandlers.ofString()));
        } finally {
            cut.finish();
        }
    }

    @Test
    @DisplayName("[KIT-016] a client that does not choose h2 is still heard, over HTTP/1.1 on the same port, and recorded as such")
    void http1ClientRecordedAsSuch() throws Exception {
        Stage stage = stage("client/reconnect/after-stream-ends");
        try {
            HttpResponse<String> r = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(url(stage))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("data: a\n\n", r.body());
            assertEquals("HTTP/1.1", stage.played().get(0).request.protocol());
        } finally {
            stage.finish();
        }
    }
}
