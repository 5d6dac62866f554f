package dev.ssekit.server.vertx;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 client over a plain socket, so the tests see the wire as it is: header names and values,
 * Transfer-Encoding, and each chunk as the server framed it.
 */
final class RawHttp implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    int status;
    final Map<String, List<String>> headers = new TreeMap<>();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(int port, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(readTimeoutMs);
        return new RawHttp(s);
    }

    /** Sends a request head (and body, if any) exactly as given; CRLF line ends are added. */
    RawHttp send(String method, String target, List<String> extraHeaders, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String h : extraHeaders) {
            head.append(h).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return this;
    }

    RawHttp get(String target, String... extraHeaders) throws IOException {
        return send("GET", target, List.of(extraHeaders), null);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends text as ISO-8859-1 bytes, exactly as given. */
    RawHttp sendText(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** What came until the server closed (or reset) the connection, or until {@code maxMs} passed. */
    record Received(byte[] bytes, boolean closed) {

        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** The status codes of every response line (interim ones included), in order. */
        List<Integer> statuses() {
            List<Integer> s = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})").matcher(text());
            while (m.find()) {
                s.add(Integer.parseInt(m.group(1)));
            }
            return s;
        }

        /** The first response's header section (status line included), names as sent. */
        String head() {
            String t = text();
            int end = t.indexOf("\r\n\r\n");
            return end < 0 ? t : t.substring(0, end);
        }

        /** What follows the first response's header section. */
        String body() {
            String t = text();
            int end = t.indexOf("\r\n\r\n");
            return end < 0 ? "" : t.substring(end + 4);
        }
    }

    /** Reads until the server closes the connection or {@code maxMs} have passed. */
    Received drain(long maxMs) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + maxMs * 1_000_000;
        byte[] buf = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Received(got.toByteArray(), false);
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n = in.read(buf);
                if (n < 0) {
                    return new Received(got.toByteArray(), true);
                }
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            return new Received(got.toByteArray(), false);
        } catch (java.net.SocketException e) {
            return new Received(got.toByteArray(), true); // reset
        }
    }

    /** Reads the status line and the headers (names lower-cased). */
    RawHttp readHead() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1 status line: " + statusLine);
        }
        status = Integer.parseInt(parts[1]);
        headers.clear();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        return this;
    }

    String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : String.join(",", v);
    }

    /** The next chunk's data; an empty array for the last chunk (the trailers are read too). */
    byte[] readChunk() throws IOException {
        String sizeLine = line();
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
            while (!line().isEmpty()) {
                // trailers
            }
            return new byte[0];
        }
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new EOFException("connection closed inside a chunk");
        }
        if (!line().isEmpty()) {
            throw new IOException("chunk not followed by CRLF");
        }
        return data;
    }

    /** A chunked body read to its last chunk. */
    byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c = readChunk(); c.length > 0; c = readChunk()) {
            body.write(c);
        }
        return body.toByteArray();
    }

    /** A Content-Length body. */
    byte[] readBody() throws IOException {
        String length = header("content-length");
        return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }

    /** -1 at end of stream. */
    int read() throws IOException {
        return in.read();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed; line so far: " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
