package dev.ssekit.server.undertow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** A raw HTTP/1.1 connection on loopback: what is on the wire, framing included. */
final class Raw implements AutoCloseable {

    /** What {@link #readUntil} appends once the server has closed the connection. */
    static final String EOF = "<EOF>";

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private boolean eof;

    private Raw(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static Raw connect(UndertowSseServer server) throws IOException {
        return connect(server.port(), 0);
    }

    static Raw connect(UndertowSseServer server, int receiveBuffer) throws IOException {
        return connect(server.port(), receiveBuffer);
    }

    static Raw connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(50);
        return new Raw(s);
    }

    void send(String request) throws IOException {
        send(request.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends, and ignores a send the server cut short by closing (its answer is read afterwards). */
    void sendAll(String request) {
        try {
            send(request);
        } catch (IOException e) {
            // the server answered and closed before taking everything
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * What was read since the previous call (with {@link #EOF} appended at end of stream) once it matches;
     * fails when it does not match in time.
     */
    String readUntil(Predicate<String> done, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        byte[] buf = new byte[16 * 1024];
        while (true) {
            String text = text();
            if (done.test(text)) {
                got.reset();
                return text;
            }
            if (eof || System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + timeoutMs + " ms; got " + text.length() + " chars: "
                        + text.substring(Math.max(0, text.length() - 2_000)));
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                } else {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // poll again
            } catch (IOException e) {
                eof = true; // reset by the server
            }
        }
    }

    /** Everything until the server closes the connection, as UTF-8, without {@link #EOF}. */
    String readToEof(long timeoutMs) throws IOException {
        String text = readUntil(s -> s.endsWith(EOF), timeoutMs);
        return text.substring(0, text.length() - EOF.length());
    }

    /** Every byte until the server closes the connection. */
    byte[] readBytesToEof(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        byte[] buf = new byte[64 * 1024];
        while (!eof) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no end of stream within " + timeoutMs + " ms; got " + got.size() + " bytes");
            }
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                } else {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // poll again
            }
        }
        byte[] all = got.toByteArray();
        got.reset();
        return all;
    }

    /** True when nothing arrives and the connection stays open for {@code ms}. */
    boolean silentFor(long ms) throws IOException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        byte[] buf = new byte[1024];
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                got.write(buf, 0, n);
                return false;
            } catch (SocketTimeoutException e) {
                // still silent
            }
        }
        return true;
    }

    private String text() {
        return got.toString(StandardCharsets.UTF_8) + (eof ? EOF : "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The head of the first response in {@code response} (up to the blank line). */
    static String head(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    /** The value of a header in a response head, or null; names compared case-insensitively. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * The statuses of the responses in {@code text}, in order: each one's body is skipped by its Content-Length (none
     * for 1xx, 204 and 304); a response without one runs to the end.
     */
    static List<Integer> statuses(String text) {
        List<Integer> statuses = new ArrayList<>();
        int p = 0;
        while (p < text.length() && text.startsWith("HTTP/1.", p) && text.length() >= p + 12) {
            int status = Integer.parseInt(text.substring(p + 9, p + 12));
            statuses.add(status);
            int end = text.indexOf("\r\n\r\n", p);
            if (end < 0) {
                break;
            }
            String length = header(text.substring(p, end), "content-length");
            if (status < 200 || status == 204 || status == 304) {
                p = end + 4;
            } else if (length != null) {
                p = end + 4 + Integer.parseInt(length);
            } else {
                break;
            }
        }
        return statuses;
    }
}
