package dev.ssekit.bench.parsers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The floor: the least work any parser must do on these corpora. It finds line ends (LF, CR, CRLF, across chunks)
 * and builds one data String per event (UTF-8, lines joined with LF), and nothing else: a line is data if it
 * starts with {@code data:} or is exactly {@code data}; every other line is skipped unread; there is no id, event,
 * retry, comment, BOM, limit or malformed-UTF-8 handling beyond the JDK's decoder. It hands out the constants
 * {@code "message"} and {@code ""} for type and id.
 *
 * <p>Not a peer: it is not in {@link PeerParsers#all()} (so neither in "fastest peer" nor in the conformance runs),
 * and it is correct only on well-formed UTF-8 streams such as the benchmark's corpora. It is a yardstick: the
 * benchmark reports ours as a fraction of it.
 */
public final class FloorParser implements PeerParser {

    public static final String NAME = "floor";

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long SMALL = 0x0E0E0E0E0E0E0E0EL;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "floor: line ends and the data String only, written for the benchmark (not a peer)";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) {
        new Run(sink).parse(chunks);
    }

    /** One stream's state. */
    private static final class Run {
        private final EventSink sink;
        /** A line cut by a chunk boundary, so far. */
        private byte[] partial = new byte[256];
        private int partialLen;
        /** Data lines so far, joined by LF, when the event has more than one or its line was in an earlier chunk. */
        private byte[] data = new byte[256];
        private int dataLen = -1;
        /** The event's one data line, still in the current chunk. */
        private byte[] one;
        private int oneOff;
        private int oneLen;
        private boolean skipLf;

        Run(EventSink sink) {
            this.sink = sink;
        }

        void parse(List<byte[]> chunks) {
            for (byte[] b : chunks) {
                int p = 0;
                int end = b.length;
                if (skipLf && p < end) {
                    skipLf = false;
                    if (b[p] == '\n') {
                        p++;
                    }
                }
                while (p < end) {
                    int eol = lineEnd(b, p, end);
                    if (eol < 0) {
                        partial = put(partial, partialLen, b, p, end - p);
                        partialLen += end - p;
                        break;
                    }
                    if (partialLen == 0) {
                        line(b, p, eol, true);
                    } else {
                        partial = put(partial, partialLen, b, p, eol - p);
                        partialLen += eol - p;
                        line(partial, 0, partialLen, false);
                        partialLen = 0;
                    }
                    p = eol + 1;
                    if (b[eol] == '\r') {
                        if (p == end) {
                            skipLf = true;
                        } else if (b[p] == '\n') {
                            p++;
                        }
                    }
                }
                if (one != null) { // the chunk's array is not ours to keep
                    moveOne();
                }
            }
        }

        private void line(byte[] a, int from, int to, boolean inChunk) {
            int len = to - from;
            if (len == 0) {
                if (one != null) {
                    sink.event("message", new String(one, oneOff, oneLen, StandardCharsets.UTF_8), "");
                    one = null;
                } else if (dataLen >= 0) {
                    sink.event("message", new String(data, 0, dataLen, StandardCharsets.UTF_8), "");
                }
                dataLen = -1;
                return;
            }
            if (len < 4 || a[from] != 'd' || a[from + 1] != 'a' || a[from + 2] != 't' || a[from + 3] != 'a'
                    || len > 4 && a[from + 4] != ':') {
                return;
            }
            int v = Math.min(to, from + 5);
            if (v < to && a[v] == ' ') {
                v++;
            }
            if (inChunk && one == null && dataLen < 0) {
                one = a;
                oneOff = v;
                oneLen = to - v;
                return;
            }
            if (one != null) {
                moveOne();
            }
            int at = dataLen < 0 ? 0 : dataLen + 1;
            data = put(data, at, a, v, to - v);
            if (dataLen >= 0) {
                data[dataLen] = '\n';
            }
            dataLen = at + to - v;
        }

        private void moveOne() {
            data = put(data, 0, one, oneOff, oneLen);
            dataLen = oneLen;
            one = null;
        }

        private static byte[] put(byte[] dst, int at, byte[] src, int off, int n) {
            if (at + n > dst.length) {
                dst = Arrays.copyOf(dst, Math.max(2 * dst.length, at + n));
            }
            System.arraycopy(src, off, dst, at, n);
            return dst;
        }
    }

    /**
     * The first CR or LF in {@code a[from, to)}, or -1. Sixteen bytes per step: a cheap test for any byte below 0x0E
     * (CR and LF are the only ones in text), then the exact search only in steps that pass it.
     */
    static int lineEnd(byte[] a, int from, int to) {
        int i = from;
        for (; i + 16 <= to; i += 16) {
            long w0 = (long) LONGS.get(a, i);
            long w1 = (long) LONGS.get(a, i + 8);
            if ((((w0 - SMALL) & ~w0 | (w1 - SMALL) & ~w1) & HIGH) != 0) {
                long m = crOrLf(w0);
                if (m != 0) {
                    return i + (Long.numberOfTrailingZeros(m) >>> 3);
                }
                m = crOrLf(w1);
                if (m != 0) {
                    return i + 8 + (Long.numberOfTrailingZeros(m) >>> 3);
                }
            }
        }
        for (; i + 8 <= to; i += 8) {
            long m = crOrLf((long) LONGS.get(a, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '\n' || a[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static long crOrLf(long w) {
        return hasZero(w ^ 0x0A0A0A0A0A0A0A0AL) | hasZero(w ^ 0x0D0D0D0D0D0D0D0DL);
    }

    /** 0x80 in each zero byte of {@code w}; exact, so the lowest set bit is the first zero byte. */
    private static long hasZero(long w) {
        return ~(((w & LOW7) + LOW7) | w | LOW7);
    }
}
