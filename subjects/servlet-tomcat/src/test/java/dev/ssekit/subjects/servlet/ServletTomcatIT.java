package dev.ssekit.subjects.servlet;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.spec.results.Outcome;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's job written as a Servlet with {@code AsyncContext}, the blog posts' way, joins the conformance suite
 * like any server, started in this JVM on embedded Tomcat on 127.0.0.1 and a free port, declaring nothing.
 */
class ServletTomcatIT extends ServerConformance {

    // tag::subject[]
    @Override
    protected Subject start(SuiteSettings settings) throws Exception {
        Tomcat tomcat = TutorialServer.start("127.0.0.1", 0);
        int port = tomcat.getConnector().getLocalPort();
        String document;
        try (InputStream in = ServletTomcatIT.class.getResourceAsStream("/data.txt")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // its own pace, not the engine's interval=0: at 0 the blog pattern's worker sometimes ended the response after
        // the first event (a cold Tomcat, the worker writing before doGet returned), which made the run flaky; 700 ms
        // apart the events show flushing, and the head held back to the first event is past the engine's 500 ms
        return Subject.at("servlet-tomcat", "http://127.0.0.1:" + port + "/api/sse?interval=700", () -> stop(tomcat))
                .carrying(document).inThisJvm(10_000)
                .describedAs("a Servlet with AsyncContext writing the fields by hand, " + ServerInfo.getServerInfo()
                        + " embedded (subjects/servlet-tomcat)");
    }

    /** Its defects that fail a MUST (README.md): {@code "data: " + "\n" + "\n\n"} sends the newline piece as {@code ""}. */
    @Override
    protected Framework framework() {
        return new Framework("Servlet async on Tomcat", Framework.builtVersion(), "AsyncContext, fields written by hand");
    }

    @Override
    protected Set<String> knownFailures() {
        // the reconnect after the end gets the whole stream again (Last-Event-ID ignored, no 204); a CR or LF in
        // the event type injects a field
        return Set.of("check/document/reconnect", "check/generic/field-injection", "check/document/round-trip", "check/document/newlines");
    }
    // end::subject[]

    @Test
    @DisplayName("[AUTH-001,AUTH-005] the servlet answers 200 text/event-stream and flushes each event")
    void answersAnEventStream() {
        assertOutcome("check/generic/status", Outcome.PASS);
        assertOutcome("check/generic/content-type", Outcome.PASS);
        assertOutcome("check/generic/flush", Outcome.PASS);
    }

    @Test
    @DisplayName("[API-008,ENC-001] the newline piece is lost: data: \\n\\n\\n gives e.data \"\"")
    void newlineIsLost() {
        assertFinding("check/document/newlines", "0 in");
        assertFinding("check/document/round-trip", "\"Hi \uD83D\uDE00!\"");
    }

    @Test
    @DisplayName("[API-008,ENC-002,API-007,API-013] the space after data: keeps the lone space; characters arrive whole; it ends")
    void whatItGetsRight() {
        assertOutcome("check/document/spaces", Outcome.PASS);
        assertOutcome("check/document/code-points", Outcome.PASS);
        assertOutcome("check/document/end", Outcome.PASS);
        assertOutcome("check/generic/ids", Outcome.PASS);
    }

    @Test
    @DisplayName("[HTTP-010] the servlet sets no Cache-Control")
    void noCacheControl() {
        assertFinding("check/generic/no-store", "no Cache-Control");
    }

    @Test
    @DisplayName("[AUTH-007] a reconnect with Last-Event-ID starts the document again: ids alone do not resume")
    void lastEventIdIsIgnored() {
        assertFinding("check/generic/resume", "repeated ids");
    }

    @Test
    @DisplayName("[AUTH-003] after the end the browser's reconnect gets 200 and the whole stream again, for ever")
    void reconnectAfterEndStartsOver() {
        assertFinding("check/generic/end", "status 200");
    }

    private static void stop(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

}
