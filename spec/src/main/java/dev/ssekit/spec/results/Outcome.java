package dev.ssekit.spec.results;

import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import java.util.Collection;
import java.util.List;

/** The outcome words of a results file. Each means one thing (see spec/README.md). */
public enum Outcome {
    /** The requirement is met. */
    PASS("pass"),
    /** A MUST is not met. */
    FAIL("fail"),
    /** A SHOULD (or MAY) is not met. */
    NON_STRICT("non-strict"),
    /** A fact worth showing that is neither a pass nor a failure. */
    INFO("info"),
    /** The subject does not offer what the case needs. */
    NOT_APPLICABLE("not-applicable"),
    /** The case could not run here; the detail says why. */
    NOT_RUN("not-run"),
    /** The requirement cannot be observed; the detail says why. */
    UNTESTABLE("untestable");

    /** Worst first: what a matrix cell shows when the cases behind it disagree. */
    private static final List<Outcome> WORST_FIRST = List.of(FAIL, NON_STRICT, NOT_RUN, INFO, PASS, NOT_APPLICABLE,
            UNTESTABLE);

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Outcome ofWord(String word) {
        for (Outcome o : values()) {
            if (o.word.equals(word)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome " + word);
    }

    /** The worst of {@code outcomes} (see {@link #severity()}), or null when there are none. */
    public static Outcome worst(Collection<Outcome> outcomes) {
        Outcome worst = null;
        for (Outcome o : outcomes) {
            if (worst == null || o.severity() < worst.severity()) {
                worst = o;
            }
        }
        return worst;
    }

    /** 0 for the worst outcome ({@code fail}), then non-strict, not-run, info, pass, not-applicable, untestable. */
    public int severity() {
        return WORST_FIRST.indexOf(this);
    }

    /** A failed case is {@code fail} when any requirement it cites is a MUST, else {@code non-strict}. */
    public static Outcome ofFailure(Collection<String> requirementIds) {
        Requirements reqs = Requirements.load();
        for (String id : requirementIds) {
            if (reqs.find(id).map(Requirement::isMust).orElse(true)) {
                return FAIL;
            }
        }
        return requirementIds.isEmpty() ? FAIL : NON_STRICT;
    }

    @Override
    public String toString() {
        return word;
    }
}
