package dev.ssekit.subjects.vertxweb;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x Web subject ({@link SseVerticle}) joins the conformance suite in this JVM, declaring nothing: the suite
 * looks for what it offers. Its defects must show up as findings.
 */
class VertxWebIT extends ServerConformance {

    // tag::subject[]
    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        SseVerticle app = new SseVerticle();
        JsonObject config = new JsonObject().put("http.host", "127.0.0.1").put("http.port", 0);
        vertx.deployVerticle(app, new DeploymentOptions().setConfig(config)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        String document = document();
        return Subject.at("vertx-web", "http://127.0.0.1:" + app.port() + "/api/sse", () -> close(vertx))
                .carrying(document).inThisJvm(5_000)
                .describedAs("Vert.x Web 5.0.7: a chunked text/event-stream response written from a periodic timer (subjects/vertx-web)");
    }

    /** Its defects that fail a MUST (README.md): each must go on being found. */
    @Override
    protected Framework framework() {
        return new Framework("Vert.x Web", Framework.builtVersion(), "a chunked response written by hand (no server SSE API)");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204); a CR or LF in
        // the event type injects a field
        return Set.of("check/document/reconnect", "check/generic/field-injection", "check/document/round-trip", "check/document/newlines");
    }
    // end::subject[]

    @Test
    @DisplayName("[API-008,ENC-001] the newline piece is lost: \"data: \" + \"\\n\" + \"\\n\\n\" gives e.data \"\"")
    void newlineIsLost() {
        assertFinding("check/document/newlines", "0 in");
        assertFinding("check/document/round-trip", "\"Hi 😀!\"");
    }

    @Test
    @DisplayName("[AUTH-007] Last-Event-ID is ignored: a reconnect starts the document over with the same ids")
    void resumeIsIgnored() {
        assertFinding("check/generic/resume", "repeated ids");
    }

    @Test
    @DisplayName("[AUTH-003] a reconnect after the end is answered 200 with the whole stream, so the page repeats it forever")
    void endIsNotFinal() {
        assertFinding("check/generic/end", "for ever");
    }

    @Test
    @DisplayName("[ENC-002,API-007,ENC-005,AUTH-007,API-013] what the hand-written fields get right passes: spaces, whole code points, ids, the end")
    void whatItGetsRightPasses() {
        assertOutcome("check/document/spaces", Outcome.PASS);
        assertOutcome("check/document/code-points", Outcome.PASS);
        assertOutcome("check/generic/ids", Outcome.PASS);
        assertOutcome("check/document/end", Outcome.PASS);
    }

    static String document() throws IOException {
        try (InputStream in = VertxWebIT.class.getResourceAsStream("/data.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void close(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }
}
