package dev.ssekit.conformance;

import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link ResultEntry} of a case; {@link ConformanceCheck#run()} adds kind and duration. */
final class Results {

    private Results() {
    }

    static ResultEntry pass(ConformanceCheck c, String detail) {
        return new ResultEntry(c.id(), null, c.requirements(), Outcome.PASS, null, null, detail, 0);
    }

    /** A failed case: {@code fail} when it cites a MUST, else {@code non-strict}; the detail is the h2spec-style text. */
    static ResultEntry failure(ConformanceCheck c, String expected, String actual) {
        return new ResultEntry(c.id(), null, c.requirements(), Outcome.ofFailure(c.requirements()), expected, actual,
                Failure.format(c.requirements(), c.id(), expected, actual), 0);
    }

    static ResultEntry info(ConformanceCheck c, String detail) {
        return new ResultEntry(c.id(), null, c.requirements(), Outcome.INFO, null, null, detail, 0);
    }

    static ResultEntry notApplicable(ConformanceCheck c, String why) {
        return new ResultEntry(c.id(), null, c.requirements(), Outcome.NOT_APPLICABLE, null, null, why, 0);
    }

    static ResultEntry notRun(ConformanceCheck c, String why) {
        return new ResultEntry(c.id(), null, c.requirements(), Outcome.NOT_RUN, null, null, why, 0);
    }

    /** Collects every mismatch of a case, so that one run shows all of them. */
    static final class Mismatches {
        private final List<String> expected = new ArrayList<>();
        private final List<String> actual = new ArrayList<>();

        void add(String exp, String act) {
            expected.add(exp);
            actual.add(act);
        }

        boolean isEmpty() {
            return expected.isEmpty();
        }

        ResultEntry result(ConformanceCheck c, String passDetail) {
            if (isEmpty()) {
                return pass(c, passDetail);
            }
            return failure(c, String.join("; ", expected), String.join("; ", actual));
        }
    }
}
