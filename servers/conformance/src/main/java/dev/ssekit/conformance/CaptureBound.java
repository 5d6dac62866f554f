package dev.ssekit.conformance;

/**
 * How much of one response the suite keeps (KIT-012): at most {@code maxBytes} of body bytes and event text together,
 * and at most {@code maxEvents} events, comment lines and retry fields together. A response that goes past either is
 * cut there: reading stops, and what was kept is judged as a prefix.
 *
 * @param maxBytes body bytes kept plus the characters of the events and comments kept
 * @param maxEvents events, comment lines and retry fields kept
 */
public record CaptureBound(long maxBytes, int maxEvents) {

    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_EVENTS = 100_000;
    /** The body is kept in one array. */
    public static final long LIMIT_MAX_BYTES = 1L << 30;
    public static final CaptureBound DEFAULT = new CaptureBound(DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS);

    public CaptureBound {
        if (maxBytes <= 0 || maxBytes > LIMIT_MAX_BYTES) {
            throw new IllegalArgumentException("the capture bound must be 1 to " + LIMIT_MAX_BYTES + " bytes, not " + maxBytes);
        }
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("the event bound must be positive, not " + maxEvents);
        }
    }

    /** {@code 16 MiB}, {@code 512 KiB} or {@code 1000 bytes}. */
    public String describeBytes() {
        if (maxBytes % (1 << 20) == 0) {
            return (maxBytes >> 20) + " MiB";
        }
        if (maxBytes % (1 << 10) == 0) {
            return (maxBytes >> 10) + " KiB";
        }
        return maxBytes + " bytes";
    }

    public String describeEvents() {
        return maxEvents + " events";
    }

    @Override
    public String toString() {
        return describeBytes() + ", " + describeEvents();
    }
}
