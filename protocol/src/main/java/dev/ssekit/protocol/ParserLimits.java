package dev.ssekit.protocol;

/**
 * Bounds on what an {@link EventStreamParser} buffers, so that a hostile or broken stream cannot exhaust the heap.
 * HTML sets no limits; these are the kit's own. Exceeding one raises {@link LimitExceededException}.
 */
public final class ParserLimits {

    /** 1 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
    /** 8 MiB. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 8 << 20;

    private static final ParserLimits DEFAULTS = new ParserLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_EVENT_SIZE);

    private final int maxLineLength;
    private final int maxEventSize;

    private ParserLimits(int maxLineLength, int maxEventSize) {
        this.maxLineLength = maxLineLength;
        this.maxEventSize = maxEventSize;
    }

    /** maxLineLength 1 MiB, maxEventSize 8 MiB. */
    public static ParserLimits defaults() {
        return DEFAULTS;
    }

    /**
     * @param maxLineLength the most bytes one line may have, not counting its line end; at least 1
     * @param maxEventSize the most UTF-8 bytes the data buffer may hold (values plus one LF each); at least 1
     */
    public static ParserLimits of(int maxLineLength, int maxEventSize) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be at least 1, got " + maxLineLength);
        }
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("maxEventSize must be at least 1, got " + maxEventSize);
        }
        return new ParserLimits(maxLineLength, maxEventSize);
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    public int maxEventSize() {
        return maxEventSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParserLimits l && l.maxLineLength == maxLineLength && l.maxEventSize == maxEventSize;
    }

    @Override
    public int hashCode() {
        return 31 * maxLineLength + maxEventSize;
    }

    @Override
    public String toString() {
        return "ParserLimits[maxLineLength=" + maxLineLength + ", maxEventSize=" + maxEventSize + "]";
    }
}
