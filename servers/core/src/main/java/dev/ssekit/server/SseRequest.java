package dev.ssekit.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the core sees it: method, path, the raw (still percent-encoded) query string or null, headers with
 * lower-case names (each header line a value of its own, in order), the body (empty for GET; null while only the head
 * has arrived, see {@link SseCore#admit}), and the protocol version as the request line says it ({@code HTTP/1.1}).
 */
public record SseRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
        String version) {

    public static final String HTTP_1_1 = "HTTP/1.1";
    public static final String HTTP_1_0 = "HTTP/1.0";

    /** An HTTP/1.1 request. */
    public SseRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this(method, path, rawQuery, headers, body, HTTP_1_1);
    }

    /** The first value of a header, or null. Names are matched case-insensitively. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a header (one per header line, in order); empty when absent. */
    public List<String> headerValues(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? List.of() : v;
    }

    /**
     * The body length announced by Content-Length: 0 without one, -1 unless it is one line of one decimal number of at
     * most 18 digits. RFC 9112 6.3 lets a recipient take a list of equal values; neither server's HTTP parser does
     * (Netty and Undertow refuse a repeated Content-Length), so the core refuses it too and both servers answer alike.
     */
    public long contentLength() {
        List<String> values = headerValues("content-length");
        if (values.isEmpty()) {
            return 0;
        }
        if (values.size() > 1) {
            return -1;
        }
        String p = values.get(0).trim();
        if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(p);
    }

    public boolean isHttp10() {
        return HTTP_1_0.equals(version);
    }
}
