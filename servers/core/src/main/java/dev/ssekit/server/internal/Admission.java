package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a request head must pass before its body is read (contract.md, "Hostile clients"): framing, Host and
 * Expect. A request body is taken only with one valid Content-Length (API-031, HTTP-001..003); no chunked request
 * body is ever parsed, so no two readers of the connection can disagree on where a request ends.
 */
public final class Admission {

    /** Why a head is refused: the status, a reason that names the problem, and whether the connection must close. */
    public record Refusal(int status, String reason, boolean close) {
    }

    private static final int MAX_LENGTH_DIGITS = 18; // below Long.MAX_VALUE: no overflow

    private Admission() {
    }

    /**
     * The refusal of a request head, or null when it may go on; {@code maxBody} is the largest body taken.
     */
    public static Refusal check(SseRequest head, long maxBody) {
        List<String> te = head.headerValues("transfer-encoding");
        List<String> cl = head.headerValues("content-length");
        if (!te.isEmpty()) {
            return transferEncoding(te, !cl.isEmpty());
        }
        long length = 0;
        if (!cl.isEmpty()) {
            length = contentLength(cl);
            if (length < 0) {
                return new Refusal(400, "the header Content-Length is " + BadRequest.quote(String.join(", ", cl))
                        + "; it must be one decimal number of bytes (RFC 9112 6.3)", true);
            }
        }
        Refusal host = host(head);
        if (host != null) {
            return host;
        }
        List<String> expect = head.headerValues("expect");
        for (String e : expect) {
            if (!e.trim().equalsIgnoreCase("100-continue")) {
                return new Refusal(417, "the expectation " + BadRequest.quote(e) + " is not supported; only "
                        + "Expect: 100-continue is", length > 0);
            }
        }
        if (length > maxBody) {
            return new Refusal(413, "the request body is " + length + " bytes; the limit is " + maxBody + " bytes",
                    true);
        }
        return null;
    }

    /** The declared body length (0 without Content-Length), or -1 when Content-Length is invalid. */
    public static long declaredLength(SseRequest head) {
        List<String> cl = head.headerValues("content-length");
        return cl.isEmpty() ? 0 : contentLength(cl);
    }

    /** True when the head announces a body the server has not read yet. */
    public static boolean announcesBody(SseRequest head) {
        return !head.headerValues("transfer-encoding").isEmpty() || declaredLength(head) != 0;
    }

    private static Refusal transferEncoding(List<String> values, boolean withLength) {
        List<String> codings = new ArrayList<>();
        for (String v : values) {
            for (String c : v.split(",", -1)) {
                codings.add(c.trim().toLowerCase(Locale.ROOT));
            }
        }
        String given = BadRequest.quote(String.join(", ", values));
        if (withLength) {
            return new Refusal(400, "the request has both Content-Length and Transfer-Encoding " + given
                    + "; send the body with Content-Length alone (RFC 9112 6.1)", true);
        }
        int last = codings.size() - 1;
        if (codings.stream().anyMatch(String::isEmpty) || !"chunked".equals(codings.get(last))
                || codings.indexOf("chunked") != last) {
            return new Refusal(400, "the header Transfer-Encoding is " + given + "; chunked must come once, last"
                    + " (RFC 9112 6.3)", true);
        }
        if (last > 0) {
            return new Refusal(501, "the transfer coding " + BadRequest.quote(codings.get(0))
                    + " is not implemented; send the body with Content-Length", true);
        }
        return new Refusal(411, "this server takes a request body only with Content-Length; send it with"
                + " Content-Length instead of Transfer-Encoding: chunked", true);
    }

    /** The value of Content-Length lines (equal values may repeat, as a list or on several lines), or -1. */
    static long contentLength(List<String> values) {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (p.isEmpty() || p.length() > MAX_LENGTH_DIGITS || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return -1;
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    return -1;
                }
                length = n;
            }
        }
        return length;
    }

    private static Refusal host(SseRequest head) {
        List<String> host = head.headerValues("host");
        if (host.size() > 1) {
            return new Refusal(400, "the request has " + host.size() + " Host headers; it must have one (RFC 9112 3.2)",
                    announcesBody(head));
        }
        if (host.isEmpty()) {
            return head.isHttp10() ? null : new Refusal(400, "an HTTP/1.1 request must have a Host header (RFC 9112 3.2)",
                    announcesBody(head));
        }
        String h = host.get(0).trim();
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"#/<>?@\\^`{|}".indexOf(c) >= 0) {
                return new Refusal(400, "the Host header " + BadRequest.quote(h) + " is not a host and port"
                        + " (RFC 9112 3.2)", announcesBody(head));
            }
        }
        return null;
    }
}
