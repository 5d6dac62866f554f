package dev.ssekit.protocol.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Where the encoder writes: an array window, flushed to an {@link OutputStream} or a {@link ByteBuffer} when it
 * fills, or an exactly sized array that never fills. UTF-8 is encoded by hand; the caller guarantees that
 * surrogates come in pairs. Not API.
 */
public abstract class ByteSink {

    protected byte[] buf;
    protected int pos;
    protected int end;

    protected ByteSink(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** Empties the full window. */
    protected abstract void drain() throws IOException;

    /** Writes out what the window still holds. */
    public void finish() throws IOException {
        drain();
    }

    public final void put(byte b) throws IOException {
        if (pos == end) {
            drain();
        }
        buf[pos++] = b;
    }

    /** Chars below U+0080 only. */
    public final void putAscii(String s) throws IOException {
        for (int i = 0, n = s.length(); i < n; i++) {
            put((byte) s.charAt(i));
        }
    }

    public final void putDecimal(long v) throws IOException {
        if (v == 0) {
            put((byte) '0');
            return;
        }
        byte[] digits = new byte[19];
        int n = 0;
        for (; v > 0; v /= 10) {
            digits[n++] = (byte) ('0' + v % 10);
        }
        while (n > 0) {
            put(digits[--n]);
        }
    }

    /** {@code s[from, to)} as UTF-8; a surrogate pair becomes one 4-byte sequence. */
    public final void putUtf8(String s, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                put((byte) c);
            } else if (c < 0x800) {
                put((byte) (0xC0 | c >> 6));
                put((byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put((byte) (0xF0 | cp >> 18));
                put((byte) (0x80 | cp >> 12 & 0x3F));
                put((byte) (0x80 | cp >> 6 & 0x3F));
                put((byte) (0x80 | cp & 0x3F));
            } else {
                put((byte) (0xE0 | c >> 12));
                put((byte) (0x80 | c >> 6 & 0x3F));
                put((byte) (0x80 | c & 0x3F));
            }
        }
    }

    /** The UTF-8 length of {@code s[from, to)}, whose surrogates are paired. */
    public static long utf8Length(String s, int from, int to) {
        long n = to - from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, 3 above; a surrogate pair is 2 chars for 4 bytes, so 1 extra per char.
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return n;
    }

    /** An array region sized exactly for what will be written. */
    public static ByteSink array(byte[] a, int from, int to) {
        return new ByteSink(a, from, to) {
            @Override
            protected void drain() {
                throw new IllegalStateException("encoder wrote past its computed length");
            }

            @Override
            public void finish() {
            }
        };
    }

    public static ByteSink stream(OutputStream out, int windowSize) {
        return new ByteSink(new byte[windowSize], 0, windowSize) {
            @Override
            protected void drain() throws IOException {
                out.write(buf, 0, pos);
                pos = 0;
            }
        };
    }

    public static ByteSink buffer(ByteBuffer target, int windowSize) {
        return new ByteSink(new byte[windowSize], 0, windowSize) {
            @Override
            protected void drain() {
                target.put(buf, 0, pos);
                pos = 0;
            }
        };
    }

    /** Where the next byte goes: for an array sink, one past the last byte written. */
    public final int position() {
        return pos;
    }
}
