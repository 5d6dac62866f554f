package dev.ssekit.server.internal;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/sse} (spec/contract.md, "Query parameters"); anything else is a {@link BadRequest}.
 *
 * @param intervalMs milliseconds between pieces; 0 = as fast as the client reads
 * @param eventType the type of the piece events
 * @param doc a bundled document, or the {@code text} parameter's text as a document named {@code text} (API-026)
 * @param dropAfter pieces before the connection is cut, 0 for none
 */
public record StreamParams(long intervalMs, String eventType, Document doc, int dropAfter) {

    public static final long MAX_INTERVAL_MS = 3_600_000;
    /** The most code points the {@code text} parameter may hold, after LF normalisation (API-027). */
    public static final int MAX_TEXT_CODE_POINTS = 4096;
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final List<String> NAMES = List.of("interval", "event", "doc", "text", "dropAfter");

    /** True for a valid event type: 1 to 64 characters of {@code A-Z a-z 0-9 _ . : -}. */
    public static boolean isEventType(String s) {
        return s != null && EVENT_TYPE.matcher(s).matches();
    }

    public static StreamParams parse(String rawQuery, long defaultIntervalMs, String defaultEventType)
            throws BadRequest {
        Map<String, String> q = decode(rawQuery);
        long interval = defaultIntervalMs;
        String type = defaultEventType;
        Document doc = Document.bundled("tutorial");
        int dropAfter = 0;
        String v;
        if ((v = q.get("interval")) != null) {
            long n = number(v);
            if (n < 0 || n > MAX_INTERVAL_MS) {
                throw new BadRequest("query parameter \"interval\" must be an integer from 0 to " + MAX_INTERVAL_MS
                        + " (milliseconds), got " + BadRequest.quote(v));
            }
            interval = n;
        }
        if ((v = q.get("event")) != null) {
            if (!isEventType(v)) {
                throw new BadRequest("query parameter \"event\" must be 1 to 64 characters of A-Z a-z 0-9 _ . : -, got "
                        + BadRequest.quote(v));
            }
            type = v;
        }
        if ((v = q.get("doc")) != null) {
            doc = Document.bundled(v);
            if (doc == null) {
                throw new BadRequest("query parameter \"doc\" must be one of " + String.join(", ", Document.bundledNames())
                        + ", got " + BadRequest.quote(v));
            }
        }
        if ((v = q.get("text")) != null) {
            if (q.containsKey("doc")) {
                throw new BadRequest("query parameters \"text\" and \"doc\" exclude each other: stream either a given"
                        + " text or a bundled document");
            }
            doc = textDocument(v);
        }
        if ((v = q.get("dropAfter")) != null) {
            long n = number(v);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new BadRequest("query parameter \"dropAfter\" must be an integer from 1 to " + Integer.MAX_VALUE
                        + ", got " + BadRequest.quote(v));
            }
            dropAfter = (int) n;
        }
        return new StreamParams(interval, type, doc, dropAfter);
    }

    /** API-026, API-027: the decoded text, LF-normalised, 1 to {@link #MAX_TEXT_CODE_POINTS} code points. */
    private static Document textDocument(String text) throws BadRequest {
        Document d = Document.of("text", text);
        if (d.pieces().isEmpty()) {
            throw new BadRequest("query parameter \"text\" is empty; give 1 to " + MAX_TEXT_CODE_POINTS
                    + " characters (Unicode code points), percent-encoded as UTF-8");
        }
        if (d.pieces().size() > MAX_TEXT_CODE_POINTS) {
            throw new BadRequest("query parameter \"text\" has " + d.pieces().size()
                    + " code points; the limit is " + MAX_TEXT_CODE_POINTS);
        }
        return d;
    }

    /** Digits only (no sign, no space); -1 for anything else. */
    private static long number(String v) {
        return DIGITS.matcher(v).matches() ? Long.parseLong(v) : -1;
    }

    /** Name to value, in query order; unknown and repeated names are refused. */
    private static Map<String, String> decode(String rawQuery) throws BadRequest {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue; // "a=1&&b=2" or a trailing "&" carries no parameter
            }
            int eq = part.indexOf('=');
            String name = unescape(eq < 0 ? part : part.substring(0, eq), part);
            String raw = eq < 0 ? "" : part.substring(eq + 1);
            String value = "text".equals(name) ? strictUnescape(raw, name) : unescape(raw, part);
            if (!NAMES.contains(name)) {
                throw new BadRequest("unknown query parameter " + BadRequest.quote(name)
                        + ": /api/sse takes interval, event, doc, text and dropAfter");
            }
            if (out.containsKey(name)) {
                long times = 0;
                for (String p : rawQuery.split("&", -1)) {
                    int e = p.indexOf('=');
                    if (name.equals(unescape(e < 0 ? p : p.substring(0, e), p))) {
                        times++;
                    }
                }
                throw new BadRequest("query parameter \"" + name + "\" is given " + times + " times; give it once");
            }
            out.put(name, value);
        }
        return out;
    }

    /**
     * Form decoding ({@code +} is a space, {@code %XX} a byte) that refuses what {@link URLDecoder} would repair:
     * a malformed escape and bytes that are not UTF-8 (no U+FFFD is ever made up).
     */
    static String strictUnescape(String s, String name) throws BadRequest {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new BadRequest("query parameter \"" + name + "\" is not valid percent-encoding: "
                            + BadRequest.quote(s.substring(i, Math.min(s.length(), i + 3)))
                            + " at character " + i + " is not % followed by two hex digits");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out[n++] = ' ';
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                // A server hands over the query as sent; a raw non-ASCII character is not percent-encoding.
                throw new BadRequest("query parameter \"" + name + "\" must be percent-encoded UTF-8; it holds the"
                        + " raw character " + BadRequest.quote(String.valueOf(c)) + " at character " + i);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("query parameter \"" + name + "\" is not UTF-8 once percent-decoded");
        }
    }

    private static String unescape(String s, String part) throws BadRequest {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("query part " + BadRequest.quote(part) + " is not valid percent-encoding");
        }
    }
}
