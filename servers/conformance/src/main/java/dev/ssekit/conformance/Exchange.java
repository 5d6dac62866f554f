package dev.ssekit.conformance;

import dev.ssekit.protocol.EventStreamListener;
import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One HTTP/1.1 request on its own connection ({@code Connection: close}), read incrementally: the body goes through
 * {@link EventStreamParser} as it arrives, chunked framing is undone, every read has a deadline and what is kept has
 * a {@link CaptureBound}, so a stream that never ends can neither hang the suite nor fill its memory.
 */
final class Exchange implements Closeable {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int HEAD_LIMIT = 64 * 1024;
    private static final byte[] HTTP = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final long startNanos;
    private final StreamCapture capture;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final EventStreamParser parser;
    private Body body;
    private long quietSince;

    private Exchange(Socket socket, long startNanos, StreamCapture capture) {
        this.socket = socket;
        this.startNanos = startNanos;
        this.capture = capture;
        this.parser = new EventStreamParser(new Recorder(capture));
    }

    /** Connects and sends the request. {@code receiveBuffer} above 0 shrinks SO_RCVBUF (slow readers). */
    static Exchange send(Target target, HttpRequest request, int receiveBuffer, CaptureBound bound) throws IOException {
        Socket s = target.connect(CONNECT_TIMEOUT_MS, receiveBuffer);
        long t0 = System.nanoTime();
        try {
            OutputStream out = s.getOutputStream();
            out.write(requestBytes(target, request));
            out.flush();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new Exchange(s, t0, new StreamCapture(request, bound));
    }

    /**
     * Sends the request and reads the response until it ends, {@code stop} holds, {@code timeoutMs} passes, or the
     * capture reaches its bound.
     */
    static StreamCapture run(Target target, HttpRequest request, long timeoutMs, CaptureBound bound,
            Predicate<StreamCapture> stop) {
        Exchange ex;
        try {
            ex = send(target, request, 0, bound);
        } catch (IOException e) {
            StreamCapture c = new StreamCapture(request, bound);
            c.end = StreamCapture.End.NO_CONNECTION;
            c.endDetail = e.toString();
            return c;
        }
        try (ex) {
            return ex.read(timeoutMs, stop);
        }
    }

    static StreamCapture run(Target target, HttpRequest request, long timeoutMs, CaptureBound bound) {
        return run(target, request, timeoutMs, bound, c -> false);
    }

    /** With the default bound. */
    static StreamCapture run(Target target, HttpRequest request, long timeoutMs) {
        return run(target, request, timeoutMs, CaptureBound.DEFAULT);
    }

    static byte[] requestBytes(Target target, HttpRequest r) {
        StringBuilder b = new StringBuilder();
        b.append(r.method()).append(' ').append(r.path()).append(" HTTP/1.1\r\n");
        b.append("Host: ").append(target.authority()).append("\r\n");
        b.append("User-Agent: sse-kit-check\r\n");
        if (!r.hasHeader("Accept")) {
            b.append("Accept: ").append("GET".equals(r.method()) ? "text/event-stream, */*;q=0.5" : "*/*").append("\r\n");
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (r.body() != null) {
            if (!r.hasHeader("Content-Type")) {
                b.append("Content-Type: text/plain; charset=utf-8\r\n");
            }
            b.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        if (r.body() == null) {
            return head;
        }
        byte[] all = new byte[head.length + r.body().length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(r.body(), 0, all, head.length, r.body().length);
        return all;
    }

    Socket socket() {
        return socket;
    }

    StreamCapture capture() {
        return capture;
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * Reads until the response ends, {@code stop} holds (checked after every read), or {@code timeoutMs} since the
     * request was sent. Returns the capture; the connection stays open when reading stopped early, and a later call
     * continues where this one stopped.
     */
    StreamCapture read(long timeoutMs, Predicate<StreamCapture> stop) {
        StreamCapture c = capture;
        if (c.end != null && c.end != StreamCapture.End.STOPPED && c.end != StreamCapture.End.TIMEOUT) {
            return c;
        }
        if (c.end == StreamCapture.End.STOPPED && stop.test(c)) {
            return c;
        }
        c.end = null;
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long now = elapsedMs();
                if (now >= timeoutMs) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, now - quietSince);
                    return finish(c, StreamCapture.End.TIMEOUT, "", Math.max(now, timeoutMs));
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs - now)));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                long at = elapsedMs();
                if (n < 0) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                    if (c.hasStatus() && body != null && body.closeDelimited()) {
                        parser.end();
                        return finish(c, StreamCapture.End.COMPLETE, "", at);
                    }
                    return finish(c, StreamCapture.End.CUT, c.hasStatus() ? "before the end of the body" : "before any status line", at);
                }
                c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                quietSince = at;
                c.lastByteMs = at;
                int off = 0;
                if (!c.hasStatus()) {
                    int split = appendHead(head, buf, n);
                    if (!startsLikeHttp(head)) {
                        // Waiting for a blank line that may never come would only hide this until the deadline.
                        c.notHttp = Escapes.hex(head.toByteArray(), 16);
                        return finish(c, StreamCapture.End.NOT_HTTP, "", at);
                    }
                    if (split < 0) {
                        if (head.size() > HEAD_LIMIT) {
                            return finish(c, StreamCapture.End.CUT, "response head larger than " + HEAD_LIMIT + " bytes", at);
                        }
                        continue;
                    }
                    if (!parseHead(c, head.toByteArray(), at)) {
                        return finish(c, StreamCapture.End.NOT_HTTP, "", at);
                    }
                    body = Body.of(c);
                    off = split;
                }
                if (off < n) {
                    body.take(buf, off, n - off, (b, o, l) -> deliver(c, parser, b, o, l, at));
                }
                if (c.cutAt != null) {
                    // Something did not fit: what is kept is a prefix, even if the response also ended here.
                    return finish(c, StreamCapture.End.BOUND, "", at);
                }
                if (body.done()) {
                    parser.end();
                    return finish(c, StreamCapture.End.COMPLETE, "", at);
                }
                if (stop.test(c)) {
                    return finish(c, StreamCapture.End.STOPPED, "", at);
                }
            }
        } catch (IOException e) {
            return finish(c, StreamCapture.End.RESET, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    elapsedMs());
        } catch (IllegalStateException | NumberFormatException e) {
            // framing the suite cannot follow (a bad chunk size or Content-Length): the response is broken
            return finish(c, StreamCapture.End.CUT, e.getMessage(), elapsedMs());
        }
    }

    private static void deliver(StreamCapture c, EventStreamParser parser, byte[] b, int off, int len, long at) {
        if (c.firstBodyByteMs < 0) {
            c.firstBodyByteMs = at;
        }
        int keep = c.keepBody(b, off, len);
        c.bodyBytes += len;
        // Only what was kept is parsed, so the events are those of the kept prefix.
        if (c.limitBreached == null && keep > 0) {
            c.nowMs = at;
            try {
                parser.feed(b, off, keep);
            } catch (LimitExceededException e) {
                c.limitBreached = e.getMessage();
            }
        }
    }

    private static StreamCapture finish(StreamCapture c, StreamCapture.End end, String detail, long at) {
        c.end = end;
        c.endDetail = detail == null ? "" : detail;
        c.endAtMs = at;
        return c;
    }

    /** Appends to the head buffer; returns the offset in {@code buf} just after the blank line, or -1. */
    private static int appendHead(ByteArrayOutputStream head, byte[] buf, int n) {
        int before = head.size();
        head.write(buf, 0, n);
        byte[] h = head.toByteArray();
        for (int i = Math.max(0, before - 3); i < h.length; i++) {
            if (h[i] == '\n') {
                if (i + 1 < h.length && h[i + 1] == '\n') {
                    return cut(head, h, i + 2, before);
                }
                if (i + 2 < h.length && h[i + 1] == '\r' && h[i + 2] == '\n') {
                    return cut(head, h, i + 3, before);
                }
            }
        }
        return -1;
    }

    private static int cut(ByteArrayOutputStream head, byte[] h, int end, int before) {
        head.reset();
        head.write(h, 0, end);
        return end - before;
    }

    /** Whether the bytes so far could begin an HTTP response ({@code HTTP/}). */
    private static boolean startsLikeHttp(ByteArrayOutputStream head) {
        byte[] h = head.toByteArray();
        for (int i = 0; i < Math.min(h.length, HTTP.length); i++) {
            if (h[i] != HTTP[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the status line and the header fields; false (with {@code notHttp} set) when the status line is not HTTP's. */
    private static boolean parseHead(StreamCapture c, byte[] head, long at) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        String status = lines[0];
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].trim().matches("[0-9]{3}")) {
            c.notHttp = Escapes.quote(RequestVectors.clip(status)) + " (no status line)";
            return false;
        }
        c.status = Integer.parseInt(parts[1].trim());
        c.reason = parts.length > 2 ? parts[2] : "";
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon > 0) {
                // header values are bytes; UTF-8 is the likeliest reading of anything beyond ASCII
                String value = new String(line.substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1),
                        StandardCharsets.UTF_8);
                c.addHeader(line.substring(0, colon).trim(), value);
            }
        }
        c.headersAtMs = at;
        return true;
    }

    /** Closes at once with a reset (SO_LINGER 0), as a client that goes away does. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a broken socket
        }
    }

    /** Records parser output with the time of the read that produced it. */
    private static final class Recorder implements EventStreamListener {
        private final StreamCapture c;

        Recorder(StreamCapture c) {
            this.c = c;
        }

        @Override
        public void onEvent(ParsedEvent e) {
            if (c.admit((long) e.type().length() + e.data().length() + e.lastEventId().length())) {
                c.events.add(new StreamCapture.Timed<>(e, c.nowMs));
            }
        }

        @Override
        public void onRetry(long millis) {
            if (c.admit(0)) {
                c.retries.add(new StreamCapture.Timed<>(millis, c.nowMs));
            }
        }

        @Override
        public void onComment(String text) {
            if (c.admit(text.length())) {
                c.comments.add(new StreamCapture.Timed<>(text, c.nowMs));
            }
        }
    }

    @FunctionalInterface
    private interface Sink {
        void accept(byte[] b, int off, int len);
    }

    /** The body's framing: chunked, a Content-Length, none (204, 304, HEAD), or until the connection closes. */
    private abstract static class Body {

        static Body of(StreamCapture c) {
            if (c.status == 204 || c.status == 304 || c.status / 100 == 1 || "HEAD".equals(c.request.method())) {
                return new Fixed(0);
            }
            String te = c.header("Transfer-Encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                return new Chunked();
            }
            String cl = c.header("Content-Length");
            if (cl != null) {
                try {
                    return new Fixed(Long.parseLong(cl.split(",")[0].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("bad Content-Length: " + cl);
                }
            }
            return new UntilClose();
        }

        abstract void take(byte[] b, int off, int len, Sink sink);

        abstract boolean done();

        boolean closeDelimited() {
            return false;
        }
    }

    private static final class UntilClose extends Body {
        @Override
        void take(byte[] b, int off, int len, Sink sink) {
            sink.accept(b, off, len);
        }

        @Override
        boolean done() {
            return false;
        }

        @Override
        boolean closeDelimited() {
            return true;
        }
    }

    private static final class Fixed extends Body {
        private long left;

        Fixed(long length) {
            left = length;
        }

        @Override
        void take(byte[] b, int off, int len, Sink sink) {
            int n = (int) Math.min(left, len);
            if (n > 0) {
                sink.accept(b, off, n);
                left -= n;
            }
        }

        @Override
        boolean done() {
            return left == 0;
        }
    }

    /** Undoes chunked transfer coding (RFC 9112, 7.1), byte by byte for the framing and in bulk for the data. */
    private static final class Chunked extends Body {
        private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

        private State state = State.SIZE;
        private long size;
        private int digits;
        private boolean trailerLineEmpty = true;

        @Override
        void take(byte[] b, int off, int len, Sink sink) {
            int i = off;
            int end = off + len;
            while (i < end && state != State.DONE) {
                if (state == State.DATA) {
                    int n = (int) Math.min(size, end - i);
                    sink.accept(b, i, n);
                    size -= n;
                    i += n;
                    if (size == 0) {
                        state = State.DATA_CR;
                    }
                    continue;
                }
                byte x = b[i++];
                switch (state) {
                    case SIZE -> {
                        int d = Character.digit(x, 16);
                        if (d >= 0 && digits < 15) {
                            size = size * 16 + d;
                            digits++;
                        } else if (digits > 0 && (x == ';' || x == ' ' || x == '\t')) {
                            state = State.EXTENSION;
                        } else if (digits > 0 && x == '\r') {
                            state = State.SIZE_LF;
                        } else if (digits > 0 && x == '\n') {
                            afterSize();
                        } else {
                            throw new IllegalStateException("bad chunk size byte 0x" + Integer.toHexString(x & 0xff));
                        }
                    }
                    case EXTENSION -> {
                        if (x == '\n') {
                            afterSize();
                        }
                    }
                    case SIZE_LF -> {
                        if (x != '\n') {
                            throw new IllegalStateException("chunk size line not ended by CRLF");
                        }
                        afterSize();
                    }
                    case DATA_CR -> {
                        if (x == '\n') {
                            nextChunk();
                        } else if (x == '\r') {
                            state = State.DATA_LF;
                        } else {
                            throw new IllegalStateException("chunk data not followed by CRLF");
                        }
                    }
                    case DATA_LF -> {
                        if (x != '\n') {
                            throw new IllegalStateException("chunk data not followed by CRLF");
                        }
                        nextChunk();
                    }
                    case TRAILER -> {
                        if (x == '\n') {
                            if (trailerLineEmpty) {
                                state = State.DONE;
                            }
                            trailerLineEmpty = true;
                        } else if (x != '\r') {
                            trailerLineEmpty = false;
                        }
                    }
                    default -> throw new IllegalStateException("unreachable chunk state " + state);
                }
            }
        }

        private void afterSize() {
            state = size == 0 ? State.TRAILER : State.DATA;
        }

        private void nextChunk() {
            state = State.SIZE;
            size = 0;
            digits = 0;
        }

        @Override
        boolean done() {
            return state == State.DONE;
        }
    }
}
