package dev.ssekit.conformance;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The server conformance suite (the reactive-streams TCK pattern): a server module joins with a subclass that says
 * how to start it. One server per class, on 127.0.0.1 port 0, configured with {@link SuiteConfig}; one dynamic test
 * per case ({@code [REQ-IDS] <case id>}), each recording its entry into the subject's results (the {@code sse.subject}
 * property). A case fails its test only when it fails a MUST; {@code non-strict}, {@code info} and
 * {@code not-applicable} are recorded and pass, {@code not-run} is reported as aborted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerConformance {

    /** Every read is bounded by this; a conforming server answers far sooner. */
    static final long TIMEOUT_MS = 10_000;
    /** Threads a server may leave behind, by name: Undertow's XNIO, Vert.x's event loops, the core's timers. */
    private static final Pattern SERVER_THREAD = Pattern.compile("(?i).*(xnio|undertow|vert\\.?x|netty|sse).*");
    private static final Pattern OUR_THREAD = Pattern.compile("sse-kit-check.*");

    private SseServer server;
    private Set<Thread> threadsBefore;
    private boolean closed;

    /** Starts the server under test with {@code config} (its port is 0: the server picks a free one). */
    protected abstract SseServer start(SseServerConfig config);

    @BeforeAll
    void startServer() {
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        server = start(SuiteConfig.config());
    }

    @AfterAll
    void stopServer() {
        if (server != null && !closed) {
            closed = true;
            server.close();
        }
    }

    @TestFactory
    @DisplayName("[API-001,AUTH-001] the server conformance suite")
    Stream<DynamicTest> conformance() {
        CheckRunner runner = CheckRunner.prepare(CheckOptions.referenceServer(Target.local(server.host(), server.port()),
                TIMEOUT_MS, ServerConformance::usedHeapAfterGc));
        ConformanceReport report = ConformanceReport.current() != null ? ConformanceReport.current()
                : ConformanceReport.of(server.name());
        report.meta("server", server.name());
        runner.meta().forEach(report::meta);
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceCheck check : runner.checks()) {
            tests.add(DynamicTest.dynamicTest(check.displayName(), () -> {
                ResultEntry e = check.run();
                report.record(e);
                conclude(e);
            }));
        }
        tests.add(DynamicTest.dynamicTest("[API-016] server/close-leaves-no-thread", () -> {
            ResultEntry e = closeLeavesNoThread();
            report.record(e);
            conclude(e);
        }));
        return tests.stream();
    }

    private static void conclude(ResultEntry e) {
        if (e.outcome() == Outcome.FAIL) {
            Assertions.fail(e.detail());
        }
        Assumptions.assumeTrue(e.outcome() != Outcome.NOT_RUN, () -> "not run: " + e.detail());
    }

    /** Graceful close, then every thread the server started must end within its grace period and a margin. */
    private ResultEntry closeLeavesNoThread() throws InterruptedException {
        ConformanceCheck self = new ConformanceCheck("server/close-leaves-no-thread", List.of("API-016"),
                "Closing the server ends every thread it started.", ResultEntry.TEST, c -> null);
        long t0 = System.nanoTime();
        closed = true;
        server.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        long deadline = System.nanoTime() + (server.config().shutdownGraceMs() + 5_000) * 1_000_000;
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
        ResultEntry e = left.isEmpty() ? Results.pass(self, "close() returned after " + closeMs + " ms; no server thread left")
                : Results.failure(self, "no server thread alive after close()",
                        left.stream().map(Thread::getName).sorted().collect(Collectors.joining(", ", "alive: ", "")));
        return new ResultEntry(e.id(), ResultEntry.TEST, e.requirements(), e.outcome(), e.expected(), e.actual(), e.detail(), ms);
    }

    /** Used heap after a collection: the server runs in this JVM, so its backlogs show here (API-024). */
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
