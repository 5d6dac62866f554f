package dev.ssekit.cli;

import java.io.InputStream;
import java.util.List;

/** Hands out the given chunks, at most one per read call, like a pipe that delivers writes as they happen. */
class ChunkedInputStream extends InputStream {

    private final List<byte[]> chunks;
    private int chunk;
    private int pos;
    private int largestRequest;

    ChunkedInputStream(List<byte[]> chunks) {
        this.chunks = chunks;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        largestRequest = Math.max(largestRequest, len);
        while (chunk < chunks.size() && pos == chunks.get(chunk).length) {
            chunk++;
            pos = 0;
        }
        if (chunk == chunks.size()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        byte[] c = chunks.get(chunk);
        int n = Math.min(len, c.length - pos);
        System.arraycopy(c, pos, b, off, n);
        pos += n;
        return n;
    }

    int largestRequest() {
        return largestRequest;
    }
}
