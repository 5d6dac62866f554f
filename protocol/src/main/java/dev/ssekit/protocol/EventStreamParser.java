package dev.ssekit.protocol;

import dev.ssekit.protocol.internal.ByteBuf;
import dev.ssekit.protocol.internal.Bytes;
import dev.ssekit.protocol.internal.Utf8Decoder;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An incremental push parser for {@code text/event-stream}, exactly as WHATWG HTML 9.2.6 interprets it.
 *
 * <p>Feed it bytes in chunks of any size; the events, retry values and comments it reports do not depend on where
 * the chunks split, even inside a CRLF, the BOM or a multi-byte character. Lines are split on bytes (CR and LF
 * are ASCII, so UTF-8 never hides them) and decoded once complete; the scan for the line end also notes whether
 * the line is ASCII, so ASCII data and ids are copied into their Strings without a second pass. An event is
 * delivered as soon as the blank line that ends it arrives (PARSE-029). The parser keeps a few reusable buffers and
 * allocates nothing per byte.
 *
 * <p>One parser reads one connection's body. Not thread-safe; the listener runs on the feeding thread and must not
 * call {@code feed} or {@code end} on this parser. If the listener throws, or a limit is exceeded, the exception
 * propagates and the parser accepts no more input.
 */
public final class EventStreamParser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int BOM_DONE = -1;
    private static final String DEFAULT_TYPE = "message";

    private static final int READY = 0;
    private static final int FEEDING = 1;
    private static final int ENDED = 2;
    private static final int FAILED = 3;

    private final EventStreamListener listener;
    private final int maxLine;
    private final int maxEvent;
    private final Utf8Decoder decoder = new Utf8Decoder();

    /** The incomplete line when a chunk ends inside one; complete lines are read straight from the input. */
    private final ByteBuf line = new ByteBuf(128);
    /** PARSE-016: values plus LFs, as UTF-8, decoded once at dispatch. */
    private final ByteBuf data = new ByteBuf(256);
    /**
     * An event's only data line so far, still in the caller's array: decoded from there at dispatch, or copied into
     * {@link #data} when a second data line comes or the {@code feed} call returns (the caller may reuse its array).
     * Most events have one data line, and this spares copying it.
     */
    private byte[] borrowed;
    private int borrowedOff;
    private int borrowedLen;
    /** The borrowed line is known to be ASCII. */
    private boolean borrowedAscii;
    /** Every byte in {@link #data} is known to be ASCII; false only means "not checked yet". */
    private boolean dataAscii = true;
    private final ByteBuf type = new ByteBuf(16);
    private final ByteBuf id = new ByteBuf(16);

    /** The last decoded type, reused while the type bytes repeat, as they usually do. */
    private final ByteBuf cachedTypeBytes = new ByteBuf(16);
    private String cachedType = "";

    /** The id buffer decoded; valid unless {@link #idChanged}, so streams without id fields decode nothing. */
    private String idString = "";
    private boolean idChanged;
    /** The id buffer is known to be ASCII. */
    private boolean idAscii;
    private String lastEventId;
    private long reconnectionTime = -1;

    /** How many bytes of a BOM have been held back at stream start, or BOM_DONE. */
    private int bomHeld;
    /** The previous chunk ended with CR: an LF at the start of the next one belongs to it (PARSE-004). */
    private boolean skipLf;
    private int state = READY;
    private byte[] scratch;

    public EventStreamParser(EventStreamListener listener) {
        this(listener, ParserLimits.defaults(), "");
    }

    public EventStreamParser(EventStreamListener listener, ParserLimits limits) {
        this(listener, limits, "");
    }

    /**
     * @param initialLastEventId the event source's last event ID string carried over a reconnect: what
     *     {@link #lastEventId()} returns until the first dispatch. The id buffer still starts empty (PARSE-005), so
     *     the first dispatch sets the string to "" unless an {@code id} field came first (PARSE-022).
     */
    public EventStreamParser(EventStreamListener listener, ParserLimits limits, String initialLastEventId) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxLine = limits.maxLineLength();
        this.maxEvent = limits.maxEventSize();
        this.lastEventId = Objects.requireNonNull(initialLastEventId, "initialLastEventId");
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int off, int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        begin();
        boolean ok = false;
        try {
            parse(bytes, off, off + len);
            ok = true;
        } finally {
            state = ok ? READY : FAILED;
            if (!ok) {
                borrowed = null; // never keep a reference to the caller's array
            }
        }
    }

    /** Feeds the buffer's remaining bytes and advances its position to its limit. */
    public void feed(ByteBuffer buf) {
        if (buf.hasArray()) {
            int pos = buf.position();
            feed(buf.array(), buf.arrayOffset() + pos, buf.limit() - pos);
            buf.position(buf.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (buf.hasRemaining()) {
            int n = Math.min(buf.remaining(), scratch.length);
            buf.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    /**
     * The end of the stream: a pending unterminated line and an incomplete event are discarded (PARSE-013). After
     * this, {@code feed} throws {@link IllegalStateException}; a second {@code end()} does nothing.
     */
    public void end() {
        if (state == FEEDING) {
            throw new IllegalStateException("end() called by the listener while feeding");
        }
        if (state == READY) {
            state = ENDED;
        }
        line.clear();
        data.clear();
        dataAscii = true;
        borrowed = null;
        type.clear();
        skipLf = false;
    }

    /** The last event ID string: set from the id buffer at each dispatch, even one without data (PARSE-022). */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the last valid {@code retry} field set, in milliseconds, or -1 if none did. */
    public long reconnectionTime() {
        return reconnectionTime;
    }

    private void begin() {
        switch (state) {
            case READY -> state = FEEDING;
            case FEEDING -> throw new IllegalStateException("feed() called by the listener while feeding");
            case ENDED -> throw new IllegalStateException("feed() after end()");
            default -> throw new IllegalStateException("feed() after the parser failed (a limit was exceeded or the listener threw)");
        }
    }

    private void parse(byte[] b, int p, int end) {
        if (bomHeld != BOM_DONE) {
            p = stripBom(b, p, end);
        }
        if (skipLf && p < end) {
            skipLf = false;
            if (b[p] == LF) {
                p++;
            }
        }
        while (p < end) {
            long scan = Bytes.scanLine(b, p, end);
            int eol = (int) scan;
            if (eol < 0) {
                appendToLine(b, p, end - p);
                keepBorrowed();
                return;
            }
            if (line.length() == 0) {
                if (eol - p > maxLine) {
                    throw LimitExceededException.lineLength(maxLine);
                }
                processLine(b, p, eol - p, true, (scan & Bytes.NON_ASCII) == 0);
            } else {
                appendToLine(b, p, eol - p);
                processLine(line.array(), 0, line.length(), false, false); // pieces were not checked
                line.clear();
            }
            p = eol + 1;
            if (b[eol] == CR) {
                if (p == end) {
                    skipLf = true;
                } else if (b[p] == LF) {
                    p++;
                }
            }
        }
        keepBorrowed();
    }

    /** PARSE-002: one EF BB BF at stream offset 0 is dropped, even across chunks; a partial match is content. */
    private int stripBom(byte[] b, int p, int end) {
        while (p < end) {
            if (b[p] == BOM[bomHeld]) {
                p++;
                if (++bomHeld == BOM.length) {
                    bomHeld = BOM_DONE;
                    return p;
                }
            } else {
                int held = bomHeld;
                bomHeld = BOM_DONE;
                appendToLine(BOM, 0, held); // EF and BB are never line ends
                return p;
            }
        }
        return p;
    }

    private void appendToLine(byte[] b, int off, int n) {
        if (n > maxLine - line.length()) {
            throw LimitExceededException.lineLength(maxLine);
        }
        line.append(b, off, n, maxLine);
    }

    /**
     * {@code a} is the caller's array when {@code inInput}, else the line buffer, which is reused; {@code ascii}
     * says the whole line is known to be ASCII.
     */
    private void processLine(byte[] a, int off, int len, boolean inInput, boolean ascii) {
        if (len == 0) {
            dispatch(); // PARSE-007
            return;
        }
        int end = off + len;
        if (a[off] == COLON) {
            comment(a, off + 1, end); // PARSE-008
            return;
        }
        // PARSE-009, PARSE-014: the name is everything before the first colon, compared as bytes (literal and
        // case-sensitive). Matching a known name and then requiring a colon or the line end right after it finds
        // the same name without scanning for the colon; any other name is ignored (PARSE-021).
        switch (a[off]) {
            case 'd' -> {
                if (len >= 4 && a[off + 1] == 'a' && a[off + 2] == 't' && a[off + 3] == 'a' && isNameEnd(a, off + 4, end)) {
                    int v = valueStart(a, off + 4, end);
                    appendData(a, v, end - v, inInput, ascii);
                }
            }
            case 'i' -> {
                if (len >= 2 && a[off + 1] == 'd' && isNameEnd(a, off + 2, end)) {
                    setId(a, valueStart(a, off + 2, end), end, ascii);
                }
            }
            case 'e' -> {
                if (len >= 5 && a[off + 1] == 'v' && a[off + 2] == 'e' && a[off + 3] == 'n' && a[off + 4] == 't'
                        && isNameEnd(a, off + 5, end)) {
                    int v = valueStart(a, off + 5, end);
                    type.set(a, v, end - v, maxLine); // PARSE-015
                }
            }
            case 'r' -> {
                if (len >= 5 && a[off + 1] == 'e' && a[off + 2] == 't' && a[off + 3] == 'r' && a[off + 4] == 'y'
                        && isNameEnd(a, off + 5, end)) {
                    retry(a, valueStart(a, off + 5, end), end);
                }
            }
            default -> {
            }
        }
    }

    /** The name ends at {@code at} if the line ends there (PARSE-012: no colon, empty value) or a colon follows. */
    private static boolean isNameEnd(byte[] a, int at, int end) {
        return at == end || a[at] == COLON;
    }

    /** Where the value starts, given where the name ends: after the colon (PARSE-010) and one space (PARSE-011). */
    private static int valueStart(byte[] a, int nameEnd, int end) {
        if (nameEnd == end) {
            return end;
        }
        int v = nameEnd + 1;
        return v < end && a[v] == SPACE ? v + 1 : v;
    }

    private void appendData(byte[] a, int off, int n, boolean inInput, boolean ascii) {
        if (n >= maxEvent - dataLength()) {
            throw LimitExceededException.eventSize(maxEvent);
        }
        if (inInput && borrowed == null && data.length() == 0) {
            borrowed = a;
            borrowedOff = off;
            borrowedLen = n;
            borrowedAscii = ascii;
            return;
        }
        keepBorrowed();
        dataAscii &= ascii;
        data.append(a, off, n, maxEvent);
        data.append(LF, maxEvent); // PARSE-016
    }

    /** The data buffer's length as if the borrowed line were in it, with its LF. */
    private int dataLength() {
        return borrowed == null ? data.length() : borrowedLen + 1;
    }

    /** Copies the borrowed data line into the data buffer, with its LF (PARSE-016). */
    private void keepBorrowed() {
        if (borrowed != null) {
            dataAscii &= borrowedAscii;
            data.append(borrowed, borrowedOff, borrowedLen, maxEvent);
            data.append(LF, maxEvent);
            borrowed = null;
        }
    }

    private void setId(byte[] a, int from, int end, boolean ascii) {
        if (Bytes.indexOf(a, from, end, (byte) 0) >= 0) {
            return; // PARSE-018
        }
        id.set(a, from, end - from, maxLine); // PARSE-017
        idChanged = true;
        idAscii = ascii;
    }

    private void retry(byte[] a, int from, int end) {
        if (from == end) {
            return; // PARSE-020: no digits
        }
        long v = 0;
        for (int i = from; i < end; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                return; // PARSE-020
            }
            v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
        }
        reconnectionTime = v; // PARSE-019
        listener.onRetry(v);
    }

    private void comment(byte[] a, int from, int end) {
        if (from < end && a[from] == SPACE) {
            from++;
        }
        listener.onComment(decoder.decode(a, from, end - from));
    }

    private void dispatch() {
        if (idChanged) {
            idString = decoder.decode(id.array(), 0, id.length(), idAscii);
            idChanged = false;
        }
        lastEventId = idString; // PARSE-022
        String d;
        if (borrowed != null) {
            d = decoder.decode(borrowed, borrowedOff, borrowedLen, borrowedAscii); // PARSE-024: one line, no LF to drop
            borrowed = null;
        } else if (data.length() == 0) {
            type.clear(); // PARSE-023
            return;
        } else {
            d = decoder.decode(data.array(), 0, data.length() - 1, dataAscii); // PARSE-024
        }
        String t = typeString(); // PARSE-025, PARSE-026
        data.clear(); // PARSE-027
        dataAscii = true;
        type.clear();
        listener.onEvent(new ParsedEvent(t, d, idString)); // PARSE-028: the id buffer persists
    }

    private String typeString() {
        if (type.length() == 0) {
            return DEFAULT_TYPE;
        }
        if (!cachedTypeBytes.contentEquals(type)) {
            cachedType = decoder.decode(type.array(), 0, type.length());
            cachedTypeBytes.set(type.array(), 0, type.length(), maxLine);
        }
        return cachedType;
    }
}
