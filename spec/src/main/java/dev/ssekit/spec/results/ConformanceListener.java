package dev.ssekit.spec.results;

import dev.ssekit.spec.Requirements;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns every test whose display name cites requirements ({@code [PARSE-004] ...}) into a results entry, from any
 * JUnit Platform engine (Jupiter, jqwik), and writes the subject's results file when the run ends, failures or not.
 * Active only when the system property {@code sse.subject} is set; the file goes to {@code sse.conformance.dir}
 * (default {@code target/conformance}). Registered through {@code META-INF/services}.
 */
public final class ConformanceListener implements TestExecutionListener {

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        ConformanceReport report = ConformanceReport.current();
        List<String> reqs = Requirements.cited(id.getDisplayName());
        if (report == null || reqs.isEmpty()) {
            return;
        }
        report.record(new ResultEntry(key(id), ResultEntry.TEST, reqs, Outcome.NOT_RUN, null, null,
                "skipped: " + reason, 0));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        ConformanceReport report = ConformanceReport.current();
        Long t0 = started.remove(id.getUniqueId());
        if (report == null || !id.isTest()) {
            return;
        }
        String name = id.getDisplayName();
        List<String> reqs = Requirements.cited(name);
        if (reqs.isEmpty()) {
            return;
        }
        // Vector runners record their own entry (with Expected/Actual) under the vector's ID.
        String rest = name.substring(name.indexOf(']') + 1).trim();
        String first = rest.isEmpty() ? rest : rest.split("\\s")[0];
        if (!first.isEmpty() && report.has(first)) {
            return;
        }
        double ms = t0 == null ? 0 : (System.nanoTime() - t0) / 1e6;
        List<String> unknown = reqs.stream().filter(r -> Requirements.load().find(r).isEmpty()).toList();
        Outcome outcome;
        String detail = null;
        if (!unknown.isEmpty()) {
            outcome = Outcome.FAIL;
            detail = "cites unknown requirement " + unknown;
        } else {
            switch (result.getStatus()) {
                case SUCCESSFUL -> outcome = Outcome.PASS;
                case ABORTED -> {
                    outcome = Outcome.NOT_RUN;
                    detail = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
                }
                default -> {
                    outcome = Outcome.ofFailure(reqs);
                    detail = result.getThrowable().map(ConformanceListener::describe).orElse("failed");
                }
            }
        }
        report.record(new ResultEntry(key(id), ResultEntry.TEST, reqs, outcome, null, null, detail, ms));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ConformanceReport report = ConformanceReport.current();
        if (report == null) {
            return;
        }
        String dir = System.getProperty("sse.conformance.dir", "target/conformance");
        Path written = report.writeTo(Path.of(dir));
        System.out.println("[sse-kit] results " + report.counts() + " -> " + written);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A readable, stable key: {@code ClassName#method} plus the display name. */
    private String key(TestIdentifier id) {
        String owner = source(id).map(s -> {
            if (s instanceof MethodSource ms) {
                return simple(ms.getClassName()) + "#" + ms.getMethodName();
            }
            if (s instanceof ClassSource cs) {
                return simple(cs.getClassName());
            }
            return "";
        }).orElse("");
        return owner.isEmpty() ? id.getDisplayName() : owner + " " + id.getDisplayName();
    }

    private Optional<TestSource> source(TestIdentifier id) {
        TestIdentifier cur = id;
        while (cur != null) {
            if (cur.getSource().isPresent()) {
                return cur.getSource();
            }
            TestPlan p = plan;
            cur = p == null ? null : p.getParent(cur).orElse(null);
        }
        return Optional.empty();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
