package dev.ssekit.subjects.h3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.NodeApp;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's stream written with h3's {@code createEventStream} (server.mjs) joins the conformance suite,
 * declaring nothing. It runs with node, so it needs node and npm; without them the class is not run, unless
 * {@code -Dsse.express.required=true} (node subjects are required).
 */
class H3IT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Path dir = NodeApp.subjectDir("h3");
        String missing = NodeApp.missingTools(dir);
        if (missing != null) {
            return cannotStart("h3", "the h3 subject could not be started: " + missing, "sse.express.required");
        }
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        NodeApp node = NodeApp.start("h3", dir, List.of(), List.of("node", "server.mjs"));
        return Subject.at("h3", node.baseUrl() + "/api/sse", node::close).carrying(document)
                .readingFor(10_000)
                .describedAs("h3 v1 createEventStream on node's http (subjects/h3)");
    }

    /** h3 passes every MUST the suite checks: nothing to list. */
    @Override
    protected Framework framework() {
        return new Framework("h3", NodeApp.lockedVersion(NodeApp.subjectDir("h3"), "h3"), "createEventStream()");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204)
        return Set.of("check/document/reconnect");
    }

    @Test
    @DisplayName("[AUTH-001,HTTP-010] h3 answers 200 text/event-stream with Cache-Control no-store, which the kit passes")
    void answersAnUncachedEventStream() {
        assertOutcome("check/generic/status", Outcome.PASS);
        assertOutcome("check/generic/content-type", Outcome.PASS);
        assertOutcome("check/generic/no-store", Outcome.PASS);
    }

    @Test
    @DisplayName("[API-007,API-008,ENC-001,ENC-002] the newline, the lone space and the emoji each arrive whole")
    void everyPieceArrivesWhole() {
        assertOutcome("check/document/newlines", Outcome.PASS);
        assertOutcome("check/document/spaces", Outcome.PASS);
        assertOutcome("check/document/code-points", Outcome.PASS);
        assertOutcome("check/document/round-trip", Outcome.PASS);
        assertOutcome("check/generic/ids", Outcome.PASS);
        assertOutcome("check/document/end", Outcome.PASS);
    }

    @Test
    @DisplayName("[AUTH-007] a reconnect with Last-Event-ID starts the document over: createEventStream hands the handler no resume")
    void reconnectStartsOver() {
        assertFinding("check/generic/resume", "repeated ids");
    }

    @Test
    @DisplayName("[AUTH-003] the reconnect after the end is answered 200 again, so the page shows the text again and again")
    void reconnectAfterTheEndIsAnsweredAgain() {
        assertFinding("check/generic/end", "status 200");
    }

    @Test
    @DisplayName("[AUTH-005] h3 holds the response head back until the first event, so EventSource stays CONNECTING until then")
    void headersHeldBack() {
        assertFinding("check/generic/head", "the head came only with the first event");
    }

    @Test
    @DisplayName("[ENC-004,PARSE-031] an event type with CR or LF is not refused: h3 drops the CR and LF, so no field is injected and the type changes")
    void lineBreaksInTheTypeAreDropped() {
        // the engine's probe type, with its injected field glued on: the line breaks are gone, the field is not
        assertOutcome("check/generic/field-injection", Outcome.PASS);
        String detail = result("check/generic/field-injection").detail();
        for (String breaks : List.of("CR", "LF", "CRLF", "LF then CR")) {
            assertTrue(detail.contains(breaks + ": 200, no field injected (first type \"ssekitprobedata: ssekit-injected\")"),
                    () -> breaks + ": " + detail);
        }
    }
}
