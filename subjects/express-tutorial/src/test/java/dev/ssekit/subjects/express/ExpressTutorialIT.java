package dev.ssekit.subjects.express;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's Express server (its code unchanged) joins the conformance suite like any server, declaring nothing:
 * the suite looks for what it offers. Its known defects must show up as findings: the kit passes when it reports
 * them. Needs node and npm; without them the class is not run (an assumption), unless
 * {@code -Dsse.express.required=true}.
 */
class ExpressTutorialIT extends ServerConformance {

    // tag::subject[]
    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Path dir = NodeServer.subjectDir();
        String missing = NodeServer.missingTools(dir);
        if (missing != null) {
            return cannotStart("express-tutorial", "the tutorial's server could not be started: " + missing, "sse.express.required");
        }
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        NodeServer node = NodeServer.start(dir);
        // One UTF-16 code unit a second, and the response never ends: each read is bounded by the document's length.
        return Subject.at("express-tutorial", node.baseUrl(), node::close).carrying(document).listeningFor("lol")
                .readingFor((document.length() + 5) * 1000L)
                .describedAs("the tutorial's Express server, unchanged (subjects/express-tutorial)");
    }

    @Override
    protected Framework framework() {
        return new Framework("Express (the tutorial's server)", "5.3.0", "res.write()");
    }

    /** Its defects that fail a MUST (README.md): each must go on being found. */
    @Override
    protected Set<String> knownFailures() {
        return Set.of("check/document/round-trip", "check/document/newlines", "check/document/spaces",
                "check/document/code-points", "check/document/end");
    }
    // end::subject[]

    @Test
    @DisplayName("[AUTH-001] the tutorial's server answers 200 text/event-stream, which the kit passes")
    void answersAnEventStream() {
        assertOutcome("check/generic/status", Outcome.PASS);
        assertOutcome("check/generic/content-type", Outcome.PASS);
        assertOutcome("check/generic/flush", Outcome.PASS);
    }

    @Test
    @DisplayName("[API-008,ENC-001] the newline piece is lost: data:\\n\\n\\n gives e.data \"\"")
    void newlineIsLost() {
        assertFinding("check/document/newlines", "0 in");
        assertFinding("check/document/round-trip", "\\ufffd");
    }

    @Test
    @DisplayName("[API-008,ENC-002] the lone space is lost: data:  loses it to the parser's one-space removal")
    void loneSpaceIsLost() {
        assertFinding("check/document/spaces", "0 in");
    }

    @Test
    @DisplayName("[API-007,ENC-005] the emoji is split into two halves that arrive as U+FFFD U+FFFD")
    void emojiIsSplit() {
        assertFinding("check/document/code-points", "U+1F600");
        assertFinding("check/document/code-points", "2 U+FFFD");
        assertOutcome("check/generic/utf-8", Outcome.INFO);
    }

    @Test
    @DisplayName("[AUTH-005,PARSE-026] the head waits for the first event (EventSource stays CONNECTING); the events are of type lol")
    void headHeldBackTypeRight() {
        assertFinding("check/generic/head", "only with the first event");
        assertOutcome("check/generic/event-type", Outcome.PASS);
        assertOutcome("check/generic/cors", Outcome.PASS);
    }

    @Test
    @DisplayName("[AUTH-007] no event has an id, so a reconnect cannot resume")
    void noIdsNoResume() {
        assertFinding("check/generic/ids", "none of");
        assertOutcome("check/generic/resume", Outcome.NOT_APPLICABLE);
    }

    @Test
    @DisplayName("[API-013] the stream never ends after the last piece")
    void streamNeverEnds() {
        assertFinding("check/document/end", "still open");
        assertOutcome("check/generic/end", Outcome.INFO);
    }

    @Test
    @DisplayName("[API-001] vectors that need the kit's contract are not-applicable, with the reason")
    void contractVectorsNotApplicable() throws IOException {
        ResultEntry probe = result("stream/api/probe-whole");
        assertEquals(Outcome.NOT_APPLICABLE, probe.outcome(), probe::toString);
        // why is said once, in the run's notes (feature.contract), not in each of the contract's vectors
        assertTrue(probe.detail().contains("see feature.contract"), probe::detail);
        Path written = writeResults();
        assertTrue(Files.readString(written).contains("\"subject\" : \"express-tutorial\""), written::toString);
    }

}
