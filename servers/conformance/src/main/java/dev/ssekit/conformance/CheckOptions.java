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
 * @param eventType the event type the page listens for ({@code lol} for the tutorial's page); null when unknown
 * @param paceMs how often the stream sends an event, in ms, when the user knows it: the read of the document then waits
 *        for all of it; 0 when unknown
 */
public record CheckOptions(Target target, long timeoutMs, Set<Offer> offered, String document, LongSupplier heapProbe,
        CaptureBound capture, String eventType, long paceMs) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    public CheckOptions {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        offered = offered == null || offered.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(offered));
        if (capture == null) {
            capture = CaptureBound.DEFAULT;
        }
        if (paceMs < 0) {
            throw new IllegalArgumentException("paceMs must not be negative, got " + paceMs);
        }
    }

    /** Options for any URL: nothing is declared, so what it offers is looked for. */
    public static CheckOptions external(Target target, long timeoutMs, String document) {
        return new CheckOptions(target, timeoutMs, Set.of(), document, null, CaptureBound.DEFAULT, null, 0);
    }

    /** The same options for {@code t} (e.g. the target once its protocol is settled). */
    public CheckOptions withTarget(Target t) {
        return new CheckOptions(t, timeoutMs, offered, document, heapProbe, capture, eventType, paceMs);
    }

    public CheckOptions withOffered(Set<Offer> v) {
        return new CheckOptions(target, timeoutMs, v, document, heapProbe, capture, eventType, paceMs);
    }

    public CheckOptions withHeapProbe(LongSupplier v) {
        return new CheckOptions(target, timeoutMs, offered, document, v, capture, eventType, paceMs);
    }

    public CheckOptions withCapture(CaptureBound bound) {
        return new CheckOptions(target, timeoutMs, offered, document, heapProbe, bound, eventType, paceMs);
    }

    /** The event type the page listens for. */
    public CheckOptions withEventType(String type) {
        return new CheckOptions(target, timeoutMs, offered, document, heapProbe, capture, type, paceMs);
    }

    /** The stream's pace, in ms per event. */
    public CheckOptions withPaceMs(long ms) {
        return new CheckOptions(target, timeoutMs, offered, document, heapProbe, capture, eventType, ms);
    }
}
