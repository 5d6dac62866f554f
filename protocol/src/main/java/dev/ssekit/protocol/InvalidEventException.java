package dev.ssekit.protocol;

/**
 * An {@link OutgoingEvent} that cannot be sent as one well-formed event: a field that would inject a line
 * (PARSE-031), text that is not valid Unicode, a negative retry, or nothing at all.
 */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidEventException(String field, String reason, String message) {
        super(message);
        this.field = field;
        this.reason = reason;
    }

    /** {@code "comment"}, {@code "retry"}, {@code "id"}, {@code "event"}, {@code "data"} or {@code "message"}. */
    public String field() {
        return field;
    }

    /** {@code "CR"}, {@code "LF"}, {@code "NUL"}, {@code "surrogate"}, {@code "negative"} or {@code "empty"}. */
    public String reason() {
        return reason;
    }
}
