package dev.ssekit.bench.load;

import java.io.IOException;

/**
 * The fan-out ramp's search for the highest sustained rate: the planned doubling steps find a bracket (the last
 * sustained rate, the first one not sustained), then bisection narrows it until {@code hi <= 1.1 * lo}. Doubling alone
 * let a ratio move only in factors of about two (issue 14).
 *
 * <p>Every probe, doubling or bisection, is a normal step with the same rules: a step that fails without losing a
 * subscriber is run once more, at most once in the whole ramp (one GC pause should not end it); a lost subscriber ends
 * the ramp at once, since the remaining subscribers no longer measure the same thing.
 */
final class RateSearch {

    /** The bracket is narrow enough once its upper end is at most this factor of its lower end. */
    static final double WITHIN = 1.1;
    /** Bisection probes a ramp may add at most (a 2.5x bracket needs five to reach 10%). */
    static final int MAX_PROBES = 8;

    /** The step kinds written to each step of the JSON. */
    static final String DOUBLING = "doubling";
    static final String BISECTION = "bisection";

    /** Whether a step was sustained, and whether it lost a subscriber. */
    record Outcome(boolean sustained, boolean lostSubscriber) {
    }

    /** Runs one step at {@code rate}; {@code retryLeft}: a failure now (without a loss) is run again. */
    @FunctionalInterface
    interface Step {
        Outcome run(long rate, String kind, boolean retryLeft) throws IOException, InterruptedException;
    }

    /**
     * {@code lo}: the highest sustained rate, 0 when none; {@code hi}: the lowest rate not sustained, 0 when every rate
     * was; {@code lost}: a subscriber was lost and the ramp ended there.
     */
    record Result(long lo, long hi, boolean lost) {
    }

    private RateSearch() {
    }

    static Result search(long[] rates, Step step) throws IOException, InterruptedException {
        boolean[] retryLeft = {true};
        long lo = 0;
        long hi = 0;
        for (long rate : rates) {
            Outcome o = probe(step, rate, DOUBLING, retryLeft);
            if (o.lostSubscriber()) {
                return new Result(lo, rate, true);
            }
            if (!o.sustained()) {
                hi = rate;
                break;
            }
            lo = rate;
        }
        if (lo == 0 || hi == 0) {
            return new Result(lo, hi, false); // no bracket: nothing sustained, or every planned rate was
        }
        for (int probes = 0; hi > WITHIN * lo && probes < MAX_PROBES; probes++) {
            long mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break; // rates are whole events per second
            }
            Outcome o = probe(step, mid, BISECTION, retryLeft);
            if (o.lostSubscriber()) {
                return new Result(lo, mid, true);
            }
            if (o.sustained()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Result(lo, hi, false);
    }

    /** One step, and its one retry when a failure (without a loss) still has it. */
    private static Outcome probe(Step step, long rate, String kind, boolean[] retryLeft) throws IOException, InterruptedException {
        Outcome o = step.run(rate, kind, retryLeft[0]);
        if (!o.sustained() && !o.lostSubscriber() && retryLeft[0]) {
            retryLeft[0] = false;
            o = step.run(rate, kind, false);
        }
        return o;
    }
}
