package dev.ssekit.client;

import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt. The first reconnect after a stream that opened, and the first after a
 * failed attempt, wait exactly the reconnection time (the server's {@code retry}, PROC-013). The k-th failed attempt
 * in a row (k >= 2, no open in between) waits a jittered time in
 * {@code [base + (1 - jitter) * (ceiling - base), ceiling]}, with
 * {@code ceiling = min(max, max(base, 1 s) * 2^(k-1))}: never shorter than the reconnection time (PROC-023 allows
 * waiting longer, never shorter), never longer than {@code max} unless the reconnection time itself is.
 */
final class Backoff {

    /** The step the backoff doubles from when the reconnection time is shorter, so that retry: 0 cannot spin. */
    static final long MIN_STEP_MILLIS = 1000;

    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;

    Backoff(long maxMillis, double jitter, DoubleSupplier random) {
        if (maxMillis < 0) {
            throw new IllegalArgumentException("the backoff maximum must not be negative");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, not " + jitter);
        }
        this.maxMillis = maxMillis;
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * @param base the reconnection time, in ms
     * @param failures failed attempts in a row, the one just ended included; 0 when the attempt opened a stream
     */
    long delay(long base, int failures) {
        if (failures <= 1) {
            return base;
        }
        long step = Math.max(base, MIN_STEP_MILLIS);
        int shift = Math.min(failures - 1, 62);
        long ceiling = step > (maxMillis >> shift) ? maxMillis : Math.min(maxMillis, step << shift);
        if (ceiling <= base) {
            return base;
        }
        long spread = (long) ((ceiling - base) * jitter * random.getAsDouble());
        return ceiling - spread;
    }
}
