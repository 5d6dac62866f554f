package dev.ssekit.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Fetch standard's CORS check (Fetch 4.10) of a cross-origin response to an EventSource request. A failure makes
 * the response a network error (CORS-004). An EventSource request's credentials mode is "include" when
 * {@code withCredentials} is true and "same-origin" otherwise (CORS-002).
 */
public final class CorsCheck {

    /**
     * The outcome.
     *
     * @param passed true when the response may be read
     * @param reason why it failed, for reports; "" when it passed
     */
    public record Result(boolean passed, String reason) {

        static final Result PASSED = new Result(true, "");

        static Result failed(String reason) {
            return new Result(false, reason);
        }
    }

    private CorsCheck() {
    }

    /**
     * @param origin the serialised origin of the requesting document, e.g. {@code https://a.example}, exactly as
     *     sent in the request's {@code Origin} header
     * @param withCredentials the EventSource's withCredentials
     * @param responseHeaders the response's headers; names match case-insensitively, and several values of one
     *     name are combined with ", " as Fetch "get" does
     */
    public static Result check(String origin, boolean withCredentials, Map<String, List<String>> responseHeaders) {
        Objects.requireNonNull(origin, "origin");
        String allowOrigin = get(responseHeaders, "Access-Control-Allow-Origin");
        if (allowOrigin == null) {
            return Result.failed("no Access-Control-Allow-Origin header"); // CORS-004
        }
        if (!withCredentials && allowOrigin.equals("*")) {
            return Result.PASSED;
        }
        if (!allowOrigin.equals(origin)) {
            return Result.failed(allowOrigin.equals("*")
                    ? "Access-Control-Allow-Origin: * does not admit a credentialed request" // CORS-005
                    : "Access-Control-Allow-Origin \"" + allowOrigin + "\" is not the origin \"" + origin + "\"");
        }
        if (!withCredentials) {
            return Result.PASSED;
        }
        String allowCredentials = get(responseHeaders, "Access-Control-Allow-Credentials");
        if ("true".equals(allowCredentials)) { // CORS-005: exactly `true`, case-sensitive
            return Result.PASSED;
        }
        return Result.failed(allowCredentials == null
                ? "credentialed request, but no Access-Control-Allow-Credentials header"
                : "credentialed request, but Access-Control-Allow-Credentials is \"" + allowCredentials + "\", not \"true\"");
    }

    /** Shorthand for {@code check(...).passed()}. */
    public static boolean passes(String origin, boolean withCredentials, Map<String, List<String>> responseHeaders) {
        return check(origin, withCredentials, responseHeaders).passed();
    }

    /** Fetch "get": the values of every header with this name, trimmed of HTTP whitespace, joined by ", "; or null. */
    static String get(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        StringBuilder combined = null;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() == null || !asciiEqualsIgnoreCase(h.getKey(), name) || h.getValue() == null) {
                continue;
            }
            for (String v : h.getValue()) {
                if (v == null) {
                    continue;
                }
                if (combined == null) {
                    combined = new StringBuilder();
                } else {
                    combined.append(", ");
                }
                combined.append(trimHttpWhitespace(v));
            }
        }
        return combined == null ? null : combined.toString();
    }

    /** Case-insensitive for A-Z only; String.equalsIgnoreCase would also match, e.g., U+017F to 's'. */
    static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && toAsciiLower(x) != toAsciiLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char toAsciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    static String trimHttpWhitespace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isHttpWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && isHttpWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isHttpWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
