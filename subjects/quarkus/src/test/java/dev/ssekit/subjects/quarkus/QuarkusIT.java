package dev.ssekit.subjects.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's job written with Quarkus REST ({@code Multi<OutboundSseEvent>}), run from the jar Quarkus builds, joins
 * the conformance suite declaring nothing: the suite looks for what it offers. Its defects are findings (README.md):
 * the kit passes when it reports them.
 */
class QuarkusIT extends ServerConformance {

    private String base;

    // tag::subject[]
    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        String missing = QuarkusApp.missing();
        if (missing != null) {
            return cannotStart("quarkus", missing, "sse.quarkus.required");
        }
        String document;
        try (InputStream in = QuarkusIT.class.getResourceAsStream("/data.txt")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        QuarkusApp app = QuarkusApp.start();
        base = app.baseUrl();
        return Subject.at("quarkus", base + "/api/sse", app::close).carrying(document)
                .describedAs("Quarkus REST 3.33.2, Multi<OutboundSseEvent> built with Sse (subjects/quarkus)");
    }

    /** Its defects that fail a MUST (README.md): each must go on being found. */
    @Override
    protected Framework framework() {
        return new Framework("Quarkus REST", Framework.builtVersion(), "Multi<OutboundSseEvent> with @RestStreamElementType");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204); an event type
        // with an LF and then a CR injects a field (the value is cut at its last line break)
        return Set.of("check/document/reconnect", "check/generic/field-injection", "check/document/round-trip", "check/document/spaces");
    }
    // end::subject[]

    @Test
    @DisplayName("[API-008,ENC-002] the lone space is lost: Quarkus writes data: with no space, so data:  loses it")
    void loneSpaceIsLost() {
        assertFinding("check/document/spaces", "0 in");
        assertFinding("check/document/round-trip", "from 6 events");
        assertOutcome("check/document/newlines", Outcome.PASS);
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

    @Test
    @DisplayName("[ENC-004] a CR, an LF or a CRLF in the event type cuts the name short: no field is injected, no 400")
    void lineBreakAloneTruncatesTheType() throws Exception {
        for (String brk : new String[] {"%0D", "%0A", "%0D%0A"}) {
            Reply r = get("a" + brk + "data:%20injected");
            assertEquals(200, r.status, r::toString);
            assertTrue(r.body.startsWith("id:1\nevent:a"), r::toString);
            assertFalse(r.body.contains("injected"), r::toString);
        }
    }

    @Test
    @DisplayName("[ENC-004] an LF then a CR in the event type injects a field: event:a, then data: injected, in every event")
    void lfThenCrInjectsAField() throws Exception {
        // the cut is made at the later of the first LF and the first CR, so the LF before it goes out as it is
        Reply r = get("a%0Adata:%20injected%0D");
        assertEquals(200, r.status, r::toString);
        assertTrue(r.body.startsWith("id:1\nevent:a\ndata: injected\ndata:H\n\n"), r::toString);
    }

    private record Reply(int status, String body) {
    }

    private Reply get(String rawEvent) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/sse?interval=0&event=" + rawEvent))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(res.statusCode(), res.body());
    }

}
