package dev.ssekit.subjects.nestjs;

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
 * The tutorial's stream written with NestJS's {@code @Sse()} (src/sse.controller.ts) joins the conformance suite,
 * declaring nothing. It is built with its own {@code tsc} and run with node, so it needs node and npm; without them
 * the class is not run, unless {@code -Dsse.express.required=true} (node subjects are required).
 */
class NestjsIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Path dir = NodeApp.subjectDir("nestjs");
        String missing = NodeApp.missingTools(dir);
        if (missing != null) {
            return cannotStart("nestjs", "the NestJS subject could not be started: " + missing, "sse.express.required");
        }
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        NodeApp node = NodeApp.start("nestjs", dir, List.of(List.of("npm", "run", "build")),
                List.of("node", "dist/main.js"));
        return Subject.at("nestjs", node.baseUrl() + "/api/sse", node::close).carrying(document)
                .readingFor(10_000)
                .describedAs("NestJS @Sse() returning an Observable<MessageEvent> (subjects/nestjs)");
    }

    /** Nest passes every MUST the suite checks: nothing to list. */
    @Override
    protected Framework framework() {
        return new Framework("NestJS", NodeApp.lockedVersion(NodeApp.subjectDir("nestjs"), "@nestjs/core"), "@Sse() Observable<MessageEvent>");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204)
        return Set.of("check/document/reconnect");
    }

    @Test
    @DisplayName("[AUTH-001,HTTP-010] Nest answers 200 text/event-stream with Cache-Control no-store, which the kit passes")
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
    @DisplayName("[AUTH-007] a reconnect with Last-Event-ID starts the document over: @Sse() hands the handler no resume")
    void reconnectStartsOver() {
        assertFinding("check/generic/resume", "repeated ids");
    }

    @Test
    @DisplayName("[AUTH-003] the reconnect after the end is answered 200 again, so the page shows the text again and again")
    void reconnectAfterTheEndIsAnsweredAgain() {
        assertFinding("check/generic/end", "status 200");
    }

    @Test
    @DisplayName("[AUTH-005] Nest sends the response head at once, before the first event is due")
    void headersAtOnce() {
        assertOutcome("check/generic/head", Outcome.PASS);
    }

    @Test
    @DisplayName("[ENC-004,PARSE-031] an event type with CR or LF is not refused: Nest drops the CR and LF, so no field is injected and the type changes")
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
