package dev.ssekit.conformance;

import dev.ssekit.protocol.EventStreamListener;
import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One request on its own connection, read incrementally: the body goes through {@link EventStreamParser} as it
 * arrives, every read has a deadline and what is kept has a {@link CaptureBound}, so a stream that never ends can
 * neither hang the suite nor fill its memory. The request carries what Chromium's EventSource sends and the user's
 * additions ({@link ClientOptions}). Over HTTP/1.1 ({@link Http1Exchange}) or HTTP/2 ({@link H2Exchange}), as the
 * target speaks. {@link #run(Target, HttpRequest, long, CaptureBound, Predicate)} follows redirects as fetch does.
 */
abstract class Exchange implements Closeable {

    static final int CONNECT_TIMEOUT_MS = 5_000;

    private final long startNanos;
    final StreamCapture capture;
    final EventStreamParser parser;
    long quietSince;
    /** When the read being handled arrived, ms since the request was sent. */
    long readAtMs;

    Exchange(long startNanos, StreamCapture capture) {
        this.startNanos = startNanos;
        this.capture = capture;
        this.parser = new EventStreamParser(new Recorder(capture));
    }

    /**
     * Connects and sends the request. {@code receiveBuffer} above 0 shrinks SO_RCVBUF (slow readers); over HTTP/2 the
     * credit the reader gives only as it reads is what holds the server back.
     */
    static Exchange send(Target target, HttpRequest request, int receiveBuffer, CaptureBound bound) throws IOException {
        return sendAsIs(target, prepare(target, request), receiveBuffer, bound);
    }

    /** Sends a request {@link #prepare prepared} already. */
    private static Exchange sendAsIs(Target target, HttpRequest prepared, int receiveBuffer, CaptureBound bound)
            throws IOException {
        return target.isH2() ? H2Exchange.open(target, prepared, receiveBuffer, bound)
                : Http1Exchange.open(target, prepared, receiveBuffer, bound);
    }

    /**
     * Sends the request and reads the response until it ends, {@code stop} holds, {@code timeoutMs} passes, or the
     * capture reaches its bound.
     */
    static StreamCapture run(Target target, HttpRequest request, long timeoutMs, CaptureBound bound,
            Predicate<StreamCapture> stop) {
        long t0 = System.nanoTime();
        Target at = target;
        HttpRequest r = prepare(target, request);
        int limit = target.client().maxRedirects();
        for (int hop = 0; ; hop++) {
            long left = timeoutMs - (System.nanoTime() - t0) / 1_000_000;
            // a redirect that will be followed is not read further; the last answer is read as any other
            StreamCapture c = runOnce(at, r, Math.max(1, left), bound, hop < limit ? stop.or(Exchange::isRedirect) : stop);
            URI to = isRedirect(c) ? location(at, r, c) : null;
            if (to == null) {
                return c;
            }
            if (hop >= limit) {
                c.redirectNote = "the redirect to " + to + " was not followed: " + limit + " redirects is the limit"
                        + " (--max-redirs)" + (limit > 0 ? "; a redirect loop?" : "");
                return c;
            }
            Target next;
            try {
                next = at.redirectedTo(to);
            } catch (IllegalArgumentException e) {
                c.redirectNote = "the redirect to " + to + " cannot be followed: " + e.getMessage();
                return c;
            }
            target.client().logRedirect(at.url(r.path()), c.status, next.url(next.streamPath()));
            r = redirected(r, c.status, at.sameOrigin(next), next.streamPath());
            at = next;
        }
    }

    private static StreamCapture runOnce(Target target, HttpRequest prepared, long timeoutMs, CaptureBound bound,
            Predicate<StreamCapture> stop) {
        Exchange ex;
        try {
            ex = sendAsIs(target, prepared, 0, bound);
        } catch (IOException e) {
            StreamCapture c = new StreamCapture(prepared, bound);
            c.end = StreamCapture.End.NO_CONNECTION;
            c.endDetail = e.toString();
            return c;
        }
        try (ex) {
            return ex.read(timeoutMs, stop);
        }
    }

    /** A redirect EventSource follows (fetch's redirect statuses) with a Location to follow. */
    private static boolean isRedirect(StreamCapture c) {
        return switch (c.status) {
            case 301, 302, 303, 307, 308 -> c.header("Location") != null;
            default -> false;
        };
    }

    /** The Location resolved against the request's URL; null when it is no URL. */
    private static URI location(Target at, HttpRequest r, StreamCapture c) {
        try {
            return new URI(at.url(r.path())).resolve(new URI(c.header("Location").strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            c.redirectNote = "the redirect to " + Escapes.quote(c.header("Location")) + " cannot be followed: not a URL";
            return null;
        }
    }

    /**
     * The request fetch sends after a redirect: 303 (and 301 or 302 after a POST) turns into a GET without a body; 307
     * and 308 keep method and body. Credentials are not carried to another origin.
     */
    static HttpRequest redirected(HttpRequest r, int status, boolean sameOrigin, String path) {
        boolean toGet = status == 303 && !"HEAD".equals(r.method())
                || (status == 301 || status == 302) && "POST".equals(r.method());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> {
            boolean bodyHeader = k.equalsIgnoreCase("Content-Type");
            boolean credential = k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("Cookie");
            boolean host = k.equalsIgnoreCase("Host");
            if (!(toGet && bodyHeader) && !(credential && !sameOrigin) && !(host && !sameOrigin)) {
                h.put(k, v);
            }
        });
        return new HttpRequest(toGet ? "GET" : r.method(), path, Collections.unmodifiableMap(h), toGet ? null : r.body());
    }

    static StreamCapture run(Target target, HttpRequest request, long timeoutMs, CaptureBound bound) {
        return run(target, request, timeoutMs, bound, c -> false);
    }

    /** With the default bound. */
    static StreamCapture run(Target target, HttpRequest request, long timeoutMs) {
        return run(target, request, timeoutMs, CaptureBound.DEFAULT);
    }

    /**
     * The request as it goes out: a GET of the checked stream's path becomes the user's stream request
     * ({@code -X}, {@code -d}, with Content-Type application/json unless a header says otherwise), and the header
     * fields are Chromium's EventSource set, then the request's own, then the user's.
     */
    static HttpRequest prepare(Target target, HttpRequest r) {
        ClientOptions c = target.client();
        boolean stream = c.customStreamRequest() && "GET".equals(r.method()) && r.body() == null
                && pathOf(r.path()).equals(pathOf(target.streamPath()));
        String method = stream ? c.streamMethod() : r.method();
        byte[] body = stream ? c.body() : r.body();
        Map<String, String> own = new LinkedHashMap<>(r.headers());
        if (body != null && !r.hasHeader("Content-Type")) {
            own.put("Content-Type", stream ? "application/json" : "text/plain; charset=utf-8");
        }
        return new HttpRequest(method, r.path(), c.headerFields(stream || "GET".equals(method), own), body);
    }

    private static String pathOf(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** The bytes of a {@link #prepare prepared} request: its header fields as they are, Host and Content-Length added. */
    static byte[] requestBytes(Target target, HttpRequest r) {
        StringBuilder b = new StringBuilder();
        b.append(r.method()).append(' ').append(r.path()).append(" HTTP/1.1\r\n");
        if (!r.hasHeader("Host")) {
            b.append("Host: ").append(target.authority()).append("\r\n");
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (r.body() != null) {
            b.append("Content-Length: ").append(r.body().length).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        if (r.body() == null) {
            return head;
        }
        byte[] all = new byte[head.length + r.body().length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(r.body(), 0, all, head.length, r.body().length);
        return all;
    }

    /**
     * Whether a further read goes on with {@code c}: not once its response ended, nor when it stopped and {@code stop}
     * still holds. When it goes on, the last end is cleared.
     */
    static boolean readsOn(StreamCapture c, Predicate<StreamCapture> stop) {
        if (c.end != null && c.end != StreamCapture.End.STOPPED && c.end != StreamCapture.End.TIMEOUT
                || c.end == StreamCapture.End.STOPPED && stop.test(c)) {
            return false;
        }
        c.end = null;
        return true;
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
    abstract StreamCapture read(long timeoutMs, Predicate<StreamCapture> stop);

    /** Goes away at once, as a client that leaves does: a TCP reset, or RST_STREAM and the connection closed. */
    abstract void abort();

    @Override
    public abstract void close();

    /** Copies the final head into the capture; values are bytes, and UTF-8 is the likeliest reading beyond ASCII. */
    void headFields(int status, String reason, Iterable<Map.Entry<String, String>> fields) {
        StreamCapture c = capture;
        c.status = status;
        c.reason = reason;
        for (Map.Entry<String, String> f : fields) {
            c.addHeader(f.getKey(), new String(f.getValue().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        c.headersAtMs = readAtMs;
    }

    static void deliver(StreamCapture c, EventStreamParser parser, byte[] b, int off, int len, long at) {
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

    static StreamCapture finish(StreamCapture c, StreamCapture.End end, String detail, long at) {
        c.end = end;
        c.endDetail = detail == null ? "" : detail;
        c.endAtMs = at;
        return c;
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
}
