package dev.ssekit.protocol.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Bulk byte scans, eight bytes per step (SWAR). Not API. */
public final class Bytes {

    // Little-endian view: the lowest set bit of a mask marks the first matching byte. The VarHandle swaps bytes
    // on big-endian hardware, so the result is the same everywhere.
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    /** Bytes below 0x0E (CR) are the only candidates for a line end. */
    private static final long BELOW_CR = 0x0E0E0E0E0E0E0E0EL;

    /** Set in {@link #scanLine}'s result when the bytes scanned may include one at 0x80 or above. */
    public static final long NON_ASCII = 1L << 32;

    private Bytes() {
    }

    /** 0x80 in every byte of {@code w} that is zero, 0 elsewhere; exact (no borrow between bytes). */
    private static long zeroBytes(long w) {
        return ~(((w & LOW7) + LOW7) | w | LOW7);
    }

    /**
     * Finds the first CR or LF in {@code a[from, to)} and checks the bytes before it for ASCII in the same pass.
     * The low 32 bits of the result are the index of the line end, or -1 if none; {@link #NON_ASCII} is clear only
     * when every byte of {@code a[from, eol)} (of {@code a[from, to)} if there is no line end) is below 0x80. The
     * flag may be set for an ASCII line (it can see a few bytes past the line end), never clear for a non-ASCII one.
     */
    public static long scanLine(byte[] a, int from, int to) {
        int i = from;
        long seen = 0; // every word read, OR-ed: the high bits say whether a byte >= 0x80 went by
        for (int last = to - 16; i <= last; i += 16) {
            long w0 = (long) LONGS.get(a, i);
            long w1 = (long) LONGS.get(a, i + 8);
            seen |= w0 | w1;
            // Cheap test first: no byte below 0x0E, so no CR or LF (exact as a yes/no, not as a position).
            if ((((w0 - BELOW_CR) & ~w0 | (w1 - BELOW_CR) & ~w1) & HIGH) != 0) {
                long m = zeroBytes(w0 ^ LFS) | zeroBytes(w0 ^ CRS);
                if (m != 0) {
                    return line(i + (Long.numberOfTrailingZeros(m) >>> 3), seen);
                }
                m = zeroBytes(w1 ^ LFS) | zeroBytes(w1 ^ CRS);
                if (m != 0) {
                    return line(i + 8 + (Long.numberOfTrailingZeros(m) >>> 3), seen);
                }
            }
        }
        for (int last = to - 8; i <= last; i += 8) {
            long w = (long) LONGS.get(a, i);
            seen |= w;
            long m = zeroBytes(w ^ LFS) | zeroBytes(w ^ CRS);
            if (m != 0) {
                return line(i + (Long.numberOfTrailingZeros(m) >>> 3), seen);
            }
        }
        for (; i < to; i++) {
            byte b = a[i];
            if (b == '\n' || b == '\r') {
                return line(i, seen);
            }
            seen |= b;
        }
        return line(-1, seen);
    }

    private static long line(int eol, long seen) {
        return (eol & 0xFFFFFFFFL) | ((seen & HIGH) != 0 ? NON_ASCII : 0);
    }

    /** True when every byte of {@code a[from, to)} is below 0x80. */
    public static boolean isAscii(byte[] a, int from, int to) {
        int i = from;
        long acc = 0;
        for (int last = to - 8; i <= last; i += 8) {
            acc |= (long) LONGS.get(a, i);
        }
        if ((acc & HIGH) != 0) {
            return false;
        }
        for (; i < to; i++) {
            if (a[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first {@code b} in {@code a[from, to)}, or -1. For short scans (field names). */
    public static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code a[aFrom, aFrom+len)} equals {@code b[bFrom, bFrom+len)}. */
    public static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int len) {
        for (int i = 0; i < len; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }
}
