package dev.ssekit.conformance.http;

import dev.ssekit.spec.Escapes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A push-style HTTP/1.x response decoder for one connection: fed bytes as they arrive, it reports each response's
 * head, its body bytes with the framing undone, and its end (RFC 9112, 6.3). It follows several responses in a row,
 * skips interim (1xx) responses after reporting them, knows that answers to {@code HEAD} and {@code 204}/{@code 304}
 * have no body, and takes a body by Content-Length, chunked coding or the close of the connection. Broken framing
 * (a bad status line, chunk size or Content-Length; a head over its bound) raises {@link MalformedResponseException}
 * and the decoder stays failed. Not thread-safe.
 */
public final class ResponseDecoder {

    public static final int DEFAULT_HEAD_LIMIT = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("(HTTP/\\d\\.\\d) (\\d{3})(?: (.*))?");
    private static final int CHUNK_DIGITS_MAX = 15;

    /** What the decoder reports; every method has an empty default. */
    public interface Listener {
        /** An interim (1xx) response; the final one is still to come. */
        default void onInterim(ResponseHead head) {
        }

        /** The head of a final response. */
        default void onHead(ResponseHead head) {
        }

        /** Body bytes of the current response, framing removed. Valid only during the call. */
        default void onBody(byte[] b, int off, int len) {
        }

        /** The current response is complete. */
        default void onComplete(ResponseHead head) {
        }
    }

    /** Where the decoder is. */
    public enum State {
        /** Reading a head (none of it yet, or part of it). */
        HEAD,
        /** Reading the body of the response whose head is {@link #head()}. */
        BODY,
        /** A close-delimited body ended with the input: nothing can follow. */
        CLOSED,
        /** The input was not a well-framed HTTP/1.x response. */
        FAILED
    }

    /** How the current body is delimited. */
    public enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    /** What the end of the input meant. */
    public enum AtEnd {
        /** Between responses: nothing was cut. */
        IDLE,
        /** A close-delimited body ended; the response is complete. */
        COMPLETED,
        /** The input ended inside a head. */
        CUT_IN_HEAD,
        /** The input ended inside a body delimited by length or chunks. */
        CUT_IN_BODY
    }

    private enum Chunk { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER }

    private final Listener listener;
    private final int headLimit;
    private final ArrayDeque<String> methods = new ArrayDeque<>();
    private final ByteArrayOutputStream headBuf = new ByteArrayOutputStream();

    private State state = State.HEAD;
    private int eol; // head end scan: 0 in a line, 1 after LF, 2 after LF CR, 3 at the blank line's LF
    private boolean prefixChecked;
    private ResponseHead head;
    private String method = "GET";
    private Framing framing = Framing.NONE;
    private long left;
    private Chunk chunk = Chunk.SIZE;
    private int digits;
    private int trailerLine;
    private long trailerBytes;
    private long consumed;
    private long headStart;
    private long bodyBytes;
    private int completed;
    private MalformedResponseException failure;

    public ResponseDecoder(Listener listener) {
        this(listener, DEFAULT_HEAD_LIMIT);
    }

    public ResponseDecoder(Listener listener, int headLimit) {
        this.listener = listener;
        this.headLimit = headLimit;
    }

    /**
     * The method of a request sent on this connection, in order: the response to a {@code HEAD} has no body. A
     * response with no method queued is taken as an answer to {@code GET}.
     */
    public void expect(String method) {
        methods.add(method);
    }

    /**
     * Decodes bytes, up to and including the last byte of the first response that completes among them, and returns
     * how many it took; the caller feeds the rest again (the next response). Returns {@code len} when no response
     * completed.
     *
     * @throws MalformedResponseException when the bytes are not a well-framed response; the decoder stays failed
     */
    public int feed(byte[] b, int off, int len) {
        if (failure != null) {
            throw failure;
        }
        if (state == State.CLOSED) {
            return fail("bytes after a response delimited by the close of the connection");
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (state == State.HEAD) {
                int n = scanHead(b, i, end);
                i += n;
                consumed += n;
                if (eol == 3) {
                    if (headDone()) {
                        return i - off;
                    }
                }
                continue;
            }
            int n = body(b, i, end);
            i += n;
            consumed += n;
            if (state == State.HEAD) {
                return i - off; // the response completed
            }
        }
        return len;
    }

    /** The input ended (the connection was closed or reset). */
    public AtEnd endOfInput() {
        if (failure != null || state == State.CLOSED) {
            return AtEnd.IDLE;
        }
        if (state == State.HEAD) {
            return headBuf.size() == 0 ? AtEnd.IDLE : AtEnd.CUT_IN_HEAD;
        }
        if (framing == Framing.CLOSE) {
            state = State.CLOSED;
            completed++;
            listener.onComplete(head);
            return AtEnd.COMPLETED;
        }
        return AtEnd.CUT_IN_BODY;
    }

