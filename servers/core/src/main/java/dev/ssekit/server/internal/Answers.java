package dev.ssekit.server.internal;

import dev.ssekit.server.SseResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The core's fixed answers and how every answer is put together: a refusal is {@code text/plain; charset=utf-8} with
 * {@code Cache-Control: no-store} and a one-line reason that names the problem (API-009), plus the CORS headers of the
 * request when there is one. The answers an adapter sends for what never reached a route (a malformed head, the
 * request deadline, a failure) come from here too, so both reference servers send the same words with the same
 * headers. An answer that ends the connection says {@code Connection: close}.
 */
public final class Answers {

    public static final String TEXT = "text/plain; charset=utf-8";

    private static final Map<String, List<String>> NO_CORS = Map.of();
    private static final String SHUTTING_DOWN = "the server is shutting down; try again shortly";

    private Answers() {
    }

    /** A plain-text answer: {@code message} and a newline as its body. */
    public static SseResponse.Full text(int status, Map<String, List<String>> extra, String message) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of(TEXT));
        h.put("Cache-Control", List.of("no-store"));
        h.putAll(extra);
        return full(status, Collections.unmodifiableMap(h), (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static SseResponse.Full full(int status, Map<String, List<String>> headers, byte[] body) {
        return new SseResponse.Full(status, headers, body);
    }

    /** {@code nameValues} as name, value pairs, then the CORS headers; unmodifiable, in that order. */
    public static Map<String, List<String>> headers(Map<String, List<String>> cors, String... nameValues) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        h.putAll(cors);
        return Collections.unmodifiableMap(h);
    }

    /** The head of an event stream (API-001, API-002): no Content-Length, nothing cached or buffered on the way. */
    public static Map<String, List<String>> stream(Map<String, List<String>> cors) {
        return headers(cors,
                "Content-Type", "text/event-stream; charset=utf-8", // API-001
                "Cache-Control", "no-store", // API-002
                "X-Accel-Buffering", "no"); // API-002: nginx would otherwise buffer
    }

    /** The same answer, ending the connection. */
    public static SseResponse.Full closing(SseResponse.Full r) {
        if (r.closesConnection()) {
            return r;
        }
        Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
        h.put("Connection", List.of("close"));
        return new SseResponse.Full(r.status(), Collections.unmodifiableMap(h), r.body());
    }

    public static SseResponse.Full badRequest(Map<String, List<String>> cors, String reason) {
        return text(400, cors, reason);
    }

    /** 404 for a path no route serves; {@code served} names the paths that are served. */
    public static SseResponse.Full notFound(String path, String served, Map<String, List<String>> cors) {
        return text(404, cors, "no resource at " + BadRequest.quote(String.valueOf(path)) + "; this server serves "
                + served);
    }

    /** 405 with {@code Allow}. */
    public static SseResponse.Full methodNotAllowed(String method, String path, String allow,
            Map<String, List<String>> cors) {
        Map<String, List<String>> h = new LinkedHashMap<>(cors);
        h.put("Allow", List.of(allow));
        return text(405, h, "method " + BadRequest.quote(String.valueOf(method)) + " is not allowed on " + path
                + "; allowed: " + allow);
    }

    public static SseResponse.Full redirect(String location, Map<String, List<String>> cors) {
        return text(301, headers(cors, "Location", location), "moved to " + location);
    }

    /** 503 once the core is closing; the connection ends with it. */
    public static SseResponse.Full shuttingDown(Map<String, List<String>> cors) {
        return closing(text(503, cors, SHUTTING_DOWN));
    }

    /** 503 for an adapter's failure once the core is closing. */
    public static SseResponse.Full shuttingDown() {
        return shuttingDown(NO_CORS);
    }

    /**
     * 500 naming the failure (API-035). The connection ends with it: whatever failed, the request's body or the
     * response's framing may be left half-way.
     */
    public static SseResponse.Full internalError(Map<String, List<String>> cors, Throwable e) {
        return closing(text(500, cors, "internal error: " + e));
    }

    /** 500 for an adapter's failure, which has no request at hand. */
    public static SseResponse.Full internalError(Throwable e) {
        return internalError(NO_CORS, e);
    }

    /** A head refused before its body is read (API-031, HTTP-001..006, API-035): the connection ends with it. */
    public static SseResponse.Full refused(int status, String reason, Map<String, List<String>> cors) {
        return closing(text(status, cors, reason));
    }

    /** A head refused before the core saw a request: no CORS headers, since no Origin was read. */
    public static SseResponse.Full refused(int status, String reason) {
        return refused(status, reason, NO_CORS);
    }

    /** 408 for a connection the request deadline ends (API-030). */
    public static SseResponse.Full requestTimedOut(long timeoutMs) {
        return refused(408, "no whole request arrived within " + timeoutMs
                + " ms (the request deadline); the connection is closed");
    }
}
