package dev.ssekit.protocol.internal;

import java.util.Arrays;

/**
 * A growable byte array with a length, reused for every line or event. It never grows past the cap its caller
 * passes, so a limit checked before {@link #append} bounds the memory as well. Not API.
 */
public final class ByteBuf {

    private byte[] bytes;
    private int length;

    public ByteBuf(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    /** Appends {@code src[off, off+n)}; the caller has checked that {@code length() + n <= cap}. */
    public void append(byte[] src, int off, int n, int cap) {
        int need = length + n;
        if (need > bytes.length) {
            grow(need, cap);
        }
        System.arraycopy(src, off, bytes, length, n);
        length = need;
    }

    /** Appends one byte; the caller has checked that {@code length() + 1 <= cap}. */
    public void append(byte b, int cap) {
        if (length == bytes.length) {
            grow(length + 1, cap);
        }
        bytes[length++] = b;
    }

    /** Replaces the content with {@code src[off, off+n)}. */
    public void set(byte[] src, int off, int n, int cap) {
        length = 0;
        append(src, off, n, cap);
    }

    public boolean contentEquals(byte[] src, int off, int n) {
        return n == length && Bytes.equal(bytes, 0, src, off, n);
    }

    public boolean contentEquals(ByteBuf other) {
        return contentEquals(other.bytes, 0, other.length);
    }

    private void grow(int need, int cap) {
        // Doubling, but never past the cap: the parser's limits bound the allocation, not just the content.
        long doubled = Math.max(16L, 2L * bytes.length);
        int size = (int) Math.min(Math.max(doubled, need), Math.max(cap, need));
        bytes = Arrays.copyOf(bytes, size);
    }
}
