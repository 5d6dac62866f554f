package dev.ssekit.subjects.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tutorial's job written with Micronaut ({@code Publisher<Event<String>>} on its Netty server), started in this JVM
 * by Micronaut's own bootstrap, joins the conformance suite declaring nothing: the suite looks for what it offers. Its
 * defects are findings (README.md): the kit passes when it reports them. The tests that send their own requests run
 * first ({@link Order}), while the server is up: the suite's last case closes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MicronautIT extends ServerConformance {

    private String base;

    // tag::subject[]
    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        String document;
        try (InputStream in = MicronautIT.class.getResourceAsStream("/data.txt")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1));
        base = "http://127.0.0.1:" + server.getPort();
        return Subject.at("micronaut", base + "/api/sse", () -> server.getApplicationContext().close())
                .carrying(document).inThisJvm(5_000)
                .describedAs("Micronaut 4.10.8 (Netty server), Publisher<Event<String>> (subjects/micronaut)");
    }

    /** Its defects that fail a MUST (README.md): each must go on being found. */
    @Override
    protected Framework framework() {
        return new Framework("Micronaut", Framework.builtVersion(), "Publisher<Event<String>>");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204); a CR or LF in
        // the event type injects a field
        return Set.of("check/document/reconnect", "check/generic/field-injection", "check/document/round-trip", "check/document/newlines");
    }
    // end::subject[]

    @Test
    @Order(1)
    @DisplayName("[ENC-004] a CR, an LF or a CRLF in the event type is written as it is: a data field is injected")
    void eventTypeInjectsAField() throws Exception {
        for (String brk : new String[] {"\r", "\n", "\r\n"}) {
            Reply r = get("/api/sse?interval=0&event=a" + encode(brk) + "data:%20injected", Map.of());
            assertEquals(200, r.status, r::toString);
            assertTrue(r.body.startsWith("id: 1\nevent: a" + brk + "data: injected\ndata: H\n\n"), r::toString);
        }
    }

    @Test
    @Order(1)
    @DisplayName("[AUTH-005] the response head is held back until the first event, so EventSource stays CONNECTING")
    void headersWaitForTheFirstEvent() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        // send() returns once the status line and headers are in; the first event is due after 1500 ms
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(URI.create(base + "/api/sse?interval=1500"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long headersMs = (System.nanoTime() - t0) / 1_000_000;
        res.body().close();
        assertEquals(200, res.statusCode());
        assertTrue(headersMs >= 1000, () -> "the headers came after " + headersMs + " ms, before the first event was due");
    }

    @Test
    @Order(1)
    @DisplayName("[CORS-005,API-023] CORS on, as configured by default, grants credentials to whatever origin asks")
    void credentialsForAnyOrigin() throws Exception {
        String origin = "http://localhost:9999";
        Reply r = get("/api/sse?interval=0", Map.of("Origin", origin));
        assertEquals(200, r.status, r::toString);
        assertEquals(origin, r.headers.firstValue("Access-Control-Allow-Origin").orElse(null), r::toString);
        assertEquals("true", r.headers.firstValue("Access-Control-Allow-Credentials").orElse(null), r::toString);
    }

    @Test
    @DisplayName("[API-008,ENC-001] the newline piece is lost: Event writes data: \\n\\n\\n, so e.data is \"\"")
    void newlineIsLost() {
        assertFinding("check/document/newlines", "0 in");
        assertFinding("check/document/round-trip", "from 6 events");
        assertOutcome("check/document/spaces", Outcome.PASS);
        assertOutcome("check/document/code-points", Outcome.PASS);
    }

    @Test
    @DisplayName("[HTTP-010] no Cache-Control on the stream")
    void noCacheControl() {
        assertFinding("check/generic/no-store", "no Cache-Control");
    }

    @Test
    @DisplayName("[AUTH-007] ids are sent, but a reconnect with Last-Event-ID gets the stream from the start")
    void lastEventIdIgnored() {
        assertOutcome("check/generic/ids", Outcome.PASS);
        assertFinding("check/generic/resume", "repeated ids");
    }

    @Test
    @DisplayName("[AUTH-003] the response ends, but the browser's reconnect after the end gets 200 and the stream again")
    void reconnectAfterEndIsAnswered() {
        assertOutcome("check/document/end", Outcome.PASS);
        assertFinding("check/generic/end", "status 200");
    }

    private record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    }

    private Reply get(String pathAndQuery, Map<String, String> headers) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10));
        headers.forEach(req::header);
        HttpResponse<String> res = client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(res.statusCode(), res.headers(), res.body());
    }

    private static String encode(String lineBreak) {
        return lineBreak.replace("\r", "%0D").replace("\n", "%0A");
    }

}
