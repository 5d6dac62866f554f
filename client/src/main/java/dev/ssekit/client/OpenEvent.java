package dev.ssekit.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * A connection was announced: a 200 {@code text/event-stream} response arrived and readyState is OPEN (PROC-004).
 *
 * @param url the final URL, after redirects
 * @param httpVersion the HTTP version of this response (HTTP/1.1 when the client sent it itself, see {@link EventSource})
 */
public record OpenEvent(URI url, HttpClient.Version httpVersion) {

    public OpenEvent {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(httpVersion, "httpVersion");
    }
}
