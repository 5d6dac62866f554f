package dev.ssekit.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A subject for tests of the check, torture and command engines: a raw server on 127.0.0.1 and a free port that reads
 * each request head and answers it as scripted (fixed bytes, written piece by piece, then a close or the connection
 * held), in one of a few hostile ways, or with a {@link Handler} given the parsed request. Each connection has its own
 * thread, which ends when the client goes away or {@link #close()} is called. Shared through this module's test-jar.
 */
public final class RawServer implements AutoCloseable {

    /** The hostile answers. */
    public enum Hostile {
        /** 200 text/event-stream, then events as fast as the socket takes them, never ending. */
        ENDLESS_STREAM,
        /** Random bytes that are not HTTP, then nothing; the connection stays open. */
        GARBAGE,
        /** Reads the request and never answers. */
        SILENT,
        /** 301 with an HTML page, as a server that moved the stream does. */
        MOVED_HTML,
        /** 200 with an HTML page, as a catch-all route does. */
        OK_HTML,
        /** 405 with an HTML page, as a servlet that serves the stream only for another Accept does. */
        METHOD_NOT_ALLOWED_HTML
    }

    @FunctionalInterface
    private interface Answer {
        void write(InputStream in, OutputStream out) throws IOException;
    }

    /** A request as it was read: method, request target, header fields (names lower case; the last one wins), body. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** The query's parameters, percent-decoded; the first value of each. */
        public Map<String, String> query() {
            Map<String, String> out = new LinkedHashMap<>();
            int q = target.indexOf('?');
            if (q >= 0) {
                for (String pair : target.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    out.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        /** Null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers one request on its connection; the connection closes when it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket listener;
    private final Answer answer;
    private final Handler handler;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private RawServer(String name, Answer answer) throws IOException {
        this(name, answer, null);
    }

    private RawServer(String name, Answer answer, Handler handler) throws IOException {
        this.answer = answer;
        this.handler = handler;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads each request's head and body (by Content-Length) and answers it with {@code handler}. */
    public static RawServer handling(String name, Handler handler) throws IOException {
        return new RawServer(name, null, handler);
    }

    /** Answers every request with {@code pieces}, each written and flushed on its own; then closes, or holds on. */
    public static RawServer canned(boolean close, byte[]... pieces) throws IOException {
        return new RawServer("canned-server", (in, out) -> {
            for (byte[] p : pieces) {
                out.write(p);
                out.flush();
            }
            if (!close) {
                drain(in);
            }
        });
    }

    /** Answers every request in the given hostile way. */
    public static RawServer hostile(Hostile kind) throws IOException {
        return new RawServer("hostile-" + kind, (in, out) -> {
            switch (kind) {
                case ENDLESS_STREAM -> endless(out);
                case GARBAGE -> {
                    byte[] junk = new byte[4096];
                    new Random(7).nextBytes(junk);
                    junk[0] = 0x16; // a TLS record's first byte: a TLS port asked for plain HTTP
                    out.write(junk);
                    out.flush();
                    drain(in);
                }
                case SILENT -> drain(in);
                case MOVED_HTML -> html(out, "301 Moved Permanently", "Location: /elsewhere\r\n");
                case OK_HTML -> html(out, "200 OK", "");
                case METHOD_NOT_ALLOWED_HTML -> html(out, "405 Method Not Allowed", "Allow: POST\r\n");
            }
        });
    }

    /**
     * A reverse proxy that buffers: it forwards each request to {@code upstream} and holds every byte of the answer
     * (head included) until the upstream response ends, as a proxy with buffering on and no flush does.
     */
    public static RawServer bufferingProxy(Target upstream) throws IOException {
        return handling("buffering-proxy", (r, client, out) -> {
            try (Socket up = upstream.connect(5_000, 0)) {
                StringBuilder head = new StringBuilder(r.method() + " " + r.target() + " HTTP/1.1\r\n");
                r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                head.append("\r\n");
                OutputStream upOut = up.getOutputStream();
                upOut.write(head.toString().getBytes(StandardCharsets.UTF_8));
                upOut.write(r.body());
                upOut.flush();
                byte[] all = up.getInputStream().readAllBytes();
                out.write(all);
                out.flush();
            }
        });
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public Target target(String path) {
        return Target.of(url(path));
    }

    /** The kit's default stream path on this server. */
    public Target target() {
        return Target.local("127.0.0.1", port());
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), Thread.currentThread().getName() + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed by the test
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            if (handler != null) {
                Request r = readRequest(in);
                if (r != null) {
                    handler.handle(r, s, s.getOutputStream());
                }
                return;
            }
            skipHead(in);
            answer.write(in, s.getOutputStream());
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private static void endless(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append("id: ").append(i).append("\ndata: hello world ").append(i).append("\n\n");
        }
        byte[] block = b.toString().getBytes(StandardCharsets.UTF_8);
        while (true) {
            out.write(block);
        }
    }

    private static void html(OutputStream out, String status, String extra) throws IOException {
        byte[] body = "<!doctype html><title>not here</title><p>nothing to see</p>\n".getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\n" + extra + "Content-Type: text/html\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Blocks until the client closes its side. */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // nothing to answer
        }
    }

    /** The request line, header fields and a Content-Length body; null when the client left first. */
    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.UTF_8).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "/", headers, body);
    }

    private static void skipHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
