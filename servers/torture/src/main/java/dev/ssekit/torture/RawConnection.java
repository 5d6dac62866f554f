package dev.ssekit.torture;

import dev.ssekit.conformance.http.MalformedResponseException;
import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.spec.Escapes;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One raw client connection, non-blocking: bytes go out exactly as given, and everything that comes back is kept
 * (bounded) and decoded as HTTP/1.x responses as it arrives. Every wait has a deadline, a write included, so a server
 * that stops reading cannot hang the runner. What happened is recorded (responses, EOF, reset, a failed or stalled
 * write, malformed bytes) for the caller to judge.
 */
final class RawConnection implements Closeable {

    static final int RAW_CAP = 256 * 1024;
    static final int BODY_CAP = 1 << 20;

    /** One final response, with the interim responses that came before it. */
    static final class Response {
        final List<ResponseHead> interim;
        final ResponseHead head;
        final long headAtMs;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        long bodyBytes;
        boolean complete;
        long completeAtMs = -1;

        Response(List<ResponseHead> interim, ResponseHead head, long headAtMs) {
            this.interim = List.copyOf(interim);
            this.head = head;
            this.headAtMs = headAtMs;
        }

        int status() {
            return head.status();
        }

        String bodyText() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long t0 = System.nanoTime();
    private final ResponseDecoder decoder;
    private final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private List<ResponseHead> interim = new ArrayList<>();
    private ByteBuffer pending;

    final List<Response> responses = new ArrayList<>();
    final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    long rawBytes;
    long bytesWritten;
    long eofAtMs = -1;
    String reset;
    long resetAtMs = -1;
    ResponseDecoder.AtEnd atEnd;
    MalformedResponseException malformed;
    /** The first write that failed (the server closed) or stalled (the server stopped reading); null when none. */
    String writeProblem;
    boolean writeStalled;

    private RawConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
        this.decoder = new ResponseDecoder(new ResponseDecoder.Listener() {
            @Override
            public void onInterim(ResponseHead head) {
                interim.add(head);
            }

            @Override
            public void onHead(ResponseHead head) {
                responses.add(new Response(interim, head, ms()));
                interim = new ArrayList<>();
            }

            @Override
            public void onBody(byte[] b, int off, int len) {
                Response r = responses.get(responses.size() - 1);
                r.bodyBytes += len;
                int keep = (int) Math.max(0, Math.min(len, BODY_CAP - r.body.size()));
                r.body.write(b, off, keep);
            }

            @Override
            public void onComplete(ResponseHead head) {
                Response r = responses.get(responses.size() - 1);
                r.complete = true;
                r.completeAtMs = ms();
            }
        });
    }

