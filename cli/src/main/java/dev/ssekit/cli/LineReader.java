package dev.ssekit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into LF-terminated lines (one trailing CR removed as well) without decoding them. Calls
 * {@code beforeWait} whenever it has to read more input, so output can be flushed before a read that may block.
 */
final class LineReader {

    private final InputStream in;
    private final Runnable beforeWait;
    private final byte[] buf = new byte[8 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos;
    private int end;
    private boolean eof;

    LineReader(InputStream in, Runnable beforeWait) {
        this.in = in;
        this.beforeWait = beforeWait;
    }

    /** The next line without its terminator, or null at end of input. A last line without LF still counts. */
    byte[] next() throws IOException {
        line.reset();
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof || !fill()) {
                    return any ? stripCr(line.toByteArray()) : null;
                }
            }
            any = true;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, pos, i - pos);
                    pos = i + 1;
                    return stripCr(line.toByteArray());
                }
            }
            line.write(buf, pos, end - pos);
            pos = end;
        }
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
