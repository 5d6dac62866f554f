package dev.ssekit.conformance;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.List;
import java.util.function.Function;

/**
 * One case of the server suite: a stream vector or a generic check, with the requirements it cites. {@link #run()}
 * never throws: whatever happens becomes the case's {@link ResultEntry}.
 */
public final class ConformanceCheck {

    private final String id;
    private final List<String> requirements;
    private final String description;
    private final String kind;
    private final Function<ConformanceCheck, ResultEntry> body;

    ConformanceCheck(String id, List<String> requirements, String description, String kind,
            Function<ConformanceCheck, ResultEntry> body) {
        this.id = id;
        this.requirements = List.copyOf(requirements);
        this.description = description;
        this.kind = kind;
        this.body = body;
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
        long t0 = System.nanoTime();
        ResultEntry e;
        try {
            e = body.apply(this);
        } catch (RuntimeException | AssertionError ex) {
            // Something the suite did not foresee; the subject's answer is the likeliest cause, so it counts against it.
            e = Results.failure(this, "the case runs to its end",
                    "it stopped with " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
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
