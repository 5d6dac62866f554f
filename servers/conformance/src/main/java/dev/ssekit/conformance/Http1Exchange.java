package dev.ssekit.conformance;

import dev.ssekit.conformance.http.MalformedResponseException;
import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.spec.Escapes;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@link Exchange} over HTTP/1.1: one request on its own socket (TLS offering only http/1.1 by ALPN), the response's
 * framing undone by {@link ResponseDecoder}; the connection is kept alive as a browser keeps it, and closed by the
 * reader when it has the one response it reads.
 */
final class Http1Exchange extends Exchange {

    private static final int HEAD_LIMIT = 64 * 1024;

    private final Socket socket;
    private final ResponseDecoder decoder;
    private boolean complete;
    /** The first bytes that came, for the report of a response that is not HTTP. */
    private final byte[] first = new byte[256];
    private int firstLen;

    private Http1Exchange(Socket socket, long startNanos, StreamCapture capture) {
        super(startNanos, capture);
        this.socket = socket;
        this.decoder = new ResponseDecoder(new ResponseDecoder.Listener() {
            @Override
            public void onHead(ResponseHead h) {
                head(h);
            }

            @Override
            public void onBody(byte[] b, int off, int len) {
                deliver(capture, parser, b, off, len, readAtMs);
            }

            @Override
            public void onComplete(ResponseHead h) {
                complete = true;
            }
        }, HEAD_LIMIT);
        decoder.expect(capture.request.method());
    }

    /** Connects and sends a request {@link Exchange#prepare prepared} already. */
    static Http1Exchange open(Target target, HttpRequest prepared, int receiveBuffer, CaptureBound bound)
            throws IOException {
        Socket s = target.connect(CONNECT_TIMEOUT_MS, receiveBuffer);
        long t0 = System.nanoTime();
        try {
            OutputStream out = s.getOutputStream();
            out.write(requestBytes(target, prepared));
            out.flush();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new Http1Exchange(s, t0, new StreamCapture(prepared, bound));
    }

    Socket socket() {
        return socket;
    }

    /**
     * Reads until the response ends, {@code stop} holds (checked after every read), or {@code timeoutMs} since the
     * request was sent. Returns the capture; the connection stays open when reading stopped early, and a later call
     * continues where this one stopped.
     */
    @Override
    StreamCapture read(long timeoutMs, Predicate<StreamCapture> stop) {
        StreamCapture c = capture;
        if (!readsOn(c, stop)) {
            return c;
        }
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
                readAtMs = at;
                if (n < 0) {
                    c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                    if (decoder.endOfInput() == ResponseDecoder.AtEnd.COMPLETED) {
                        parser.end();
                        return finish(c, StreamCapture.End.COMPLETE, "", at);
                    }
                    return finish(c, StreamCapture.End.CUT, c.hasStatus() ? "before the end of the body" : "before any status line", at);
                }
                c.longestQuietMs = Math.max(c.longestQuietMs, at - quietSince);
                quietSince = at;
                c.lastByteMs = at;
                if (firstLen < first.length) {
                    int k = Math.min(n, first.length - firstLen);
                    System.arraycopy(buf, 0, first, firstLen, k);
                    firstLen += k;
                }
                // Only the first response counts; whatever follows it on the connection is not read.
                decoder.feed(buf, 0, n);
                if (c.cutAt != null) {
                    // Something did not fit: what is kept is a prefix, even if the response also ended here.
                    return finish(c, StreamCapture.End.BOUND, "", at);
                }
                if (complete) {
                    parser.end();
                    return finish(c, StreamCapture.End.COMPLETE, "", at);
                }
                if (c.hasStatus() && stop.test(c)) {
                    return finish(c, StreamCapture.End.STOPPED, "", at);
                }
            }
        } catch (IOException e) {
            return finish(c, StreamCapture.End.RESET, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    elapsedMs());
        } catch (MalformedResponseException e) {
            if (e.kind() != MalformedResponseException.Kind.FRAMING) {
                // Not HTTP at all: said at once, instead of waiting for a blank line that may never come.
                c.notHttp = e.kind() == MalformedResponseException.Kind.NOT_HTTP
                        ? Escapes.hex(Arrays.copyOf(first, Math.min(firstLen, 16)), 16)
                        : Escapes.quote(RequestVectors.clip(firstLine())) + " (no status line)";
                return finish(c, StreamCapture.End.NOT_HTTP, "", elapsedMs());
            }
            // framing the suite cannot follow (a bad chunk size or Content-Length): the response is broken
            return finish(c, StreamCapture.End.CUT, e.getMessage(), elapsedMs());
        }
    }

    /** Copies the final head into the capture; interim (1xx) responses are skipped. */
    private void head(ResponseHead h) {
        headFields(h.status(), h.reason(), h.fields());
    }

    /** The first line of what came, up to CR or LF. */
    private String firstLine() {
        String t = new String(first, 0, firstLen, StandardCharsets.ISO_8859_1);
        int eol = t.indexOf('\n');
        int cr = t.indexOf('\r');
        int end = eol < 0 ? cr : cr < 0 ? eol : Math.min(eol, cr);
        return end < 0 ? t : t.substring(0, end);
    }

    /** Closes at once with a reset (SO_LINGER 0), as a client that goes away does. */
    @Override
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

}
