package dev.ssekit.conformance;

import java.util.function.LongSupplier;

/**
 * How to check a target.
 *
 * @param target the server and the stream to read
 * @param timeoutMs bound of every read: a response still open then counts as not ended
 * @param suiteConfig the server runs with {@link SuiteConfig}'s settings, so vectors that need them apply
 * @param referenceServer the target is one of the kit's reference servers: every contract feature is taken as offered
 *        (no detection), so a broken feature fails instead of being not-applicable
 * @param document the text the stream is expected to carry piece by piece, or null when unknown
 * @param heapProbe used heap in bytes after a garbage collection, for a server in this JVM; null when unavailable
 * @param capture how much of each response is kept; a response that goes past it is cut there and judged as a prefix
 */
public record CheckOptions(Target target, long timeoutMs, boolean suiteConfig, boolean referenceServer, String document,
        LongSupplier heapProbe, CaptureBound capture) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    public CheckOptions {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        if (capture == null) {
            capture = CaptureBound.DEFAULT;
        }
    }

    /** Options for any URL: features are detected, nothing about its settings is assumed. */
    public static CheckOptions external(Target target, long timeoutMs, String document) {
        return new CheckOptions(target, timeoutMs, false, false, document, null, CaptureBound.DEFAULT);
    }

    /** Options for a reference server in this JVM started with {@link SuiteConfig}. */
    public static CheckOptions referenceServer(Target target, long timeoutMs, LongSupplier heapProbe) {
        return new CheckOptions(target, timeoutMs, true, true, null, heapProbe, CaptureBound.DEFAULT);
    }

    public CheckOptions withSuiteConfig(boolean v) {
        return new CheckOptions(target, timeoutMs, v, referenceServer, document, heapProbe, capture);
    }

    public CheckOptions withCapture(CaptureBound bound) {
        return new CheckOptions(target, timeoutMs, suiteConfig, referenceServer, document, heapProbe, bound);
    }
}
