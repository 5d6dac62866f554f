package dev.ssekit.protocol;

import java.util.Objects;

/**
 * One dispatched event, as a browser's {@code MessageEvent} exposes it.
 *
 * @param type the event type; "message" unless an {@code event} field named another (PARSE-025, PARSE-026)
 * @param data the data lines joined by LF, without the final LF (PARSE-024)
 * @param lastEventId the last event ID string at dispatch (PARSE-022, PARSE-028)
 */
public record ParsedEvent(String type, String data, String lastEventId) {

    public ParsedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
    }
}
