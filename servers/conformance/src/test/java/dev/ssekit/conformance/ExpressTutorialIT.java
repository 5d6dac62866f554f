package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tutorial's Express server ({@code subjects/express-tutorial}, its code unchanged) as an external subject of
 * {@code sse-kit check}. Its known defects must show up as findings: the kit passes when it reports them. Needs node
 * and npm; without them the class is not run (an assumption), unless {@code -Dsse.express.required=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressTutorialIT {

    private static final String SUBJECT = "express-tutorial";
    private static final int PORT = 3000;

    private Process node;
    private final Map<String, ResultEntry> results = new LinkedHashMap<>();
    private Path written;

    @BeforeAll
    void startTheTutorialServerAndCheckIt() throws Exception {
        Path dir = subjectDir();
        String missing = missingTool(dir);
        if (missing != null) {
            ConformanceReport report = ConformanceReport.of(SUBJECT);
            report.record(new ResultEntry("subject/" + SUBJECT, ResultEntry.TEST, List.of("AUTH-001"), Outcome.NOT_RUN,
                    null, null, "the tutorial's server could not be started: " + missing, 0));
            report.writeTo(resultsDir());
            if (Boolean.getBoolean("sse.express.required")) {
                Assertions.fail(missing + " (sse.express.required=true)");
            }
            Assumptions.abort(missing);
        }
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        if (listening(PORT)) {
            Assertions.fail("port " + PORT + " is in use; the tutorial's server.js binds it. Stop whatever listens on "
                    + PORT + " and run again.");
        }
        Path log = Path.of("target", "express-tutorial.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        node = new ProcessBuilder("node", "server.js").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening(PORT)) {
            if (!node.isAlive()) {
                Assertions.fail("node server.js exited with " + node.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                Assertions.fail("node server.js did not listen on " + PORT + " within 20 s; see " + log);
            }
            Thread.sleep(100);
        }

        // The tutorial sends one UTF-16 code unit a second and never ends: bound the read by the document's length.
        String document = Files.readString(dir.resolve("data.txt"), StandardCharsets.UTF_8);
        long timeoutMs = (document.length() + 5) * 1000L;
        CheckRunner runner = CheckRunner.prepare(CheckOptions.external(Target.of("http://127.0.0.1:" + PORT + "/api/sse"),
                timeoutMs, document));
        ConformanceReport report = ConformanceReport.of(SUBJECT);
        report.meta("subject", "the tutorial's Express server, unchanged (subjects/express-tutorial)");
        runner.meta().forEach(report::meta);
        for (ConformanceCheck c : runner.checks()) {
            ResultEntry e = c.run();
            results.put(e.id(), e);
            report.record(e);
        }
        written = report.writeTo(resultsDir());
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node == null) {
            return;
        }
        node.descendants().forEach(ProcessHandle::destroy);
        node.destroy();
        if (!node.waitFor(5, TimeUnit.SECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

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
        ResultEntry probe = results.get("stream/api/probe-whole");
        assertEquals(Outcome.NOT_APPLICABLE, probe.outcome(), probe::toString);
        assertTrue(probe.detail().contains("doc=probe is ignored"), probe::detail);
        assertTrue(Files.readString(written).contains("\"subject\" : \"express-tutorial\""), written::toString);
    }

    private void assertOutcome(String id, Outcome want) {
        ResultEntry e = results.get(id);
        Assertions.assertNotNull(e, () -> "no result for " + id);
        assertEquals(want, e.outcome(), () -> id + ": " + e);
    }

    /** A finding is a {@code fail} or {@code non-strict} entry whose Actual names the defect. */
    private void assertFinding(String id, String inActual) {
        ResultEntry e = results.get(id);
        Assertions.assertNotNull(e, () -> "no result for " + id);
        assertTrue(e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT, () -> id + " is no finding: " + e);
        assertTrue(e.actual() != null && e.actual().contains(inActual), () -> id + ": Actual lacks " + inActual + ": " + e.detail());
    }

    private static Path resultsDir() {
        return Path.of(System.getProperty("sse.conformance.dir", "target/conformance"));
    }

    private static Path subjectDir() {
        String root = System.getProperty("sse.root");
        if (root != null && !root.isBlank() && Files.isDirectory(Path.of(root, "subjects", SUBJECT))) {
            return Path.of(root, "subjects", SUBJECT);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("subjects").resolve(SUBJECT))) {
                return p.resolve("subjects").resolve(SUBJECT);
            }
        }
        throw new IllegalStateException("subjects/" + SUBJECT + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Null when node and npm run; otherwise what is missing. */
    private static String missingTool(Path dir) {
        for (String tool : List.of("node", "npm")) {
            try {
                Process p = new ProcessBuilder(tool, "--version").directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return tool + " --version failed";
                }
            } catch (IOException e) {
                return tool + " is not installed (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    private static void run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        File log = Path.of("target", "express-tutorial-npm.log").toAbsolutePath().toFile();
        log.getParentFile().mkdirs();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(String.join(" ", command) + " did not finish within " + seconds + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            Assertions.fail(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
