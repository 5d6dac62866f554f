package dev.ssekit.torture;

import dev.ssekit.spec.Failure;
import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a vector's {@link ResultEntry}: every mismatch is collected, so one run shows all of them, and a failure is
 * {@code fail} or {@code non-strict} by the levels of the requirements the vector cites. The duration is added by
 * {@link TortureCase}.
 */
final class Verdict {

    private final TortureVector vector;
    private final List<String> expected = new ArrayList<>();
    private final List<String> actual = new ArrayList<>();

    Verdict(TortureVector vector) {
        this.vector = vector;
    }

    /** A mismatch: what the vector expects, and what came instead (both escaped by the caller). */
    void add(String exp, String act) {
        expected.add(exp);
        actual.add(act);
    }

    boolean isEmpty() {
        return expected.isEmpty();
    }

    /**
     * Pass with {@code measured} as the detail, or the failure; {@code measured} (the numbers behind the verdict) is
     * appended to Actual so that a failure states them too.
     */
    ResultEntry result(String measured) {
        if (expected.isEmpty()) {
            return pass(vector, measured);
        }
        String act = String.join("; ", actual) + (measured == null || measured.isEmpty() ? "" : " [" + measured + "]");
        return failure(vector, String.join("; ", expected), act);
    }

    static ResultEntry pass(TortureVector v, String detail) {
        return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.PASS, null, null, detail, 0);
    }

    static ResultEntry failure(TortureVector v, String expected, String actual) {
        return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.ofFailure(v.requirements()), expected,
                actual, Failure.format(v.requirements(), v.id(), expected, actual), 0);
    }

    static ResultEntry notApplicable(TortureVector v, String why) {
        return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.NOT_APPLICABLE, null, null, why, 0);
    }

    static ResultEntry notRun(TortureVector v, String why) {
        return new ResultEntry(v.id(), ResultEntry.VECTOR, v.requirements(), Outcome.NOT_RUN, null, null, why, 0);
    }
}
