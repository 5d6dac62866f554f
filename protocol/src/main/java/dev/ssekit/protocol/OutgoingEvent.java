package dev.ssekit.protocol;

/**
 * An event to send. Every component may be null (absent); construction rejects anything the wire format cannot
 * carry faithfully, so every {@code OutgoingEvent} encodes to exactly the event it describes.
 *
 * <ul>
 *   <li>{@code id} and {@code event} must not contain CR, LF (they would end the line and inject a field,
 *       PARSE-031) or NUL (a browser ignores an id containing NUL, PARSE-018).</li>
 *   <li>{@code comment} and {@code data} may contain CR, LF and CRLF: the encoder splits them into lines.</li>
 *   <li>No text may contain an unpaired surrogate: it has no UTF-8 form (PARSE-030).</li>
 *   <li>{@code retry} must not be negative: the wire takes digits only (PARSE-019).</li>
 *   <li>At least one component must be present.</li>
 * </ul>
 *
 * @param comment comment text, sent as {@code :} lines; a comment-only event dispatches nothing
 * @param retry the reconnection time in milliseconds
 * @param id the event ID; "" resets the client's last event ID
 * @param event the event type; null or "" means the default, "message"
 * @param data the event data; "" sends an event with empty data
 * @throws InvalidEventException naming the field and the reason
 */
public record OutgoingEvent(String comment, Long retry, String id, String event, String data) {

    public OutgoingEvent {
        if (comment == null && retry == null && id == null && (event == null || event.isEmpty()) && data == null) {
            // An empty event type alone would be a bare blank line: nothing a client can observe (ENC-007).
            throw new InvalidEventException("message", "empty",
                    "message must have at least one of comment, retry, id, event (non-empty), data");
        }
        checkText("comment", comment, false);
        if (retry != null && retry < 0) {
            throw new InvalidEventException("retry", "negative", "retry must not be negative, got " + retry);
        }
        checkText("id", id, true);
        checkText("event", event, true);
        checkText("data", data, false);
    }

    /** An event with this data and nothing else. */
    public static OutgoingEvent data(String data) {
        return new OutgoingEvent(null, null, null, null, data);
    }

    /** A comment alone: a heartbeat that dispatches nothing. */
    public static OutgoingEvent comment(String comment) {
        return new OutgoingEvent(comment, null, null, null, null);
    }

    public OutgoingEvent withId(String id) {
        return new OutgoingEvent(comment, retry, id, event, data);
    }

    public OutgoingEvent withEvent(String event) {
        return new OutgoingEvent(comment, retry, id, event, data);
    }

    public OutgoingEvent withRetry(long retry) {
        return new OutgoingEvent(comment, retry, id, event, data);
    }

    public OutgoingEvent withComment(String comment) {
        return new OutgoingEvent(comment, retry, id, event, data);
    }

    /** The first offending char by index wins; lines-breaking chars count only in single-line fields. */
    private static void checkText(String field, String s, boolean singleLine) {
        if (s == null) {
            return;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (singleLine && c <= '\r') {
                if (c == '\r') {
                    throw invalid(field, "CR", "CR (U+000D)", i);
                } else if (c == '\n') {
                    throw invalid(field, "LF", "LF (U+000A)", i);
                } else if (c == 0) {
                    throw invalid(field, "NUL", "NUL (U+0000)", i);
                }
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw invalid(field, "surrogate",
                            String.format("an unpaired surrogate (U+%04X)", (int) c), i);
                }
            }
        }
    }

    private static InvalidEventException invalid(String field, String reason, String what, int index) {
        return new InvalidEventException(field, reason, field + " must not contain " + what + " at index " + index);
    }
}
