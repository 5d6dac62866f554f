package dev.ssekit.torture;

import java.io.PrintStream;

/**
 * How to run the suite.
 *
 * @param seed the seed of every random choice (the churn's abort points); stated in the results so a run can be repeated
 * @param concurrency how many {@code send} vectors run at once (each on its own connection); scenarios always run alone
 * @param progress where one line per finished vector goes; null for none
 */
public record TortureOptions(long seed, int concurrency, PrintStream progress) {

    public TortureOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
    }

    /** A fresh seed, 8 vectors at a time, progress on stdout. */
    public static TortureOptions defaults() {
        return new TortureOptions(System.nanoTime() ^ 0x5DEECE66DL, 8, System.out);
    }

    public TortureOptions withSeed(long v) {
        return new TortureOptions(v, concurrency, progress);
    }

    public TortureOptions withConcurrency(int v) {
        return new TortureOptions(seed, v, progress);
    }

    public TortureOptions withProgress(PrintStream v) {
        return new TortureOptions(seed, concurrency, v);
    }
}
