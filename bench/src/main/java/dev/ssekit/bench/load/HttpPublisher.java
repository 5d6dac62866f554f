package dev.ssekit.bench.load;

import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/feed} with the publish token over one kept-alive, pipelined HTTP/1.1 connection: a call writes its
 * request and returns, a reader thread takes the answers in order. At most {@link #WINDOW} requests are unanswered at
 * once, so a server that publishes slowly slows the caller (the ramp then counts fewer events published than planned,
 * as it does for an in-process publish that is slow). One connection keeps the events in the order they were posted.
 */
final class HttpPublisher implements AutoCloseable {

    /** Requests written but not yet answered; enough that a round trip per event never caps the rate. */
    static final int WINDOW = 256;

    private final Socket socket;
    private final OutputStream out;
    private final String head;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread reader;
    private volatile String firstRefusal;
    private volatile boolean closed;

    HttpPublisher(String host, int port, String token) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        out = socket.getOutputStream();
        head = "POST /api/feed HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ";
        InputStream in = socket.getInputStream();
        reader = new Thread(() -> readAnswers(in), "http-publisher-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Posts {@code data} as one event; blocks only while {@link #WINDOW} posts are unanswered. */
    void publish(String data) {
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        byte[] req = (head + body.length + "\r\n\r\n" + data).getBytes(StandardCharsets.UTF_8);
        try {
            while (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                if (closed || !reader.isAlive()) {
                    throw new IOException("the publish connection is closed" + (firstRefusal == null ? "" : ": " + firstRefusal));
                }
            }
            synchronized (out) {
                out.write(req);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("POST /api/feed: " + e.getMessage(), e);
        }
    }

    /** Posts answered 2xx so far. */
    long accepted() {
        return accepted.get();
    }

    /** Posts answered otherwise; {@link #firstRefusal()} says how. */
    long refused() {
        return refused.get();
    }

    String firstRefusal() {
        return firstRefusal;
    }

    /** Waits (at most {@code ms}) until every post written so far is answered. */
    boolean drain(long ms) throws InterruptedException {
        if (window.tryAcquire(WINDOW, ms, TimeUnit.MILLISECONDS)) {
            window.release(WINDOW);
            return true;
        }
        return false;
    }

    /** Takes the answers in order with the kit's response decoder; each one frees a place in the window. */
    private void readAnswers(InputStream in) {
        ResponseDecoder decoder = new ResponseDecoder(new ResponseDecoder.Listener() {
            private final StringBuilder refusal = new StringBuilder(); // the first refusal's body, bounded
            private boolean ok;

            @Override
            public void onHead(ResponseHead head) {
                ok = head.status() / 100 == 2;
            }

            @Override
            public void onBody(byte[] b, int off, int len) {
                if (!ok && refused.get() == 0 && refusal.length() < 512) {
                    refusal.append(new String(b, off, Math.min(len, 512), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void onComplete(ResponseHead head) {
                if (ok) {
                    accepted.incrementAndGet();
                } else if (refused.getAndIncrement() == 0) {
                    firstRefusal = head.statusLine() + " " + refusal.toString().trim();
                }
                window.release();
            }
        });
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n = in.read(buf); n >= 0 && !closed; n = in.read(buf)) {
                for (int off = 0; off < n; ) {
                    off += decoder.feed(buf, off, n - off);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed && firstRefusal == null) {
                firstRefusal = "answers unreadable: " + e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
