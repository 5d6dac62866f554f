package dev.ssekit.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What the core answers. A complete response ({@link Full}), a file sent from disk ({@link File}), an event stream
 * ({@link Stream}), or the head of an event stream answered to {@code HEAD} ({@link StreamHead}). For a stream the
 * adapter sends the status and headers with no Content-Length and no compression, flushes them at once, creates its
 * {@link Transport}, and calls {@link Stream#open(Transport)}. Header names are given in their canonical case; an
 * adapter sends them as given. When the headers hold {@code Connection: close} (see {@link #closesConnection()}), the
 * adapter closes the connection once the response is sent: every refusal of a head (whose body is never read), the
 * 408 of the request deadline, and the 500 and 503 of {@link SseCore#failed} say so.
 */
public sealed interface SseResponse {

    int status();

    Map<String, List<String>> headers();

    /** Header fields that manage an HTTP/1.x connection: on HTTP/2 they make a message malformed (RFC 9113 8.2.2). */
    Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "upgrade");

    /**
     * {@code headers} as sent over HTTP/2: without the connection-specific fields. The core's {@code Connection:
     * close} ends only the stream there, which the answer's end already does.
     */
    static Map<String, List<String>> http2Fields(Map<String, List<String>> headers) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(name -> CONNECTION_SPECIFIC.contains(name.toLowerCase(Locale.ROOT)));
        return h;
    }

    /** True when the adapter must close the connection after this response. */
    default boolean closesConnection() {
        List<String> c = headers().get("Connection");
        return c != null && c.stream().anyMatch(v -> v.equalsIgnoreCase("close"));
    }

    /** A complete response with a body (possibly empty, e.g. 204). To a HEAD request the body is not sent. */
    record Full(int status, Map<String, List<String>> headers, byte[] body) implements SseResponse {

        /**
         * The whole response as HTTP/1.1 bytes, with Content-Length: for an adapter that must answer where its
         * server has no response object (the request deadline passing before a request head arrived, API-030).
         */
        public byte[] toHttp11() {
            StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reason(status))
                    .append("\r\n");
            if (!headers.containsKey("Date")) {
                b.append("Date: ").append(HttpStatus.date()).append("\r\n");
            }
            headers.forEach((name, values) -> values.forEach(v -> b.append(name).append(": ").append(v).append("\r\n")));
            b.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length() + body.length);
            out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    /**
     * A file's content, {@code length} bytes from its start, with Content-Length (API-033): the adapter sends it from
     * the file in bounded pieces or by zero-copy, never reading it whole into memory. To a HEAD request only the head
     * is sent.
     */
    record File(int status, Map<String, List<String>> headers, Path path, long length) implements SseResponse {
    }

    /** A 200 event stream; {@code opener} starts it once the adapter has a transport. */
    record Stream(int status, Map<String, List<String>> headers, StreamOpener opener) implements SseResponse {

        public SseStream open(Transport transport) {
            return opener.open(transport);
        }
    }

    /**
     * The head of an event stream, answered to HEAD (HTTP-007): the adapter sends the status and header fields exactly
     * as it would for the stream (no Content-Length) and no content, and opens nothing.
     */
    record StreamHead(int status, Map<String, List<String>> headers) implements SseResponse {
    }

    /**
     * An answer that needs the feed's store first (a publish, a resume from a faster server): {@code answer} completes
     * with one of the other kinds, never another {@code Later}, within a bounded time, on whatever thread the store
     * uses. The adapter keeps the request open, reads nothing more from its connection meanwhile, and sends the answer on
     * its own I/O thread; a failed stage gets the core's {@link SseCore#failed} answer. Its status and headers are not
     * known until then: 0 and none.
     */
    record Later(CompletionStage<SseResponse> answer) implements SseResponse {

        @Override
        public int status() {
            return 0;
        }

        @Override
        public Map<String, List<String>> headers() {
            return Map.of();
        }
    }

    @FunctionalInterface
    interface StreamOpener {
        SseStream open(Transport transport);
    }
}
