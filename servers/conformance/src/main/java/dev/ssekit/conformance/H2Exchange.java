package dev.ssekit.conformance;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link Exchange} over HTTP/2: one stream, on a connection of its own ({@link #open}) or on one shared with other
 * streams ({@link #on}, for the h2 cases). DATA feeds the parser as it arrives, and its credit goes back only once it
 * was read here, so a reader that stops reading is a slow reader the server sees as such.
 */
final class H2Exchange extends Exchange {

    /** Connection-specific fields (RFC 9113, 8.2.2): an h2 request carries none, so the request's are left out. */
    static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private final H2Connection.H2Stream stream;
    /** Whether the connection is this exchange's own, closed with it. */
    private final boolean owned;
    private boolean done;

    private H2Exchange(H2Connection.H2Stream stream, boolean owned, long startNanos, StreamCapture capture) {
        super(startNanos, capture);
        this.stream = stream;
        this.owned = owned;
    }

    /** Connects and sends a request {@link Exchange#prepare prepared} already, on a connection of its own. */
    static H2Exchange open(Target target, HttpRequest prepared, int receiveBuffer, CaptureBound bound) throws IOException {
        H2Connection c = H2Connection.open(target, CONNECT_TIMEOUT_MS, receiveBuffer);
        try {
            return send(c, true, target, prepared, bound);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends {@code request} (prepared here) as a new stream on {@code c}, which stays open when this one closes. */
    static H2Exchange on(H2Connection c, Target target, HttpRequest request, CaptureBound bound) throws IOException {
        return send(c, false, target, prepare(target, request), bound);
    }

    private static H2Exchange send(H2Connection c, boolean owned, Target target, HttpRequest prepared, CaptureBound bound)
            throws IOException {
        long t0 = System.nanoTime();
        H2Connection.H2Stream s = c.open(headers(target, prepared), prepared.body());
        return new H2Exchange(s, owned, t0, new StreamCapture(prepared, bound));
    }

    /** The request's fields as HTTP/2 carries them: pseudo-fields first, names in lower case, Host as :authority. */
    static Http2Headers headers(Target target, HttpRequest r) {
        Http2Headers h = new DefaultHttp2Headers(false);
        String authority = target.authority();
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("Host")) {
                authority = e.getValue();
            }
        }
        h.method(r.method()).scheme(target.scheme()).authority(authority).path(r.path());
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            boolean te = name.equals("te") && !e.getValue().trim().equalsIgnoreCase("trailers");
            if (!CONNECTION_SPECIFIC.contains(name) && !name.equals("host") && !te) {
                h.add(name, e.getValue());
            }
        }
        if (r.body() != null) {
            h.set("content-length", String.valueOf(r.body().length));
        }
        return h;
    }

    /** The stream's id on its connection. */
    int streamId() {
        return stream.id;
    }

    @Override
    StreamCapture read(long timeoutMs, Predicate<StreamCapture> stop) {
        StreamCapture c = capture;
        if (!readsOn(c, stop)) {
            return c;
        }
        try {
            while (true) {
                long now = elapsedMs();
                if (now >= timeoutMs) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, now - quietSince);
                    return finish(c, StreamCapture.End.TIMEOUT, "", Math.max(now, timeoutMs));
                }
                H2Connection.Frame f = stream.poll(Math.max(1, timeoutMs - now));
                if (f == null) {
                    continue;
                }
                long at = elapsedMs();
                readAtMs = at;
                if (f instanceof H2Connection.Head h) {
                    if (!c.hasStatus()) {
                        head(h.headers());
                    }
                    if (h.end() && c.hasStatus()) {
                        return ended(c, at);
                    }
                } else if (f instanceof H2Connection.Data d) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                    quietSince = at;
                    c.lastByteMs = at;
                    deliver(c, parser, d.bytes(), 0, d.bytes().length, at);
                    stream.connection.consumed(stream.id, d.bytes().length);
                    if (c.cutAt != null) {
                        return finish(c, StreamCapture.End.BOUND, "", at);
                    }
                    if (d.end()) {
                        return ended(c, at);
                    }
                } else if (f instanceof H2Connection.Reset r) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                    done = true;
                    return finish(c, StreamCapture.End.CUT, r.describe(), at);
                } else if (f instanceof H2Connection.Closed x) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                    done = true;
                    String gone = stream.connection.gone();
                    return finish(c, StreamCapture.End.CUT, (gone != null ? gone : x.why())
                            + (c.hasStatus() ? " before the end of the stream" : " before any response head"), at);
                }
                if (c.hasStatus() && stop.test(c)) {
                    return finish(c, StreamCapture.End.STOPPED, "", at);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(c, StreamCapture.End.RESET, "interrupted", elapsedMs());
        }
    }

    private StreamCapture ended(StreamCapture c, long at) {
        done = true;
        parser.end();
        return finish(c, StreamCapture.End.COMPLETE, "", at);
    }

    /** The final head; interim (1xx) ones are skipped. Pseudo-fields other than :status are not response fields. */
    private void head(Http2Headers h) {
        CharSequence st = h.status();
        int status;
        try {
            status = st == null ? -1 : Integer.parseInt(st.toString());
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status >= 100 && status < 200) {
            return;
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        h.forEach(e -> {
            String name = e.getKey().toString();
            if (!name.startsWith(":")) {
                // AsciiString keeps one byte per char, as an HTTP/1.1 head is read
                fields.add(new AbstractMap.SimpleImmutableEntry<>(name, e.getValue().toString()));
            }
        });
        headFields(status < 0 ? 0 : status, "", fields);
    }

    /** Resets the stream (RST_STREAM CANCEL); an own connection closes too. */
    @Override
    void abort() {
        if (!done) {
            stream.connection.reset(stream.id);
            done = true;
        }
        if (owned) {
            stream.connection.close();
        }
    }

    /** Cancels the stream if it is still open; an own connection closes. */
    @Override
    public void close() {
        abort();
    }
}
