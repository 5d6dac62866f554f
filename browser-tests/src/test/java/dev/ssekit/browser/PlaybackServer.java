package dev.ssekit.browser;

import dev.ssekit.spec.ParseVector;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that plays back parse vectors byte for byte, for a browser's EventSource.
 * <ul>
 * <li>{@code GET /v/<index>?mode=whole|chunks}: 200, {@code text/event-stream}, then the vector's exact input bytes,
 * whole or in its declared chunks (a real flush and a short pause between chunks), then the connection closes
 * ({@code Connection: close}, no Content-Length: EOF ends the body).</li>
 * <li>A request with {@code Last-Event-ID}, or a second request for the same index and mode, is a reconnect:
 * 204, so the EventSource stops.</li>
 * <li>{@code GET /oracle/...}: a classpath resource under {@code oracle/} (the harness page).</li>
 * </ul>
 * Raw sockets give exact control over what goes out in which write.
 */
final class PlaybackServer implements AutoCloseable {

    /** Pause between two declared chunks, so the browser reads them separately. */
    static final int CHUNK_PAUSE_MS = 15;

    private final List<ParseVector> vectors;
    private final ServerSocket server;
    private final ExecutorService pool;
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean closed;

    PlaybackServer(List<ParseVector> vectors) {
        this.vectors = vectors;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "playback");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::acceptLoop);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    String origin() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** How many reconnects (answered 204) were seen. */
    int reconnects() {
        return reconnects.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                pool.execute(() -> handle(s));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[oracle] accept failed: " + e);
                }
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            String target = requestLine.length > 1 ? requestLine[1] : "/";
            boolean hasLastEventId = false;
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].toLowerCase(Locale.ROOT).startsWith("last-event-id:")) {
                    hasLastEventId = true;
                }
            }
            OutputStream out = s.getOutputStream();
            if (target.startsWith("/v/")) {
                playback(out, target, hasLastEventId);
            } else if (target.startsWith("/oracle/") && !target.contains("..")) {
                resource(out, target.substring(1));
            } else {
                simple(out, "404 Not Found", "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } catch (SocketException e) {
            // the browser closed the EventSource before the end: nothing to do
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("[oracle] request failed: " + e);
            }
        }
    }

    private void playback(OutputStream out, String target, boolean hasLastEventId) throws IOException {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        String mode = query.contains("mode=chunks") ? "chunks" : "whole";
        int index;
        try {
            index = Integer.parseInt(path.substring(3));
        } catch (NumberFormatException e) {
            simple(out, "404 Not Found", "text/plain", "no such vector".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (index < 0 || index >= vectors.size()) {
            simple(out, "404 Not Found", "text/plain", "no such vector".getBytes(StandardCharsets.UTF_8));
            return;
        }
        // query may carry a run nonce (r=...), so the key is the whole target
        if (hasLastEventId || !served.add(target)) {
            reconnects.incrementAndGet();
            out.write(("HTTP/1.1 204 No Content\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                + "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ParseVector v = vectors.get(index);
        if (mode.equals("whole")) {
            out.write(v.input());
            out.flush();
        } else {
            out.flush();
            sleep(CHUNK_PAUSE_MS);
            List<byte[]> chunks = v.declaredChunks();
            for (int i = 0; i < chunks.size(); i++) {
                if (i > 0) {
                    sleep(CHUNK_PAUSE_MS);
                }
                out.write(chunks.get(i));
                out.flush();
            }
        }
        sleep(CHUNK_PAUSE_MS);
    }

    private void resource(OutputStream out, String name) throws IOException {
        try (InputStream r = PlaybackServer.class.getClassLoader().getResourceAsStream(name)) {
            if (r == null) {
                simple(out, "404 Not Found", "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream";
            simple(out, "200 OK", type, r.readAllBytes());
        }
    }

    private static void simple(OutputStream out, String status, String type, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The request head up to the blank line, or null at EOF. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            // \r\n\r\n
            state = switch (state) {
                case 0, 2 -> c == '\r' ? state + 1 : 0;
                case 1, 3 -> c == '\n' ? state + 1 : (c == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            if (b.size() > 65536) {
                return null;
            }
        }
        return null;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pool.shutdownNow();
    }
}