    /**
     * Connects ({@code receiveBuffer} above 0 shrinks SO_RCVBUF first, so that a client that does not read advertises a
     * small window).
     */
    static RawConnection open(String host, int port, int connectTimeoutMs, int receiveBuffer) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            if (receiveBuffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(new InetSocketAddress(host, port), connectTimeoutMs);
            ch.configureBlocking(false);
            return new RawConnection(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Milliseconds since the connection was made. */
    long ms() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The method of a request about to be sent, in order (the answer to HEAD has no body). */
    void expect(String method) {
        decoder.expect(method);
    }

    /** The server closed the connection or reset it. */
    boolean closed() {
        return eofAtMs >= 0 || reset != null;
    }

    /** Nothing more will be read: closed, or the bytes stopped making sense. */
    boolean readDone() {
        return closed() || malformed != null;
    }

    long closedAtMs() {
        return eofAtMs >= 0 ? eofAtMs : resetAtMs;
    }

    /** Final responses whose framing says they ended. */
    int completed() {
        return decoder.completed();
    }

    /** Bytes after the last response that do not (yet) make a response head, escaped; null when there are none. */
    String strayBytes(int max) {
        int partial = decoder.partialHeadBytes();
        return partial == 0 || malformed != null ? null : rawFrom(decoder.consumed() - partial, max);
    }

    Response first() {
        return responses.isEmpty() ? null : responses.get(0);
    }

    /**
     * Writes all of {@code data} (one write as far as the socket takes it), reading whatever arrives meanwhile, until
     * {@code deadlineNanos}. Returns false when the write failed (the server closed) or stalled (the server stopped
     * reading); {@link #writeProblem} then says which. After a problem, later writes are not attempted.
     */
    boolean write(byte[] data, long deadlineNanos) {
        if (writeProblem != null) {
            return false;
        }
        queue(data);
        pump(deadlineNanos, () -> pending == null || writeProblem != null, true);
        if (pending != null && writeProblem == null) {
            writeStalled = true;
            writeProblem = "the server stopped reading: it took " + (data.length - pending.remaining()) + " of " + data.length
                    + " bytes of a write within its time";
            pending = null;
        }
        return writeProblem == null;
    }

    /** Queues bytes; {@link #pump} writes them as the socket takes them. */
    void queue(byte[] data) {
        if (writeProblem != null) {
            return;
        }
        if (pending == null || !pending.hasRemaining()) {
            pending = ByteBuffer.wrap(data);
        } else {
            ByteBuffer b = ByteBuffer.allocate(pending.remaining() + data.length);
            b.put(pending).put(data).flip();
            pending = b;
        }
    }

    /** Bytes queued and not yet taken by the socket. */
    int unwritten() {
        return pending == null ? 0 : pending.remaining();
    }

    /** Reads (and writes what is queued) for {@code ms}, or until the connection is closed. */
    void readFor(long ms) {
        pump(System.nanoTime() + ms * 1_000_000, () -> false, true);
    }

    /** Reads until {@code done} holds, nothing more can be read, or the deadline. */
    void readUntil(long deadlineNanos, BooleanSupplier done) {
        pump(deadlineNanos, done, true);
    }

    /**
     * Writes what is queued and, when {@code read}, reads what arrives, until {@code done} holds, there is nothing
     * left to do, or the deadline passes.
     */
    void pump(long deadlineNanos, BooleanSupplier done, boolean read) {
        while (!done.getAsBoolean()) {
            boolean canRead = read && !readDone();
            if (pending != null && !pending.hasRemaining()) {
                pending = null;
            }
            boolean wantWrite = pending != null && writeProblem == null;
            if (!canRead && !wantWrite) {
                return;
            }
            if (wantWrite) {
                try {
                    bytesWritten += channel.write(pending);
                } catch (IOException e) {
                    writeProblem = "a write failed after " + ms() + " ms: " + message(e);
                    pending = null;
                    continue;
                }
                if (!pending.hasRemaining()) {
                    pending = null;
                    continue;
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                key.interestOps((canRead ? SelectionKey.OP_READ : 0) | (wantWrite ? SelectionKey.OP_WRITE : 0));
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new IllegalStateException("the runner's selector failed: " + e, e);
            }
            if (canRead) {
                readAvailable();
            }
        }
    }

    private void readAvailable() {
        while (!readDone()) {
            int n;
            readBuf.clear();
            try {
                n = channel.read(readBuf);
            } catch (IOException e) {
                reset = message(e);
                resetAtMs = ms();
                atEnd = decoder.endOfInput();
                return;
            }
            if (n < 0) {
                eofAtMs = ms();
                atEnd = decoder.endOfInput();
                return;
            }
            if (n == 0) {
                return;
            }
            byte[] b = readBuf.array();
            rawBytes += n;
            raw.write(b, 0, (int) Math.max(0, Math.min(n, RAW_CAP - raw.size())));
            try {
                int off = 0;
                while (off < n) {
                    off += decoder.feed(b, off, n - off);
                }
            } catch (MalformedResponseException e) {
                malformed = e;
            }
        }
    }

    /** Half-closes: no more bytes from this side. */
    void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            if (writeProblem == null) {
                writeProblem = "half-closing failed after " + ms() + " ms: " + message(e);
            }
        }
    }

    /** How the connection stands, for Actual lines. */
    String describeEnd() {
        if (eofAtMs >= 0) {
            return "the server closed the connection after " + eofAtMs + " ms";
        }
        if (reset != null) {
            return "the connection was reset after " + resetAtMs + " ms (" + reset + ")";
        }
        return "the connection was still open after " + ms() + " ms";
    }

    /** The bytes received from {@code offset} on, escaped and clipped. */
    String rawFrom(long offset, int max) {
        byte[] all = raw.toByteArray();
        int from = (int) Math.min(offset, all.length);
        int n = Math.min(max, all.length - from);
        String s = new String(all, from, n, StandardCharsets.ISO_8859_1);
        return Escapes.quote(s) + (all.length - from > n || rawBytes > all.length ? "..." : "");
    }

    static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Closes at once with a reset (SO_LINGER 0), as a client that goes away does. */
    void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
