package dev.ssekit.client;

import java.net.URI;
import java.util.Objects;

/**
 * One event delivered to a listener, as a browser's {@code MessageEvent} shows it.
 *
 * @param type the event type: "message" unless an {@code event} field named another (PARSE-025, PARSE-026)
 * @param data the data lines joined by LF (PARSE-024)
 * @param lastEventId the last event ID string when the event was dispatched (PARSE-022, PARSE-028)
 * @param url the stream's final URL, after redirects, whose {@link #origin()} the event carries (PROC-022)
 */
public record MessageEvent(String type, String data, String lastEventId, URI url) {

    public MessageEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
        Objects.requireNonNull(url, "url");
    }

    /** The serialised origin of {@link #url()}, as {@code MessageEvent.origin}: {@code https://host[:port]} (PROC-022). */
    public String origin() {
        return EventSource.origin(url);
    }
}
