package dev.ssekit.bench.parsers;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;

/** Returns at most one chunk per read, so a pull parser sees the same boundaries a push parser is fed. */
final class ChunkedInputStream extends InputStream {

    private final List<byte[]> chunks;
    private int index;
    private int pos;

    ChunkedInputStream(List<byte[]> chunks) {
        this.chunks = chunks;
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("abandoned");
        }
        if (len == 0) {
            return 0;
        }
        while (index < chunks.size() && pos == chunks.get(index).length) {
            index++;
            pos = 0;
        }
        if (index == chunks.size()) {
            return -1;
        }
        byte[] c = chunks.get(index);
        int n = Math.min(len, c.length - pos);
        System.arraycopy(c, pos, b, off, n);
        pos += n;
        return n;
    }
}
