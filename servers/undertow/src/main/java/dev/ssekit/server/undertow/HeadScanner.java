package dev.ssekit.server.undertow;

import dev.ssekit.server.MalformedHead;
import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request heads strictly (RFC 9112 2-5), one byte at a time, before Undertow's parser sees them: it stops at
 * the first byte that makes a head invalid, naming the problem ({@link MalformedHead}, which the core answers), so
 * that a client gets a reason instead of Undertow's bare 400 and no byte after the problem is ever parsed. The limits
 * are the core's. A complete head becomes an {@link SseRequest}
 * (body null) with every header line as sent, for {@code SseCore.admit}.
 *
 * <p>What it takes: {@code method SP request-target SP HTTP/1.x CRLF}, then {@code name ":" OWS value OWS CRLF}
 * lines and an empty line; empty lines before the request line are skipped (RFC 9112 2.2). Lines end in CRLF only:
 * a bare LF or a bare CR is refused, as Undertow's parser refuses it. The request target takes the characters of
 * RFC 3986 and {@code %} followed by two hex digits.
 */
final class HeadScanner {

    /** The longest request line taken (HTTP-009): the core's limit. */
    static final int MAX_REQUEST_LINE = SseCore.MAX_REQUEST_LINE;
    /** The largest header section taken, CRLFs included; a larger one gets 431 (HTTP-009). */
    static final int MAX_FIELD_SECTION = SseCore.MAX_HEADER_SECTION;
    /** The most header lines taken; more get 431. */
    static final int MAX_FIELDS = SseCore.MAX_HEADER_LINES;
    /** The most empty lines skipped before a request line. */
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    private static final int START = 0;
    private static final int START_LF = 1;
    private static final int METHOD = 2;
    private static final int TARGET_START = 3;
    private static final int SCHEME = 4;
    private static final int ASTERISK = 5;
    private static final int TARGET = 6;
    private static final int PERCENT_1 = 7;
    private static final int PERCENT_2 = 8;
    private static final int VERSION = 9;
    private static final int LINE_LF = 10;
    private static final int FIELD_START = 11;
    private static final int NAME = 12;
    private static final int VALUE = 13;
    private static final int FIELD_LF = 14;
    private static final int END_LF = 15;
    /** The head ended; this and the states after it take no more bytes. */
    private static final int COMPLETE = 16;
    private static final int INVALID = 17;