    public State state() {
        return state;
    }

    /** The head of the response being read (its body), or of the last one when between responses; null before any. */
    public ResponseHead head() {
        return head;
    }

    /** The framing of the current body. */
    public Framing framing() {
        return framing;
    }

    /** Final responses completed so far. */
    public int completed() {
        return completed;
    }

    /** Bytes of a head received so far while in {@link State#HEAD}; 0 between responses. */
    public int partialHeadBytes() {
        return headBuf.size();
    }

    /** Body bytes of the current (or last) response, framing removed. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Every byte the decoder took. */
    public long consumed() {
        return consumed;
    }

    /** The failure, once the input was found malformed; null otherwise. */
    public MalformedResponseException failure() {
        return failure;
    }

    // ---- head -----------------------------------------------------------------------------------------------------

    /** Appends head bytes up to the blank line (LF LF or LF CR LF); sets {@code eol} to 3 when it is found. */
    private int scanHead(byte[] b, int from, int end) {
        if (headBuf.size() == 0) {
            headStart = consumed;
        }
        int i = from;
        while (i < end) {
            byte x = b[i++];
            if (x == '\n') {
                if (eol == 1 || eol == 2) {
                    eol = 3;
                    break;
                }
                eol = 1;
            } else if (x == '\r' && eol == 1) {
                eol = 2;
            } else if (x != '\r') {
                eol = 0;
            }
        }
        headBuf.write(b, from, i - from);
        if (headBuf.size() > headLimit) {
            fail("response head larger than " + headLimit + " bytes");
        }
        if (!prefixChecked) {
            // "HTTP/" as far as it has come: anything else is not a response, however few bytes there are
            prefixChecked = headBuf.size() >= 5;
            if (!startsLikeStatusLine()) {
                fail(MalformedResponseException.Kind.NOT_HTTP, "not an HTTP/1.x response: " + quoteHead());
            }
        }
        return i - from;
    }

