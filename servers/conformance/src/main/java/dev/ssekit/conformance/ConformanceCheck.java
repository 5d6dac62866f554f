package dev.ssekit.conformance;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One case of the server suite: a stream vector or a generic check, with the requirements it cites. {@link #run()}
 * never throws: whatever happens becomes the case's {@link ResultEntry}. Each case has a time budget: a long case
 * looks at {@link #outOfBudget()} and stops itself, not-run with the reason; one that overruns it by
 * {@value #OVERRUN_GRACE_MS} ms more is abandoned, not-run, and the run goes on.
 */
public final class ConformanceCheck {

    private final String id;
    private final List<String> requirements;
    private final String description;
    private final String kind;
    private final Function<ConformanceCheck, ResultEntry> body;
    private final long budgetMs;
    private volatile long deadlineNanos;
    private volatile CheckListener listener = CheckListener.NONE;

    /** How long past its budget a case that does not stop itself is waited for. */
    static final long OVERRUN_GRACE_MS = 5_000;

    ConformanceCheck(String id, List<String> requirements, String description, String kind,
            Function<ConformanceCheck, ResultEntry> body) {
        this(id, requirements, description, kind, body, Long.MAX_VALUE / 4);
    }

    ConformanceCheck(String id, List<String> requirements, String description, String kind,
            Function<ConformanceCheck, ResultEntry> body, long budgetMs) {
        this.id = id;
        this.requirements = List.copyOf(requirements);
        this.description = description;
        this.kind = kind;
        this.body = body;
        this.budgetMs = budgetMs;
    }

    /** The same case with another budget. */
    ConformanceCheck withBudget(long ms) {
        return new ConformanceCheck(id, requirements, description, kind, body, ms);
    }

    /** How long the case may take. */
    public long budgetMs() {
        return budgetMs;
    }

    /** Whether the case has used up its budget (only while it runs). */
    boolean outOfBudget() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Tells the listener of the running case how it is getting on. */
    void progress(String message) {
        listener.progress(this, message);
    }

    public String id() {
        return id;
    }

    public List<String> requirements() {
        return requirements;
    }

    public String description() {
        return description;
    }

    /** {@code [API-001,AUTH-001] stream/api/probe-whole}: the display name a test runner shows. */
    public String displayName() {
        return "[" + String.join(",", requirements) + "] " + id;
    }

    public ResultEntry run() {
        return run(CheckListener.NONE);
    }

    /** Runs it, telling {@code progress} how a long case is getting on. */
    public ResultEntry run(CheckListener progress) {
        long t0 = System.nanoTime();
        listener = progress == null ? CheckListener.NONE : progress;
        deadlineNanos = t0 + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        ResultEntry e;
        FutureTask<ResultEntry> task = new FutureTask<>(() -> body.apply(this));
        // its own thread, so that a case that overruns its budget can be left behind
        Thread t = new Thread(task, "sse-kit-check-case " + id);
        t.setDaemon(true);
        t.start();
        try {
            e = task.get(budgetMs + OVERRUN_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            task.cancel(true);
            e = Results.notRun(this, "ran out of its time budget of " + budgetMs + " ms (and " + OVERRUN_GRACE_MS
                    + " ms more) and was abandoned; the subject answered too slowly for the suite to judge it");
        } catch (InterruptedException ex) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            e = Results.notRun(this, "interrupted");
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Error err && !(cause instanceof AssertionError)) {
                throw err;
            }
            // Something the suite did not foresee; the subject's answer is the likeliest cause, so it counts against it.
            e = Results.failure(this, "the case runs to its end",
                    "it stopped with " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } finally {
            listener = CheckListener.NONE;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return new ResultEntry(e.id(), kind, e.requirements(), e.outcome(), e.expected(), e.actual(), e.detail(), ms);
    }

    /** The case's entry when it is not run at all (a runner's selection left it out): {@code not-run}, saying why. */
    public ResultEntry skipped(String why) {
        return new ResultEntry(id, kind, requirements, Outcome.NOT_RUN, null, null, why, 0);
    }

    /** Whether an outcome means the case failed a MUST (the only outcome that fails a test run). */
    public static boolean isMustFailure(ResultEntry e) {
        return e.outcome() == Outcome.FAIL;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
