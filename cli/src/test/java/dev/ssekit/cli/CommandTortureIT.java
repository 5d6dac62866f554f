package dev.ssekit.cli;

import dev.ssekit.conformance.RawServer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The command under hostile input, each probe in a child JVM with a small heap, as a user runs it: an endless fast
 * stream to {@code check}, a huge line to {@code encode}, an endless line to {@code parse}, and subjects that send
 * nothing usable to {@code check}. Each probe records an entry (Expected, Actual with the child's peak RSS) in
 * {@code target/conformance/torture-command.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandTortureIT {

    private static final String SUBJECT = "torture-command";
    private static final long CHILD_LIMIT_S = 90;

    private final ConformanceReport report = ConformanceReport.of(SUBJECT);
    private final Path work = Path.of("target", "torture-command");

    @AfterAll
    void writeResults() {
        report.meta("generator", "CommandTortureIT (child JVMs: java -XmxN -cp <test class path> dev.ssekit.cli.Main ...)");
        report.writeTo(Path.of(System.getProperty("sse.conformance.dir", "target/conformance")));
    }

    @Test
    @DisplayName("[KIT-012] check against an endless fast stream with -Xmx128m completes, cut at the default capture bound, exit 0")
    void checkCutsAnEndlessStream() throws Exception {
        try (RawServer subject = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            Child c = Child.run(work, "-Xmx128m", null, "check", subject.url("/events"), "--timeout-ms", "3000", "--name", "endless",
                    "--out", work.resolve("out").toString());
            boolean ok = c.exit == 0 && c.out.contains("note: the stream was cut at the capture bound of ") && c.out.contains("results: ")
                    && !c.stackTrace();
            record("torture/command/check/endless-stream", List.of("KIT-012"), ok,
                    "exit 0; the stream reported as cut at the default capture bound (16 MiB, 100000 events); no OutOfMemoryError",
                    c.describeCheck("cut at the capture bound"), c);
        }
    }

    @Test
    @DisplayName("[KIT-013] encode given one 64 MiB line with -Xmx64m exits 2 naming --max-line-length and line 1, no stack trace")
    void encodeRefusesAHugeLine() throws Exception {
        Child c = Child.run(work, "-Xmx64m", new Feed("{\"data\":\"", 64L << 20, "\"}\n"), "encode");
        boolean ok = c.exit == 2 && c.err.equals("line 1: longer than --max-line-length (1048576 bytes)\n") && !c.stackTrace();
        record("torture/command/encode/huge-line", List.of("KIT-013"), ok,
                "exit 2; stderr \"line 1: longer than --max-line-length (1048576 bytes)\"; no stack trace", c.describe(), c);
    }

    @Test
    @DisplayName("[KIT-013] encode with --max-line-length raised past a 32 MiB heap: one line on stderr, exit 1, no stack trace")
    void encodeOutOfMemoryIsOneLine() throws Exception {
        Child c = Child.run(work, "-Xmx32m", new Feed("{\"data\":\"", 64L << 20, "\"}\n"), "encode",
                "--max-line-length", "100000000");
        boolean ok = c.exit == 1 && c.err.lines().count() == 1 && c.err.startsWith("sse-kit: out of memory") && !c.stackTrace();
        record("torture/command/encode/out-of-memory", List.of("KIT-013"), ok,
                "exit 1; one line on stderr, \"sse-kit: out of memory ...\"; no stack trace", c.describe(), c);
    }

    @Test
    @DisplayName("[KIT-002,KIT-005] parse given an endless line without LF with -Xmx64m exits 2 naming --max-line-length")
    void parseRefusesAnEndlessLine() throws Exception {
        Child c = Child.run(work, "-Xmx64m", new Feed("data: ", 512L << 20, ""), "parse");
        boolean ok = c.exit == 2 && c.err.lines().count() == 1 && c.err.contains("--max-line-length") && !c.stackTrace();
        record("torture/command/parse/endless-line", List.of("KIT-002", "KIT-005"), ok,
                "exit 2; one line on stderr naming --max-line-length; no stack trace", c.describe(), c);
    }

    @Test
    @DisplayName("[KIT-014] check against a 301 with HTML: status and Content-Type fail, the cases that need a stream are not-run")
    void checkMovedHtml() throws Exception {
        notAnEventStream(RawServer.Hostile.MOVED_HTML, "moved-html", "the response is not an event stream: status 301, Content-Type text/html");
    }

    @Test
    @DisplayName("[KIT-014] check against a 200 text/html page: the cases that need an event stream are not-run")
    void checkOkHtml() throws Exception {
        notAnEventStream(RawServer.Hostile.OK_HTML, "ok-html", "the response is not an event stream: status 200, Content-Type text/html");
    }

    @Test
    @DisplayName("[KIT-014] check against garbage bytes: the response is not HTTP, and no case passes")
    void checkGarbage() throws Exception {
        notAnEventStream(RawServer.Hostile.GARBAGE, "garbage", "not HTTP");
    }

    @Test
    @DisplayName("[KIT-014] check against a server that never answers: nothing arrived, and no case passes")
    void checkSilence() throws Exception {
        notAnEventStream(RawServer.Hostile.SILENT, "silent", "nothing arrived");
    }

    private void notAnEventStream(RawServer.Hostile kind, String name, String reason) throws Exception {
        try (RawServer subject = RawServer.hostile(kind)) {
            Child c = Child.run(work, "-Xmx128m", null, "check", subject.url("/events"), "--timeout-ms", "1000", "--name", name,
                    "--out", work.resolve("out").toString());
            List<String> wrong = new ArrayList<>();
            for (String id : List.of("charset", "no-store", "parse", "utf-8", "flush", "retry", "ids", "resume", "heartbeat", "end")) {
                if (!c.out.contains("not-run        [check/generic/" + id + "]")) {
                    wrong.add(id);
                }
            }
            boolean ok = c.exit == 1 && wrong.isEmpty() && c.out.contains(reason) && !c.out.contains("pass           [check/generic/charset]")
                    && !c.stackTrace();
            record("torture/command/check/" + name, List.of("KIT-014"), ok,
                    "exit 1 (status or Content-Type fails); every other generic case not-run: " + reason,
                    c.describeCheck(reason) + (wrong.isEmpty() ? "" : "; not not-run: " + wrong), c);
        }
    }

    private void record(String id, List<String> reqs, boolean ok, String expected, String actual, Child c) {
        Outcome outcome = ok ? Outcome.PASS : Outcome.ofFailure(reqs);
        String detail = ok ? actual : Failure.format(reqs, id, expected, actual);
        report.record(new ResultEntry(id, ResultEntry.TEST, reqs, outcome, expected, actual, detail, c.ms));
        assertTrue(ok, () -> detail + "\nstdout: " + Escapes.quote(clip(c.out)) + "\nstderr: " + Escapes.quote(clip(c.err)));
    }

    /** What to write to the child's standard input: a head, then {@code count} 'x' bytes, then a tail; stops when the child leaves. */
    record Feed(String head, long count, String tail) {
        void writeTo(OutputStream out) {
            try (out) {
                out.write(head.getBytes(StandardCharsets.UTF_8));
                byte[] x = new byte[64 * 1024];
                java.util.Arrays.fill(x, (byte) 'x');
                for (long left = count; left > 0; left -= x.length) {
                    out.write(x, 0, (int) Math.min(x.length, left));
                }
                out.write(tail.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the child stopped reading (it exited): that is what the probes expect
            }
        }
    }

    /** One child JVM run: exit status, both outputs, wall time and the peak resident set (VmHWM) where /proc has it. */
    static final class Child {
        int exit;
        String out;
        String err;
        long ms;
        long peakRssKb = -1;

        static Child run(Path work, String heap, Feed feed, String... args) throws Exception {
            Files.createDirectories(work);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            Path outFile = Files.createTempFile(work, "stdout", ".txt");
            Path errFile = Files.createTempFile(work, "stderr", ".txt");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            Thread feeder = new Thread(() -> {
                if (feed != null) {
                    feed.writeTo(p.getOutputStream());
                } else {
                    try {
                        p.getOutputStream().close();
                    } catch (IOException ignored) {
                        // nothing to close
                    }
                }
            }, "child-stdin");
            feeder.setDaemon(true);
            feeder.start();
            Child c = new Child();
            Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
            long deadline = t0 + TimeUnit.SECONDS.toNanos(CHILD_LIMIT_S);
            while (p.isAlive() && System.nanoTime() < deadline) {
                c.peakRssKb = Math.max(c.peakRssKb, vmHwmKb(status));
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", args) + ": the child did not finish within " + CHILD_LIMIT_S + " s");
            }
            c.ms = (System.nanoTime() - t0) / 1_000_000;
            c.exit = p.exitValue();
            c.out = Files.readString(outFile, StandardCharsets.UTF_8);
            c.err = Files.readString(errFile, StandardCharsets.UTF_8);
            return c;
        }

        private static long vmHwmKb(Path status) {
            try (InputStream in = Files.newInputStream(status)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.substring(6).replace("kB", "").trim());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone already, or no /proc: the figure is then unknown
            }
            return -1;
        }

        boolean stackTrace() {
            return err.contains("\tat ") || err.contains("Exception in thread") || err.contains("OutOfMemoryError")
                    || out.contains("\tat ");
        }

        /** For check: the exit, the RSS, the summary line and the first line that mentions {@code about}. */
        String describeCheck(String about) {
            String summary = out.lines().filter(l -> l.matches("\\d+ pass, .*")).findFirst().orElse("no summary line");
            // a case's detail line or the closing note, rather than the header's feature notes
            String mention = out.lines().filter(l -> (l.startsWith("    ") || l.startsWith("note:")) && l.contains(about))
                    .findFirst().map(String::strip).orElse("nothing mentions " + Escapes.quote(about));
            return "exit " + exit + " after " + ms + " ms, " + rss() + "; " + summary + "; " + mention
                    + (stackTrace() ? "; a stack trace on stderr" : "");
        }

        private String rss() {
            return peakRssKb < 0 ? "peak RSS unknown" : "peak RSS " + (peakRssKb / 1024) + " MiB";
        }

        String describe() {
            String firstErr = err.lines().findFirst().orElse("");
            return "exit " + exit + " after " + ms + " ms, " + rss() + "; stderr " + (err.lines().count() <= 1
                    ? Escapes.quote(firstErr) : err.lines().count() + " lines, first " + Escapes.quote(clip(firstErr)));
        }
    }

    private static String clip(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
