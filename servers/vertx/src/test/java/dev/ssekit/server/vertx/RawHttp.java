package dev.ssekit.server.vertx;

import dev.ssekit.conformance.http.MalformedResponseException;
import dev.ssekit.conformance.http.ResponseDecoder;
import dev.ssekit.conformance.http.ResponseHead;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client over a plain socket, so the tests see the wire as it is: requests are sent byte for byte, and
 * what comes back is kept raw and read through the kit's {@link ResponseDecoder} (status, header fields, the body
 * with its framing undone, whether it ended as framed).
 */
final class RawHttp implements AutoCloseable {

    /** A request line in text sent: the decoder must know which answers are to {@code HEAD}. */
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^([A-Z]+) \\S+ HTTP/\\d\\.\\d\\r?$");

    /** One final response as it arrives. */
    private static final class Response {
        final ResponseHead head;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int bodyTaken;
        boolean complete;

        Response(ResponseHead head) {
            this.head = head;
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ResponseDecoder decoder;
    private final List<Response> arrived = new ArrayList<>();
    /** Heads (interim ones included) that came during the current {@link #drain}. */
    private final List<ResponseHead> drained = new ArrayList<>();
    private int taken;
    private Response current;
    private boolean eof;
    private MalformedResponseException malformed;
    int status;
    final Map<String, List<String>> headers = new TreeMap<>();

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.decoder = new ResponseDecoder(new ResponseDecoder.Listener() {
            @Override
            public void onInterim(ResponseHead head) {
                drained.add(head);
            }

            @Override
            public void onHead(ResponseHead head) {
                drained.add(head);
                arrived.add(new Response(head));
            }

            @Override
            public void onBody(byte[] b, int off, int len) {
                arrived.get(arrived.size() - 1).body.write(b, off, len);
            }

            @Override
            public void onComplete(ResponseHead head) {
                arrived.get(arrived.size() - 1).complete = true;
            }
        });
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
        decoder.expect(method);
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

    /** Sends bytes as they are (a body, or part of one). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends text as ISO-8859-1 bytes, exactly as given; the methods of the request lines in it are noted. */
    RawHttp sendText(String text) throws IOException {
        Matcher m = REQUEST_LINE.matcher(text);
        while (m.find()) {
            decoder.expect(m.group(1));
        }
        sendRaw(text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /**
     * What came until the server closed (or reset) the connection, or until {@code maxMs} passed, and the heads decoded
     * from it; read from the start of a response.
     */
    record Received(byte[] bytes, boolean closed, List<ResponseHead> heads) {

        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** The status codes of every response head (interim ones included), in order. */
        List<Integer> statuses() {
            return heads.stream().map(ResponseHead::status).toList();
        }

        /** The first response head, or null when none came whole. */
        ResponseHead firstHead() {
            return heads.isEmpty() ? null : heads.get(0);
        }

        /** The first response's header section (status line included, without the blank line), names as sent. */
        String head() {
            String t = text();
            return heads.isEmpty() ? t : t.substring(0, heads.get(0).size()).stripTrailing();
        }

        /** What follows the first response's header section. */
        String body() {
            return heads.isEmpty() ? "" : text().substring(heads.get(0).size());
        }
    }

    /** Reads until the server closes the connection or {@code maxMs} have passed. */
    Received drain(long maxMs) throws IOException {
        drained.clear();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + maxMs * 1_000_000;
        byte[] buf = new byte[8192];
        boolean closed = eof;
        try {
            while (!closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n = in.read(buf);
                if (n < 0) {
                    ended();
                    closed = true;
                } else {
                    got.write(buf, 0, n);
                    decode(buf, n);
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // the time is up
        } catch (java.net.SocketException e) {
            ended(); // reset
            closed = true;
        }
        return new Received(got.toByteArray(), closed, List.copyOf(drained));
    }

    /** Reads until the next response's head has come, and takes it: {@link #status}, {@link #headers}. */
    RawHttp readHead() throws IOException {
        while (arrived.size() <= taken) {
            more("a response head");
        }
        current = arrived.get(taken++);
        status = current.head.status();
        headers.clear();
        for (Map.Entry<String, String> f : current.head.fields()) {
            headers.computeIfAbsent(f.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
        }
        return this;
    }

    String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : String.join(",", v);
    }

    /**
     * The body bytes of the current response that came since the last call, at least one; an empty array once the
     * response has ended as framed.
     *
     * @throws EOFException when the connection closed before the response ended
     */
    byte[] readSome() throws IOException {
        while (current.body.size() == current.bodyTaken && !current.complete) {
            more("more of the body");
        }
        byte[] all = current.body.toByteArray();
        byte[] some = java.util.Arrays.copyOfRange(all, current.bodyTaken, all.length);
        current.bodyTaken = all.length;
        return some;
    }

    /**
     * The current response's body, read until it ends as framed (Content-Length, the last chunk, or the close).
     *
     * @throws EOFException when the connection closed before that; {@link #bodySoFar()} has what came
     */
    byte[] readBody() throws IOException {
        while (!current.complete) {
            more("the end of the body");
        }
        current.bodyTaken = current.body.size();
        return current.body.toByteArray();
    }

    /** What came of the current response's body, framing undone. */
    byte[] bodySoFar() {
        return current.body.toByteArray();
    }

    /** The next byte after what was read, -1 at end of stream. */
    int read() throws IOException {
        return in.read();
    }

    /** Reads what is there (waiting up to the read timeout); fails when nothing more can come. */
    private void more(String what) throws IOException {
        if (malformed != null) {
            throw new IOException("not a well-framed response: " + malformed.getMessage(), malformed);
        }
        if (eof) {
            throw new EOFException("connection closed before " + what);
        }
        byte[] buf = new byte[8192];
        int n = in.read(buf);
        if (n < 0) {
            ended();
        } else {
            decode(buf, n);
        }
    }

    private void decode(byte[] b, int n) {
        if (malformed != null) {
            return;
        }
        try {
            int off = 0;
            while (off < n) {
                off += decoder.feed(b, off, n - off);
            }
        } catch (MalformedResponseException e) {
            malformed = e;
        }
    }

    private void ended() {
        eof = true;
        if (malformed == null) {
            decoder.endOfInput();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
