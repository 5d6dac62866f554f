package dev.ssekit.bench.load;

import java.io.BufferedInputStream;
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
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
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

    private void readAnswers(InputStream in) {
        try {
            while (!closed) {
                String status = line(in);
                if (status == null) {
                    return;
                }
                long length = 0;
                boolean chunked = false;
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    String name = colon < 0 ? h : h.substring(0, colon).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(h.substring(colon + 1).trim());
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = h.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                    }
                }
                String body = chunked ? chunkedBody(in) : new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
                String[] parts = status.split(" ", 3);
                if (parts.length >= 2 && parts[1].startsWith("2")) {
                    accepted.incrementAndGet();
                } else {
                    if (refused.getAndIncrement() == 0) {
                        firstRefusal = status + " " + body.trim();
                    }
                }
                window.release();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed && firstRefusal == null) {
                firstRefusal = "answers unreadable: " + e;
            }
        }
    }

    private static String chunkedBody(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked answer cut short");
            }
            int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (n == 0) {
                for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                    // trailers: none expected
                }
                return sb.toString();
            }
            sb.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
            line(in);
        }
    }

    /** One CRLF-ended line without its end; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
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
