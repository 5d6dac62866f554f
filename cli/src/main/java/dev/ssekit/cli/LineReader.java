package dev.ssekit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into LF-terminated lines (one trailing CR removed as well) without decoding them, and refuses
 * a line longer than its limit as soon as the limit is passed, so that memory never grows past it (KIT-013). Calls
 * {@code beforeWait} whenever it has to read more input, so output can be flushed before a read that may block.
 */
final class LineReader {

    /** A line went past the limit; nothing more of it was read. */
    static final class TooLong extends Exception {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super(null, null, false, false);
        }
    }

    private final InputStream in;
    private final int maxLength;
    private final Runnable beforeWait;
    private final byte[] buf = new byte[8 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos;
    private int end;
    private boolean eof;

    /** {@code maxLength}: the longest line, in bytes, not counting its LF or the CR before it. */
    LineReader(InputStream in, int maxLength, Runnable beforeWait) {
        this.in = in;
        this.maxLength = maxLength;
        this.beforeWait = beforeWait;
    }

    /** The next line without its terminator, or null at end of input. A last line without LF still counts. */
    byte[] next() throws IOException, TooLong {
        line.reset();
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof || !fill()) {
                    return any ? finish() : null;
                }
            }
            any = true;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    append(pos, i - pos);
                    pos = i + 1;
                    return finish();
                }
            }
            append(pos, end - pos);
            pos = end;
        }
    }

    // One byte over the limit may still be the CR of a CRLF; two cannot.
    private void append(int from, int n) throws TooLong {
        if (line.size() + (long) n > maxLength + 1L) {
            throw new TooLong();
        }
        line.write(buf, from, n);
    }

    private byte[] finish() throws TooLong {
        byte[] b = stripCr(line.toByteArray());
        if (b.length > maxLength) {
            throw new TooLong();
        }
        return b;
    }

    private boolean fill() throws IOException {
        beforeWait.run();
        int n = in.read(buf);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private static byte[] stripCr(byte[] b) {
        return b.length > 0 && b[b.length - 1] == '\r' ? Arrays.copyOf(b, b.length - 1) : b;
    }
}