    private boolean startsLikeStatusLine() {
        byte[] h = headBuf.toByteArray();
        byte[] want = "HTTP/".getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < Math.min(want.length, h.length); k++) {
            if (h[k] != want[k]) {
                return false;
            }
        }
        return true;
    }

    /** Parses the head; returns true when the response is already complete (no body). */
    private boolean headDone() {
        byte[] raw = headBuf.toByteArray();
        headBuf.reset();
        eol = 0;
        prefixChecked = false;
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        String statusLine = stripCr(lines[0]);
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            fail(MalformedResponseException.Kind.STATUS_LINE, "not an HTTP/1.x status line: " + Escapes.quote(clip(statusLine)));
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) {
            String line = stripCr(lines[k]);
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // obsolete line folding (RFC 9112, 5.2): the line continues the previous value
                if (fields.isEmpty()) {
                    fail("a folded line before any header field: " + Escapes.quote(clip(line)));
                }
                Map.Entry<String, String> prev = fields.remove(fields.size() - 1);
                fields.add(new AbstractMap.SimpleImmutableEntry<>(prev.getKey(), (prev.getValue() + " " + line.strip()).strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                fail("a header line without a field name and colon: " + Escapes.quote(clip(line)));
            }
            fields.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon).strip(),
                    line.substring(colon + 1).strip()));
        }
        String reason = m.group(3) == null ? "" : m.group(3);
        ResponseHead h = new ResponseHead(m.group(1), Integer.parseInt(m.group(2)), reason, fields, raw.length);
        if (h.isInterim()) {
            listener.onInterim(h);
            return false;
        }
        head = h;
        String polled = methods.poll();
        method = polled == null ? "GET" : polled;
        bodyBytes = 0;
        framing = framingOf(h);
        listener.onHead(h);
        if (framing == Framing.NONE) {
            return complete();
        }
        state = State.BODY;
        if (framing == Framing.LENGTH && left == 0) {
            return complete();
        }
        if (framing == Framing.CHUNKED) {
            chunk = Chunk.SIZE;
            left = 0;
            digits = 0;
        }
        return false;
    }

    /** RFC 9112, 6.3. */
    private Framing framingOf(ResponseHead h) {
        int s = h.status();
        if ("HEAD".equalsIgnoreCase(method) || s == 204 || s == 304) {
            return Framing.NONE;
        }
        if (s == 101) {
            return Framing.CLOSE;
        }
        String te = h.header("Transfer-Encoding");
        if (te != null) {
            String[] codings = te.split(",");
            String last = codings[codings.length - 1].strip().toLowerCase(Locale.ROOT);
            return last.equals("chunked") ? Framing.CHUNKED : Framing.CLOSE;
        }
        List<String> cls = h.values("Content-Length");
        if (!cls.isEmpty()) {
            long length = -1;
            for (String v : cls) {
                for (String part : v.split(",", -1)) {
                    String p = part.strip();
                    if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        fail("bad Content-Length: " + Escapes.quote(clip(String.join(", ", cls))));
                    }
                    long n = Long.parseLong(p);
                    if (length >= 0 && n != length) {
                        fail("Content-Length values differ: " + Escapes.quote(clip(String.join(", ", cls))));
                    }
                    length = n;
                }
            }
            left = length;
            return Framing.LENGTH;
        }
        return Framing.CLOSE;
    }

    private boolean complete() {
        state = State.HEAD;
        completed++;
        listener.onComplete(head);
        return true;
    }

    // ---- body -----------------------------------------------------------------------------------------------------

    /** Takes body bytes; returns how many. On completion the state is back to HEAD. */
    private int body(byte[] b, int from, int end) {
        switch (framing) {
            case CLOSE -> {
                deliver(b, from, end - from);
                return end - from;
            }
            case LENGTH -> {
                int n = (int) Math.min(left, end - from);
                deliver(b, from, n);
                left -= n;
                if (left == 0) {
                    complete();
                }
                return n;
            }
            case CHUNKED -> {
                return chunked(b, from, end);
            }
            default -> throw new IllegalStateException("body with framing " + framing);
        }
    }

    private void deliver(byte[] b, int off, int len) {
        if (len > 0) {
            bodyBytes += len;
            listener.onBody(b, off, len);
        }
    }

    /** Undoes chunked coding (RFC 9112, 7.1): byte by byte for the framing, in bulk for the data. */
    private int chunked(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            if (chunk == Chunk.DATA) {
                int n = (int) Math.min(left, end - i);
                deliver(b, i, n);
                left -= n;
                i += n;
                if (left == 0) {
                    chunk = Chunk.DATA_CR;
                }
                continue;
            }
            byte x = b[i++];
            switch (chunk) {
                case SIZE -> {
                    int d = Character.digit(x, 16);
                    if (d >= 0 && digits < CHUNK_DIGITS_MAX) {
                        left = left * 16 + d;
                        digits++;
                    } else if (digits > 0 && (x == ';' || x == ' ' || x == '\t')) {
                        chunk = Chunk.EXTENSION;
                    } else if (digits > 0 && x == '\r') {
                        chunk = Chunk.SIZE_LF;
                    } else if (digits > 0 && x == '\n') {
                        afterSize();
                    } else {
                        fail(d >= 0 ? "chunk size longer than " + CHUNK_DIGITS_MAX + " hex digits"
                                : "bad chunk size byte 0x" + Integer.toHexString(x & 0xff));
                    }
                }
                case EXTENSION -> {
                    if (x == '\n') {
                        afterSize();
                    }
                }
                case SIZE_LF -> {
                    if (x != '\n') {
                        fail("chunk size line not ended by CRLF");
                    }
                    afterSize();
                }
                case DATA_CR -> {
                    if (x == '\n') {
                        nextChunk();
                    } else if (x == '\r') {
                        chunk = Chunk.DATA_LF;
                    } else {
                        fail("chunk data not followed by CRLF");
                    }
                }
                case DATA_LF -> {
                    if (x != '\n') {
                        fail("chunk data not followed by CRLF");
                    }
                    nextChunk();
                }
                case TRAILER -> {
                    if (++trailerBytes > headLimit) {
                        fail("trailer section larger than " + headLimit + " bytes");
                    }
                    if (x == '\n') {
                        if (trailerLine == 0) {
                            complete();
                            return i - from;
                        }
                        trailerLine = 0;
                    } else if (x != '\r') {
                        trailerLine++;
                    }
                }
                default -> throw new IllegalStateException("chunk state " + chunk);
            }
        }
        return i - from;
    }

    private void afterSize() {
        if (left == 0) {
            chunk = Chunk.TRAILER;
            trailerLine = 0;
            trailerBytes = 0;
        } else {
            chunk = Chunk.DATA;
        }
    }

    private void nextChunk() {
        chunk = Chunk.SIZE;
        left = 0;
        digits = 0;
    }

    // ---- failures -------------------------------------------------------------------------------------------------

    private int fail(String message) {
        return fail(MalformedResponseException.Kind.FRAMING, message);
    }

    private int fail(MalformedResponseException.Kind kind, String message) {
        boolean inHead = state == State.HEAD;
        state = State.FAILED;
        failure = new MalformedResponseException(kind, message, inHead ? headStart : consumed);
        throw failure;
    }

    private String quoteHead() {
        return Escapes.quote(clip(headBuf.toString(StandardCharsets.ISO_8859_1)));
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
