package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a request head must pass before its body is read (contract.md, "Hostile clients"): framing, Host,
 * Expect and the body's size. A request body is taken only with one valid Content-Length (API-031, HTTP-001..003); no
 * chunked request body is ever parsed, so no two readers of the connection can disagree on where a request ends. A
 * refused head ends its connection: whatever follows it on the wire is never read as a request.
 */
public final class Admission {

    /** Why a head is refused: the status and a reason that names the problem. */
    public record Refusal(int status, String reason) {
    }

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
        long length = head.contentLength();
        if (!cl.isEmpty()) {
            if (length < 0) {
                return new Refusal(400, "the header Content-Length is " + BadRequest.quote(String.join(", ", cl))
                        + "; send it once, as one decimal number of bytes (RFC 9112 6.3)");
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
                        + "Expect: 100-continue is");
            }
        }
        if (length > maxBody) {
            return bodyTooLarge(length, maxBody);
        }
        return null;
    }

    /** 413 for a body of {@code length} bytes (API-035, HTTP-006). */
    public static Refusal bodyTooLarge(long length, long maxBody) {
        return new Refusal(413, "the request body is " + length + " bytes; the limit is " + maxBody + " bytes");
    }

    /** True when the head announces a body the server has not read yet. */
    public static boolean announcesBody(SseRequest head) {
        return !head.headerValues("transfer-encoding").isEmpty() || head.contentLength() != 0;
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
                    + "; send the body with Content-Length alone (RFC 9112 6.1)");
        }
        int last = codings.size() - 1;
        if (codings.stream().anyMatch(String::isEmpty) || !"chunked".equals(codings.get(last))
                || codings.indexOf("chunked") != last) {
            return new Refusal(400, "the header Transfer-Encoding is " + given + "; chunked must come once, last"
                    + " (RFC 9112 6.3)");
        }
        if (last > 0) {
            return new Refusal(501, "the transfer coding " + BadRequest.quote(codings.get(0))
                    + " is not implemented; send the body with Content-Length");
        }
        return new Refusal(411, "this server takes a request body only with Content-Length; send it with"
                + " Content-Length instead of Transfer-Encoding: chunked");
    }

    private static Refusal host(SseRequest head) {
        List<String> host = head.headerValues("host");
        if (host.size() > 1) {
            return new Refusal(400, "the request has " + host.size() + " Host headers; it must have one (RFC 9112 3.2)");
        }
        if (host.isEmpty()) {
            return head.isHttp10() ? null : new Refusal(400, "an HTTP/1.1 request must have a Host header (RFC 9112 3.2)");
        }
        String h = host.get(0).trim();
        return validHost(h) ? null : new Refusal(400, "the Host header " + BadRequest.quote(h)
                + " is not a host with an optional port (RFC 9112 3.2)");
    }

    /** {@code host [":" port]}: a name or IPv4 address of URI characters, or an IPv6 literal in brackets; port 1..65535. */
    static boolean validHost(String h) {
        String name = h;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || !h.substring(1, close).chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return false;
            }
            name = h.substring(0, close + 1);
            if (close + 1 < h.length()) {
                if (h.charAt(close + 1) != ':') {
                    return false;
                }
                port = h.substring(close + 2);
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                name = h.substring(0, colon);
                port = h.substring(colon + 1);
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~%!$&'()*+,;=".indexOf(c) >= 0)) {
                    return false;
                }
            }
        }
        if (name.isEmpty()) {
            return false;
        }
        if (port == null) {
            return true;
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int n = Integer.parseInt(port);
        return n >= 1 && n <= 65535;
    }
}
