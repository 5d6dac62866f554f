package dev.ssekit.conformance.junit;

import dev.ssekit.conformance.CheckOptions;
import dev.ssekit.conformance.CheckRunner;
import dev.ssekit.conformance.ClientOptions;
import dev.ssekit.conformance.ConformanceCheck;
import dev.ssekit.conformance.HttpVersion;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The server conformance suite as JUnit 5 tests (the reactive-streams TCK pattern): a server joins with a subclass
 * that starts it and says what it offers ({@link #start(SuiteSettings)}). One subject per class; one dynamic test per
 * case ({@code [REQ-IDS] <case id>}), each recording its entry into the subject's results: the report named by the
 * {@code sse.subject} property, else {@code <subject>.json}, written in {@code sse.conformance.dir} when the class
 * ends. A case fails its test only when it fails a MUST (or, for a {@linkplain Subject#strict() strict} subject, a
 * SHOULD), unless the subclass lists it in {@link #knownFailures()}; {@code non-strict}, {@code info} and
 * {@code not-applicable} are recorded and pass, {@code not-run} is reported as aborted. A subject in this JVM is also held to leave no thread behind when closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerConformance {

    /** Threads a server may leave behind, by name: Undertow's XNIO, Vert.x's event loops, the core's timers. */
    private static final Pattern SERVER_THREAD = Pattern.compile("(?i).*(xnio|undertow|vert\\.?x|netty|sse).*");
    private static final Pattern OUR_THREAD = Pattern.compile("sse-kit-check.*");

    private Subject subject;
    private CheckRunner runner;
    private ConformanceReport report;
    private final Map<String, ResultEntry> results = new LinkedHashMap<>();
    private Set<Thread> threadsBefore;
    private boolean closed;

    /**
     * Starts the subject, on 127.0.0.1 and a free port, with {@code settings} if it can take them (then it declares
     * {@link dev.ssekit.conformance.Offer#SUITE_SETTINGS}), and says what it offers.
     */
    protected abstract Subject start(SuiteSettings settings) throws Exception;

    @BeforeAll
    void startSubject() throws Exception {
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        subject = start(SuiteSettings.STANDARD);
        CheckOptions options = subject.checkOptions(ServerConformance::usedHeapAfterGc);
        ClientOptions client = options.target().client().withHttpVersion(protocol()).withTlsContext(clientTls());
        runner = CheckRunner.prepare(options.withTarget(options.target().withClient(client)));
        // a run that forces a protocol is a subject of its own (e.g. vertx-h2): it never writes into the module's report
        ConformanceReport shared = protocol() == HttpVersion.AUTO ? ConformanceReport.current() : null;
        report = shared != null ? shared : ConformanceReport.of(subject.name());
        report.meta("server", subject.name());
        if (subject.description() != null) {
            report.meta("subject", subject.description());
        }
        runner.meta().forEach(report::meta);
        frameworkMeta(report);
    }

    @AfterAll
    void stopSubject() {
        if (subject != null && !closed) {
            closed = true;
            subject.close();
        }
        if (report != null && report != ConformanceReport.current()) {
            writeResults();
        }
    }

    @TestFactory
    @DisplayName("[API-001,AUTH-001] the server conformance suite")
    Stream<DynamicTest> conformance() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceCheck check : runner.checks()) {
            tests.add(DynamicTest.dynamicTest(check.displayName(), () -> conclude(result(check.id()), knownFailures(), subject.isStrict())));
        }
        if (subject.runsInThisJvm()) {
            tests.add(DynamicTest.dynamicTest("[API-016] server/close-leaves-no-thread", () -> {
                ResultEntry e = closeLeavesNoThread();
                report.record(e);
                conclude(e, Set.of(), subject.isStrict());
            }));
        }
        return tests.stream();
    }

    /**
     * Which HTTP the suite speaks to the subject: {@link HttpVersion#AUTO} by default (an https subject's ALPN choice,
     * HTTP/1.1 over http); {@link HttpVersion#HTTP_2} for h2 over an https base URL, or h2c with prior knowledge over
     * an http one. The results' {@code meta.protocol} names what was spoken.
     */
    protected HttpVersion protocol() {
        return HttpVersion.AUTO;
    }

    /** The TLS context the suite trusts an https subject with (e.g. its self-signed certificate); null: the JDK's. */
    protected SSLContext clientTls() throws Exception {
        return null;
    }

    /**
     * The cases this subject is known to fail: its findings. Their failures are recorded as they are, and their tests
     * pass; a listed case that no longer fails fails its test, so the list stays true. Empty by default: a server
     * meant to conform fails its test on any MUST it misses.
     */
    protected Set<String> knownFailures() {
        return Set.of();
    }

    /**
     * The framework the subject is written with, when it is one: its results then carry it in {@code meta}
     * ({@code framework}, {@code framework.version}, {@code framework.api}) and the docs' "SSE in the frameworks"
     * report shows it. None by default.
     */
    protected Framework framework() {
        return null;
    }

    /** A framework subject: the framework's name, its version, and the SSE API the subject uses. */
    public record Framework(String name, String version, String api) {

        /** The version the subject's build pins, passed by the build as {@code sse.framework.version}. */
        public static String builtVersion() {
            String v = System.getProperty("sse.framework.version", "");
            return v.isBlank() ? "?" : v;
        }
    }

    /** Pins a case's outcome, showing the whole entry when it differs. */
    protected final void assertOutcome(String id, Outcome want) {
        ResultEntry e = result(id);
        Assertions.assertEquals(want, e.outcome(), () -> id + ": " + e);
    }

    /** Pins a finding: a {@code fail} or {@code non-strict} entry whose Actual names the defect ({@code inActual}). */
    protected final void assertFinding(String id, String inActual) {
        ResultEntry e = result(id);
        Assertions.assertTrue(e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT, () -> id + " is no finding: " + e);
        Assertions.assertTrue(e.actual() != null && e.actual().contains(inActual),
                () -> id + ": Actual lacks " + inActual + ": " + e.detail());
    }

    /** The subject under test, once started. */
    protected final Subject subject() {
        return subject;
    }

    /**
     * The result of the case {@code id}, run now if it has not run yet (each case runs once per class), so that a
     * subclass can pin what a subject's results must say.
     */
    protected final synchronized ResultEntry result(String id) {
        ResultEntry e = results.get(id);
        if (e == null) {
            ConformanceCheck check = runner.checks().stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no case " + id));
            e = check.run();
            results.put(id, e);
            report.record(e);
        }
        return e;
    }

    /** Writes the subject's results file now and returns it. */
    protected final Path writeResults() {
        return report.writeTo(resultsDir());
    }

    /**
     * For a {@link #start} that cannot start its subject here (a tool is missing): records {@code subject/<name>} as
     * not-run with {@code why} in the subject's results, then aborts the class, or fails it when the system property
     * {@code requiredProperty} is true.
     */
    protected final Subject cannotStart(String subjectName, String why, String requiredProperty) {
        ConformanceReport r = ConformanceReport.of(subjectName);
        frameworkMeta(r); // a framework that cannot run here is shown as not run, never left out
        r.record(new ResultEntry("subject/" + subjectName, ResultEntry.TEST, List.of("AUTH-001"), Outcome.NOT_RUN, null, null,
                why, 0));
        r.writeTo(resultsDir());
        if (Boolean.getBoolean(requiredProperty)) {
            Assertions.fail(why + " (" + requiredProperty + "=true)");
        }
        return Assumptions.abort(why);
    }

    private void frameworkMeta(ConformanceReport r) {
        Framework framework = framework();
        if (framework != null) {
            r.meta("framework", framework.name());
            r.meta("framework.version", framework.version());
            r.meta("framework.api", framework.api());
        }
    }

    private static Path resultsDir() {
        return Path.of(System.getProperty("sse.conformance.dir", "target/conformance"));
    }

    private static void conclude(ResultEntry e, Set<String> known, boolean strict) {
        Assumptions.assumeTrue(e.outcome() != Outcome.NOT_RUN, () -> "not run: " + e.detail());
        boolean failed = e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT;
        if (known.contains(e.id()) && !failed) {
            Assertions.fail(e.id() + " is listed in knownFailures() but is " + e.outcome() + " now: take it off the list ("
                    + e.detail() + ")");
        }
        boolean counts = e.outcome() == Outcome.FAIL || strict && e.outcome() == Outcome.NON_STRICT;
        if (counts && !known.contains(e.id())) {
            Assertions.fail(e.detail());
        }
    }

    /** Graceful close, then every thread the server started must end within its grace period and a margin. */
    private ResultEntry closeLeavesNoThread() throws InterruptedException {
        String id = "server/close-leaves-no-thread";
        List<String> reqs = List.of("API-016");
        long t0 = System.nanoTime();
        closed = true;
        subject.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        long deadline = System.nanoTime() + (subject.closeGraceMs() + 5_000) * 1_000_000;
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                    .filter(t -> SERVER_THREAD.matcher(t.getName()).matches() && !OUR_THREAD.matcher(t.getName()).matches())
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (left.isEmpty()) {
            return new ResultEntry(id, ResultEntry.TEST, reqs, Outcome.PASS, null, null,
                    "close() returned after " + closeMs + " ms; no server thread left", ms);
        }
        String expected = "no server thread alive after close()";
        String actual = left.stream().map(Thread::getName).sorted().collect(Collectors.joining(", ", "alive: ", ""));
        return new ResultEntry(id, ResultEntry.TEST, reqs, Outcome.ofFailure(reqs), expected, actual,
                Failure.format(reqs, id, expected, actual), ms);
    }

    /** Used heap after a collection: a subject in this JVM has its backlogs here (API-024). */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
