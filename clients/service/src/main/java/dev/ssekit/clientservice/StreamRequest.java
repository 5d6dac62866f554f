package dev.ssekit.clientservice;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A "create stream" request of the test-service protocol: what the harness wants the client to do. Every property but
 * {@code streamUrl} and {@code callbackUrl} is optional (null when absent).
 *
 * @param headers extra request headers; names as the harness sent them (lower case)
 * @param closeOnError the kit's extension {@code sse-kit:close-in-error-callback}: close the client from inside its
 *     error callback
 */
public record StreamRequest(URI streamUrl, URI callbackUrl, String tag, Long initialDelayMs, Long readTimeoutMs,
        String lastEventId, Map<String, String> headers, String method, String body, boolean closeOnError) {

    public StreamRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Reads the JSON body of {@code POST /}; a missing or malformed property is an {@link IllegalArgumentException}. */
    static StreamRequest of(Map<String, Object> json) {
        URI stream = uri(json, "streamUrl");
        URI callback = uri(json, "callbackUrl");
        Map<String, String> headers = new LinkedHashMap<>();
        Object h = json.get("headers");
        if (h instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!(v instanceof String)) {
                    throw new IllegalArgumentException("header " + k + " is not a string");
                }
                headers.put(String.valueOf(k), (String) v);
            });
        } else if (h != null) {
            throw new IllegalArgumentException("headers is not an object");
        }
        return new StreamRequest(stream, callback, string(json, "tag"), number(json, "initialDelayMs"),
                number(json, "readTimeoutMs"), string(json, "lastEventId"), headers, string(json, "method"),
                string(json, "body"), Boolean.TRUE.equals(json.get("closeOnError")));
    }

    private static URI uri(Map<String, Object> json, String name) {
        String s = string(json, name);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        try {
            URI u = URI.create(s);
            if (!List.of("http", "https").contains(String.valueOf(u.getScheme()).toLowerCase())) {
                throw new IllegalArgumentException(name + " is not an http(s) URL: " + s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + s, e);
        }
    }

    private static String string(Map<String, Object> json, String name) {
        Object v = json.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(name + " is not a string");
    }

    private static Long number(Map<String, Object> json, String name) {
        Object v = json.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l && l >= 0) {
            return l;
        }
        throw new IllegalArgumentException(name + " is not a non-negative integer");
    }
}
