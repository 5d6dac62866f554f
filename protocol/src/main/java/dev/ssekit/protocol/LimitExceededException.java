package dev.ssekit.protocol;

/** A stream went past one of its {@link ParserLimits}. The parser that threw it accepts no more input. */
public class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long max;

    public LimitExceededException(String limit, long max, String message) {
        super(message);
        this.limit = limit;
        this.max = max;
    }

    static LimitExceededException lineLength(long max) {
        return new LimitExceededException("maxLineLength", max,
                "event-stream line longer than maxLineLength=" + max + " bytes");
    }

    static LimitExceededException eventSize(long max) {
        return new LimitExceededException("maxEventSize", max,
                "event-stream event data larger than maxEventSize=" + max + " bytes");
    }

    /** The name of the limit: {@code "maxLineLength"} or {@code "maxEventSize"}. */
    public String limit() {
        return limit;
    }

    /** The limit's value, in bytes. */
    public long max() {
        return max;
    }
}
