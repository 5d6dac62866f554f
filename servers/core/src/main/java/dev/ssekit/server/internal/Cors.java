package dev.ssekit.server.internal;

import dev.ssekit.server.SseResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CORS on every answer (API-022, API-023): a request whose {@code Origin} is on the allow-list gets that origin echoed,
 * {@code Access-Control-Allow-Credentials: true} and {@code Vary: Origin}; any other request gets
 * {@code Access-Control-Allow-Origin: *} (plus {@code Vary: Origin} when an allow-list exists, since the answer then
 * depends on the origin). {@code OPTIONS} gets the preflight answer.
 */
public final class Cors {

    private static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID";

    private final Set<String> allowedOrigins;
    private final Map<String, List<String>> star;

    public Cors(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Access-Control-Allow-Origin", List.of("*")); // API-022: no credentials with * (CORS-006)
        if (!this.allowedOrigins.isEmpty()) {
            h.put("Vary", List.of("Origin"));
        }
        this.star = Collections.unmodifiableMap(h);
    }

    /** The CORS headers of an answer to a request with this {@code Origin} (null when it has none). */
    public Map<String, List<String>> headers(String origin) {
        if (origin == null || !allowedOrigins.contains(origin)) {
            return star;
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Access-Control-Allow-Origin", List.of(origin)); // API-023: exactly as sent, never *
        h.put("Access-Control-Allow-Credentials", List.of("true"));
        h.put("Vary", List.of("Origin"));
        return Collections.unmodifiableMap(h);
    }

    /** The preflight answer for a path that allows {@code allow}. */
    public static SseResponse preflight(String allow, Map<String, List<String>> cors) {
        return Answers.full(204, Answers.headers(cors,
                "Allow", allow,
                "Access-Control-Allow-Methods", allow,
                "Access-Control-Allow-Headers", ALLOW_HEADERS,
                "Access-Control-Max-Age", "600"), new byte[0]);
    }
}
