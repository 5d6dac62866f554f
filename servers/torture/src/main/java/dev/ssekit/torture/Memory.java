package dev.ssekit.torture;

import java.util.Locale;
import java.util.function.LongSupplier;

/** Readings of a subject's memory probe, and how they are shown. */
final class Memory {

    private static final long STEP_MS = 250;

    private Memory() {
    }

    /**
     * Reads until two readings in a row differ by less than 1 MiB (or 1 %), or {@code maxMs} has passed: the server has
     * then done with what it could do. Returns the last reading.
     */
    static long settle(LongSupplier probe, long maxMs) {
        long t0 = System.nanoTime();
        long last = probe.getAsLong();
        while ((System.nanoTime() - t0) / 1_000_000 < maxMs) {
            sleep(STEP_MS);
            long now = probe.getAsLong();
            if (Math.abs(now - last) < Math.max(1L << 20, Math.abs(last) / 100)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    /** "45.2 MiB -> 61.0 MiB (+15.8 MiB, 108.0 KiB per client)". */
    static String change(long before, long after, int per, String unit) {
        long growth = after - before;
        return mib(before) + " -> " + mib(after) + " (" + (growth >= 0 ? "+" : "") + mib(growth)
                + (per > 0 ? ", " + kib((double) growth / per) + " per " + unit : "") + ")";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
