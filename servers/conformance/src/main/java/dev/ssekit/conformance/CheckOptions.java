package dev.ssekit.conformance;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How to check a target.
 *
 * @param target the server and the stream to read
 * @param timeoutMs bound of every read: a response still open then counts as not ended
 * @param offered what the target is declared to offer: taken as offered without looking, so a broken feature fails
 *        instead of being not-applicable; what is not declared is looked for ({@link Offer#SUITE_SETTINGS} cannot be)
 * @param document the text the stream is expected to carry piece by piece, or null when unknown
 * @param heapProbe used heap in bytes after a garbage collection, for a server in this JVM; null when unavailable
 * @param capture how much of each response is kept; a response that goes past it is cut there and judged as a prefix
 */
public record CheckOptions(Target target, long timeoutMs, Set<Offer> offered, String document, LongSupplier heapProbe,
        CaptureBound capture) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    public CheckOptions {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        offered = offered == null || offered.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(offered));
        if (capture == null) {
            capture = CaptureBound.DEFAULT;
        }
    }

    /** Options for any URL: nothing is declared, so what it offers is looked for. */
    public static CheckOptions external(Target target, long timeoutMs, String document) {
        return new CheckOptions(target, timeoutMs, Set.of(), document, null, CaptureBound.DEFAULT);
    }

    public CheckOptions withOffered(Set<Offer> v) {
        return new CheckOptions(target, timeoutMs, v, document, heapProbe, capture);
    }

    public CheckOptions withHeapProbe(LongSupplier v) {
        return new CheckOptions(target, timeoutMs, offered, document, v, capture);
    }

    public CheckOptions withCapture(CaptureBound bound) {
        return new CheckOptions(target, timeoutMs, offered, document, heapProbe, bound);
    }
}
