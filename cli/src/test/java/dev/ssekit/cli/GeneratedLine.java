package dev.ssekit.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** One long input line made up as it is read (a head, a byte repeated, a tail), so a test never holds it in memory. */
final class GeneratedLine extends InputStream {

    private final byte[] head;
    private final byte fill;
    private final long fillCount;
    private final byte[] tail;
    private long pos;

    GeneratedLine(String head, char fill, long fillCount, String tail) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.fill = (byte) fill;
        this.fillCount = fillCount;
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
    }

    /** How many bytes have been read so far. */
    long served() {
        return pos;
    }

    private long length() {
        return head.length + fillCount + tail.length;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= length()) {
            return -1;
        }
        int n = 0;
        while (n < len && pos < length()) {
            long fillEnd = head.length + fillCount;
            if (pos < head.length) {
                b[off + n] = head[(int) pos];
            } else if (pos < fillEnd) {
                b[off + n] = fill;
            } else {
                b[off + n] = tail[(int) (pos - fillEnd)];
            }
            n++;
            pos++;
        }
        return n;
    }
}
