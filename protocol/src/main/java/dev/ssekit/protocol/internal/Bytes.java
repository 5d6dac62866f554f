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

    private Bytes() {
    }

    /** 0x80 in every byte of {@code w} that is zero, 0 elsewhere; exact (no borrow between bytes). */
    private static long zeroBytes(long w) {
        return ~(((w & LOW7) + LOW7) | w | LOW7);
    }

    /** Index of the first CR or LF in {@code a[from, to)}, or -1. */
    public static int indexOfLineEnd(byte[] a, int from, int to) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long w = (long) LONGS.get(a, i);
            long m = zeroBytes(w ^ LFS) | zeroBytes(w ^ CRS);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = a[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
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
