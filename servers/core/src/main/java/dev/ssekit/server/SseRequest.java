package dev.ssekit.server;

import java.util.List;
import java.util.Map;

/**
 * A request as the core sees it: method, path, the raw (still percent-encoded) query string or null,
 * headers with lower-case names, and the body (empty for GET).
 */
public record SseRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, or null. Names are matched case-insensitively. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
