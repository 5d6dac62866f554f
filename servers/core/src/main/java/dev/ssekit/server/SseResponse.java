package dev.ssekit.server;

import java.util.List;
import java.util.Map;

/**
 * What the core answers. Either a complete response ({@link Full}) or an event stream ({@link Stream}):
 * for a stream the adapter sends the status and headers with no Content-Length and no compression,
 * flushes them at once, creates its {@link Transport}, and calls {@link Stream#open(Transport)}.
 * Header names are given in their canonical case; an adapter sends them as given.
 */
public sealed interface SseResponse {

    int status();

    Map<String, List<String>> headers();

    /** A complete response with a body (possibly empty, e.g. 204). */
    record Full(int status, Map<String, List<String>> headers, byte[] body) implements SseResponse {
    }

    /** A 200 event stream; {@code opener} starts it once the adapter has a transport. */
    record Stream(int status, Map<String, List<String>> headers, StreamOpener opener) implements SseResponse {

        public SseStream open(Transport transport) {
            return opener.open(transport);
        }
    }

    @FunctionalInterface
    interface StreamOpener {
        SseStream open(Transport transport);
    }
}
