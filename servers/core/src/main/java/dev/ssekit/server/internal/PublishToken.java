package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may publish to the feed (API-021): only a request with {@code Authorization: Bearer <token>} matching the
 * configured token. No or a non-Bearer Authorization gets 401, a wrong token 403, and with no configured token
 * publishing is off (403). The token is compared in constant time.
 */
public final class PublishToken {

    private final byte[] token; // null: publishing is off

    public PublishToken(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** The refusal of a request that may not publish, or null when it may. */
    public SseResponse refusal(SseRequest request, Map<String, List<String>> cors) {
        if (token == null) {
            return Answers.text(403, cors, "publishing is disabled: this server has no publish token configured");
        }
        String auth = request.header("Authorization");
        String given = bearer(auth);
        if (given == null) {
            Map<String, List<String>> h = Answers.headers(cors, "WWW-Authenticate", "Bearer realm=\"sse-kit\"");
            return Answers.text(401, h, auth == null
                    ? "publishing needs the header Authorization: Bearer <token>"
                    : "the Authorization header must use the Bearer scheme: Authorization: Bearer <token>");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
            return Answers.text(403, cors, "the bearer token is not this server's publish token");
        }
        return null;
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive), or null. */
    private static String bearer(String auth) {
        if (auth == null) {
            return null;
        }
        String a = auth.strip();
        if (a.length() < 7 || !a.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer") || a.charAt(6) != ' ') {
            return null;
        }
        String t = a.substring(7).strip();
        return t.isEmpty() ? null : t;
    }
}
