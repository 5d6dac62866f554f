package dev.ssekit.protocol;

import dev.ssekit.protocol.internal.ByteSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes an {@link OutgoingEvent} in the kit's canonical wire form (spec/vectors/encode), UTF-8, each line ending
 * in LF:
 *
 * <ol>
 *   <li>comment: one {@code :} line per line of the text (split at CRLF, CR, LF), {@code ": "} before a non-empty line;</li>
 *   <li>{@code retry: <decimal>};</li>
 *   <li>{@code id:}, plus a space and the id unless it is empty (an empty id resets the last event ID);</li>
 *   <li>{@code event: <type>}, unless the type is empty;</li>
 *   <li>one {@code data:} line per line of the data (split at CRLF, CR, LF), {@code "data: "} before a non-empty
 *       line, so a leading space in the data survives the parser's one-space removal (PARSE-011);</li>
 *   <li>a blank line, if any of retry, id, event or data is present (a comment alone dispatches nothing).</li>
 * </ol>
 *
 * <p>Splitting data on every line end, not only LF, is what keeps a lone CR from cutting an event short
 * (PARSE-031). The encoder writes straight to the target; it builds no intermediate string. It does not flush.
 */
public final class EventStreamEncoder {

    private static final byte LF = '\n';
    private static final byte SPACE = ' ';
    private static final int WINDOW = 8192;

    private EventStreamEncoder() {
    }

    public static byte[] encode(OutgoingEvent event) {
        byte[] out = new byte[encodedLength(event)];
        ByteSink sink = ByteSink.array(out, 0, out.length);
        try {
            write(event, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an array sink does no I/O
        }
        return out;
    }

    /** Writes the event to {@code out} in as few {@code write} calls as an 8 KiB window allows; does not flush. */
    public static void encode(OutgoingEvent event, OutputStream out) throws IOException {
        long length = length(event);
        ByteSink sink = ByteSink.stream(out, (int) Math.min(length, WINDOW));
        write(event, sink);
        sink.finish();
    }

    /**
     * Writes the event at the buffer's position and advances it.
     *
     * @throws BufferOverflowException if the event does not fit in the remaining space; nothing is written then
     */
    public static void encode(OutgoingEvent event, ByteBuffer buf) {
        long length = length(event);
        if (length > buf.remaining()) {
            throw new BufferOverflowException();
        }
        int n = (int) length;
        try {
            if (buf.hasArray()) {
                int start = buf.arrayOffset() + buf.position();
                write(event, ByteSink.array(buf.array(), start, start + n));
                buf.position(buf.position() + n);
            } else {
                ByteSink sink = ByteSink.buffer(buf, Math.min(n, WINDOW));
                write(event, sink);
                sink.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // buffer sinks do no I/O
        }
    }

    /**
     * The exact number of bytes {@code encode} writes.
     *
     * @throws ArithmeticException if the encoding would be longer than {@link Integer#MAX_VALUE} bytes
     */
    public static int encodedLength(OutgoingEvent event) {
        return Math.toIntExact(length(event));
    }

    private static void write(OutgoingEvent e, ByteSink s) throws IOException {
        if (e.comment() != null) {
            writeLines(s, ":", e.comment());
        }
        if (e.retry() != null) {
            s.putAscii("retry: ");
            s.putDecimal(e.retry());
            s.put(LF);
        }
        if (e.id() != null) {
            s.putAscii("id:");
            if (!e.id().isEmpty()) {
                s.put(SPACE);
                s.putUtf8(e.id(), 0, e.id().length());
            }
            s.put(LF);
        }
        if (e.event() != null && !e.event().isEmpty()) {
            s.putAscii("event: ");
            s.putUtf8(e.event(), 0, e.event().length());
            s.put(LF);
        }
        if (e.data() != null) {
            writeLines(s, "data:", e.data());
        }
        if (endsWithBlankLine(e)) {
            s.put(LF);
        }
    }

    private static void writeLines(ByteSink s, String prefix, String text) throws IOException {
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                writeLine(s, prefix, text, start, i);
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        writeLine(s, prefix, text, start, n);
    }

    private static void writeLine(ByteSink s, String prefix, String text, int from, int to) throws IOException {
        s.putAscii(prefix);
        if (from < to) {
            s.put(SPACE);
            s.putUtf8(text, from, to);
        }
        s.put(LF);
    }

    private static long length(OutgoingEvent e) {
        long n = 0;
        if (e.comment() != null) {
            n += linesLength(1, e.comment());
        }
        if (e.retry() != null) {
            n += "retry: ".length() + decimalLength(e.retry()) + 1;
        }
        if (e.id() != null) {
            n += "id:".length() + (e.id().isEmpty() ? 0 : 1 + ByteSink.utf8Length(e.id(), 0, e.id().length())) + 1;
        }
        if (e.event() != null && !e.event().isEmpty()) {
            n += "event: ".length() + ByteSink.utf8Length(e.event(), 0, e.event().length()) + 1;
        }
        if (e.data() != null) {
            n += linesLength("data:".length(), e.data());
        }
        return endsWithBlankLine(e) ? n + 1 : n;
    }

    private static long linesLength(int prefixLength, String text) {
        long n = 0;
        int start = 0;
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                n += lineLength(prefixLength, text, start, i);
                if (c == '\r' && i + 1 < len && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return n + lineLength(prefixLength, text, start, len);
    }

    private static long lineLength(int prefixLength, String text, int from, int to) {
        return prefixLength + (from < to ? 1 + ByteSink.utf8Length(text, from, to) : 0) + 1;
    }

    private static int decimalLength(long v) {
        int n = 1;
        for (; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    private static boolean endsWithBlankLine(OutgoingEvent e) {
        return e.retry() != null || e.id() != null || e.event() != null || e.data() != null;
    }
}