    /** RFC 9110 5.6.2 tchar. */
    private static final boolean[] TCHAR = new boolean[128];
    /** What a request target may hold unencoded: RFC 3986 unreserved, sub-delims, ":", "@", "/", "?", "[", "]". */
    private static final boolean[] TARGET_CHAR = new boolean[128];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
            TARGET_CHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = TCHAR[c + 32] = true;
            TARGET_CHAR[c] = TARGET_CHAR[c + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@/?[]".toCharArray()) {
            TARGET_CHAR[c] = true;
        }
    }

    private static final byte[] NO_BYTES = new byte[0];

    private int state = START;
    private byte[] head = NO_BYTES;
    private int length;
    private int lineStart;
    private int leadingEmptyLines;
    private int targetStart;
    private int versionStart;
    private int requestLineEnd;
    private int fields;
    private MalformedHead violation;

    /**
     * Reads {@code buffer} from index {@code from} (absolute, position and limit untouched) up to {@code to}, and
     * returns the index after the last byte taken: {@code to} when the head needs more, the index after its final LF
     * when it is {@link #complete()}, or the index of the offending byte when it is invalid ({@link #violation()}).
     */
    int scan(ByteBuffer buffer, int from, int to) {
        int i = from;
        while (i < to && state < COMPLETE) {
            if (!take(buffer.get(i))) {
                return i;
            }
            i++;
        }
        return i;
    }

    boolean complete() {
        return state == COMPLETE;
    }

    /** The problem of an invalid head, for {@link SseCore#malformed}, or null. */
    MalformedHead violation() {
        return violation;
    }

    /** True while no byte of a head has been read (nothing is owed). */
    boolean idle() {
        return state == START && length == 0;
    }

    /** Forgets the head, and its buffer, to read the next one: a connection between requests holds no bytes here. */
    void reset() {
        state = START;
        head = NO_BYTES;
        length = 0;
        lineStart = 0;
        leadingEmptyLines = 0;
        targetStart = 0;
        versionStart = 0;
        requestLineEnd = 0;
        fields = 0;
        violation = null;
    }

    private boolean take(byte b) {
        int c = b & 0xff;
        switch (state) {
            case START:
                if (c == '\r') {
                    state = START_LF;
                    return true;
                }
                if (c < 128 && TCHAR[c]) {
                    append(b);
                    state = METHOD;
                    return true;
                }
                return c == 0x16 ? invalid(MalformedHead.tlsHandshake())
                        : syntax("the request does not start with a method: " + describe(c) + " is not a token"
                                + " character (RFC 9112 3)");
            case START_LF:
                if (c != '\n') {
                    return syntax("a CR before the request line is not followed by LF (RFC 9112 2.2)");
                }
                if (++leadingEmptyLines > MAX_LEADING_EMPTY_LINES) {
                    return syntax("more than " + MAX_LEADING_EMPTY_LINES + " empty lines before the request line");
                }
                state = START;
                return true;
            case METHOD:
                if (c == ' ') {
                    targetStart = length + 1;
                    return appendRequestLine(b, TARGET_START);
                }
                if (c < 128 && TCHAR[c]) {
                    return appendRequestLine(b, METHOD);
                }
                return syntax("the method holds " + describe(c) + "; a method is a token followed by one space"
                        + " (RFC 9112 3)");
            case TARGET_START:
                if (c == '/') {
                    return appendRequestLine(b, TARGET);
                }
                if (c == 'h' || c == 'H') {
                    return appendRequestLine(b, SCHEME);
                }
                if (c == '*') {
                    String method = ascii(0, targetStart - 1);
                    if (method.equals("PRI")) {
                        return invalid(MalformedHead.http2Preface());
                    }
                    return method.equals("OPTIONS") ? appendRequestLine(b, ASTERISK)
                            : syntax("the request target * is for OPTIONS only (RFC 9112 3.2.4)");
                }
                return syntax(c == ' '
                        ? "the request line has no request target, or two spaces after the method (RFC 9112 3)"
                        : "the request target starts with " + describe(c) + "; it must be a path starting with"
                                + " \"/\" or an absolute http:// URI (RFC 9112 3.2)");
            case SCHEME: {
                int k = length - targetStart; // bytes of the scheme part taken so far, 1..7
                int lower = c | 0x20;
                boolean ok = k < 4 ? lower == "http".charAt(k)
                        : k == 4 ? lower == 's' || c == ':'
                        : c == (head[targetStart + 4] == ':' ? "http://" : "https://").charAt(k);
                if (!ok) {
                    return syntax("the request target must be a path starting with \"/\" or an absolute"
                            + " http:// or https:// URI (RFC 9112 3.2)");
                }
                boolean done = head[targetStart + 4] == ':' ? k == 6 : k == 7;
                return appendRequestLine(b, done ? TARGET : SCHEME);
            }
            case ASTERISK:
                if (c != ' ') {
                    return syntax("the request target * stands alone (RFC 9112 3.2.4)");
                }
                versionStart = length + 1;
                return appendRequestLine(b, VERSION);
            case TARGET:
                if (c == ' ') {
                    versionStart = length + 1;
                    return appendRequestLine(b, VERSION);
                }
                if (c == '%') {
                    return appendRequestLine(b, PERCENT_1);
                }
                if (c < 128 && TARGET_CHAR[c]) {
                    return appendRequestLine(b, TARGET);
                }
                if (c == '\r' || c == '\n') {
                    return syntax("the request line ends without an HTTP version; HTTP/0.9 is not supported,"
                            + " send HTTP/1.1 (RFC 9112 3)");
                }
                if (c >= 128) {
                    return syntax(where() + " holds " + describe(c) + ", a raw non-ASCII byte;"
                            + " percent-encode it as UTF-8 (RFC 3986 2.1)");
                }
                return syntax(where() + " holds " + describe(c)
                        + ", which a URI cannot hold unencoded; percent-encode it (RFC 3986 2)");
            case PERCENT_1:
            case PERCENT_2:
                if (Character.digit(c, 16) < 0 || c >= 128) {
                    return syntax("a \"%\" in " + where() + " is not followed by two hex digits"
                            + " (RFC 3986 2.1)");
                }
                return appendRequestLine(b, state == PERCENT_1 ? PERCENT_2 : TARGET);
            case VERSION: {
                // Checked a byte at a time, as Undertow's parser checks it: the first wrong byte is the one refused.
                int k = length - versionStart;
                if (c == '\r' && k == 8) {
                    return version();
                }
                boolean ok = k < 5 ? c == "HTTP/".charAt(k) : k == 6 ? c == '.' : k < 8 && c >= '0' && c <= '9';
                if (!ok) {
                    return syntax("the request line must end with an HTTP version such as \" HTTP/1.1\" and"
                            + " CRLF; it holds " + describe(c) + " where the version is (RFC 9112 2.3)");
                }
                return appendRequestLine(b, VERSION);
            }
            case LINE_LF:
            case FIELD_LF:
            case END_LF:
                if (c != '\n') {
                    return syntax("a CR in the request head is not followed by LF (RFC 9112 2.2)");
                }
                if (state == END_LF) {
                    append(b);
                    state = COMPLETE;
                    return true;
                }
                return appendField(b, FIELD_START);
            case FIELD_START:
                if (c == '\r') {
                    return appendField(b, END_LF);
                }
                if (c == ' ' || c == '\t') {
                    return syntax("a header line starts with whitespace (obs-fold); continuation lines are"
                            + " not accepted (RFC 9112 5.2)");
                }
                if (c < 128 && TCHAR[c]) {
                    if (++fields > MAX_FIELDS) {
                        return invalid(MalformedHead.tooManyHeaderLines());
                    }
                    lineStart = length;
                    return appendField(b, NAME);
                }
                return syntax(c == '\n' ? "a line of the request head ends in a bare LF; lines end in CRLF"
                        + " (RFC 9112 2.2)" : "a header name holds " + describe(c) + " (RFC 9110 5.1)");
            case NAME:
                if (c == ':') {
                    return appendField(b, VALUE);
                }
                if (c < 128 && TCHAR[c]) {
                    return appendField(b, NAME);
                }
                if (c == ' ' || c == '\t') {
                    return syntax("the header " + quotedName() + " has whitespace between its name and"
                            + " the colon (RFC 9112 5.1)");
                }
                if (c == '\r' || c == '\n') {
                    return syntax("the header line " + quotedName() + " has no colon (RFC 9112 5)");
                }
                return syntax("a header name holds " + describe(c) + " (RFC 9110 5.1)");
            case VALUE:
                if (c == '\r') {
                    return appendField(b, FIELD_LF);
                }
                if (c == '\t' || c >= 0x20 && c != 0x7f) {
                    return appendField(b, VALUE);
                }
                return syntax(c == '\n'
                        ? "the header " + quotedName() + " ends in a bare LF; lines end in CRLF (RFC 9112 2.2)"
                        : "the value of the header " + quotedName() + " holds " + describe(c) + " (RFC 9110 5.5)");
            default:
                throw new IllegalStateException("scan after the head ended");
        }
    }

    private boolean version() {
        String v = ascii(versionStart, length);
        if (v.equals(SseRequest.HTTP_1_1) || v.equals(SseRequest.HTTP_1_0)) {
            requestLineEnd = length;
            append((byte) '\r');
            state = LINE_LF;
            return true;
        }
        return invalid(MalformedHead.unsupportedVersion(v));
    }

    /** Where in the request target the byte being read is: a query parameter by name, or the target. */
    private String where() {
        for (int i = length - 1; i >= targetStart; i--) {
            if (head[i] == '?' || head[i] == '&') {
                int end = i + 1;
                while (end < length && head[end] != '=') {
                    end++;
                }
                return "the query parameter " + quote(ascii(i + 1, end));
            }
        }
        return "the request target";
    }

    private boolean appendRequestLine(byte b, int next) {
        if (length - lineStart >= MAX_REQUEST_LINE) {
            return invalid(MalformedHead.requestLineTooLong());
        }
        append(b);
        state = next;
        return true;
    }

    private boolean appendField(byte b, int next) {
        if (length - requestLineEnd >= MAX_FIELD_SECTION) {
            return invalid(MalformedHead.headerSectionTooLarge());
        }
        append(b);
        state = next;
        return true;
    }

    private void append(byte b) {
        if (length == head.length) {
            head = Arrays.copyOf(head, Math.max(256, Math.min(2 * head.length,
                    MAX_REQUEST_LINE + MAX_FIELD_SECTION + 4)));
        }
        head[length++] = b;
    }

    /** A syntax error: {@code problem} says where and what; the core words the rest. */
    private boolean syntax(String problem) {
        return invalid(MalformedHead.syntax(problem));
    }

    private boolean invalid(MalformedHead problem) {
        violation = problem;
        state = INVALID;
        return false;
    }

    private String quotedName() {
        int end = lineStart;
        while (end < length && head[end] != ':') {
            end++;
        }
        return quote(new String(head, lineStart, end - lineStart, StandardCharsets.ISO_8859_1));
    }

    /** {@code s} in double quotes, control characters escaped, cut after 80 characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 80);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > n ? "\"..." : "\"").toString();
    }

    private static String describe(int c) {
        if (c >= 0x21 && c < 0x7f) {
            return "\"" + (char) c + "\"";
        }
        return String.format(Locale.ROOT, "the byte 0x%02X", c);
    }

    /** The complete head as the core sees it: the target split into path and query, header names in lower case. */
    SseRequest request() {
        if (state != COMPLETE) {
            throw new IllegalStateException("the head is not complete");
        }
        String method = ascii(0, targetStart - 1);
        String target = ascii(targetStart, versionStart - 1);
        String version = ascii(versionStart, requestLineEnd);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int i = requestLineEnd + 2;
        while (head[i] != '\r') {
            int colon = i;
            while (head[colon] != ':') {
                colon++;
            }
            int end = colon + 1;
            while (head[end] != '\r') {
                end++;
            }
            int from = colon + 1;
            int to = end;
            while (from < to && (head[from] == ' ' || head[from] == '\t')) {
                from++;
            }
            while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) {
                to--;
            }
            headers.computeIfAbsent(ascii(i, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(ascii(from, to));
            i = end + 2;
        }
        String path = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.charAt(0) != '/') { // absolute-form (RFC 9112 3.2.2)
            int slash = target.indexOf('/', scheme + 3);
            int query = target.indexOf('?', scheme + 3);
            int pathStart = slash < 0 || query >= 0 && query < slash ? -1 : slash;
            path = pathStart < 0 ? "/" + (query < 0 ? "" : target.substring(query)) : target.substring(pathStart);
        }
        String query = null;
        int q = path.indexOf('?');
        if (q >= 0) {
            query = q + 1 < path.length() ? path.substring(q + 1) : null;
            path = path.substring(0, q);
        }
        headers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new SseRequest(method, path, query, Collections.unmodifiableMap(headers), null, version);
    }

    private String ascii(int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
