package dev.ssekit.protocol.internal;

import java.nio.charset.StandardCharsets;

/**
 * The WHATWG Encoding standard's "UTF-8 decode" without BOM handling (the parser strips the BOM at stream start):
 * each maximal subpart of an ill-formed sequence becomes one U+FFFD, and a sequence cut off by the end of the
 * input becomes one U+FFFD. Decoding each line on its own equals decoding the whole stream, because a line ends
 * at an ASCII byte, which always ends a pending sequence. Not API; not thread-safe (it keeps a scratch array).
 */
public final class Utf8Decoder {

    private static final char REPLACEMENT = '\uFFFD';
    /** Larger decodes get a one-off array, so one big event does not pin a big scratch array. */
    private static final int SCRATCH_MAX = 16 * 1024;

    private char[] scratch = new char[256];

    public String decode(byte[] a, int off, int len) {
        return decode(a, off, len, false);
    }

    /** As {@link #decode(byte[], int, int)}; {@code knownAscii} says the caller has checked every byte is below 0x80. */
    public String decode(byte[] a, int off, int len, boolean knownAscii) {
        if (len == 0) {
            return "";
        }
        if (knownAscii || Bytes.isAscii(a, off, off + len)) {
            // ASCII is Latin-1: the JDK copies the bytes straight into a compact string.
            return new String(a, off, len, StandardCharsets.ISO_8859_1);
        }
        char[] out = len <= scratch.length ? scratch : len <= SCRATCH_MAX ? (scratch = new char[len]) : new char[len];
        int n = decodeInto(a, off, off + len, out);
        return new String(out, 0, n);
    }

    /** Decodes {@code a[from, to)} into {@code out}, which holds at least {@code to - from} chars; returns the count. */
    static int decodeInto(byte[] a, int from, int to, char[] out) {
        int n = 0;
        int i = from;
        while (i < to) {
            int b = a[i];
            if (b >= 0) {
                out[n++] = (char) b;
                i++;
                continue;
            }
            b &= 0xFF;
            // Fast paths for well-formed 2- and 3-byte sequences whose lead byte puts no extra bound on the
            // second byte; everything else takes the general path below.
            if (b >= 0xC2 && b <= 0xDF && i + 1 < to && (a[i + 1] & 0xC0) == 0x80) {
                out[n++] = (char) ((b & 0x1F) << 6 | (a[i + 1] & 0x3F));
                i += 2;
                continue;
            }
            if (b > 0xE0 && b <= 0xEF && b != 0xED && i + 2 < to
                    && (a[i + 1] & 0xC0) == 0x80 && (a[i + 2] & 0xC0) == 0x80) {
                out[n++] = (char) ((b & 0x0F) << 12 | (a[i + 1] & 0x3F) << 6 | (a[i + 2] & 0x3F));
                i += 3;
                continue;
            }
            int need;
            int cp;
            int lower = 0x80;
            int upper = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                cp = b & 0x0F;
                if (b == 0xE0) {
                    lower = 0xA0; // overlong
                } else if (b == 0xED) {
                    upper = 0x9F; // surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                cp = b & 0x07;
                if (b == 0xF0) {
                    lower = 0x90; // overlong
                } else if (b == 0xF4) {
                    upper = 0x8F; // above U+10FFFF
                }
            } else {
                out[n++] = REPLACEMENT; // C0, C1, F5..FF, or a stray continuation byte
                i++;
                continue;
            }
            i++;
            boolean complete = true;
            for (int k = 0; k < need; k++) {
                int c = i < to ? a[i] & 0xFF : -1;
                if (c < lower || c > upper) {
                    // The maximal subpart ends here; the offending byte (if any) is decoded afresh.
                    complete = false;
                    break;
                }
                lower = 0x80;
                upper = 0xBF;
                cp = (cp << 6) | (c & 0x3F);
                i++;
            }
            if (!complete) {
                out[n++] = REPLACEMENT;
            } else if (cp >= 0x10000) {
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
            } else {
                out[n++] = (char) cp;
            }
        }
        return n;
    }
}
