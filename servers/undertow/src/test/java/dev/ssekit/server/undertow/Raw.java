package dev.ssekit.server.undertow;

import dev.ssekit.conformance.http.ResponseCapture;
import dev.ssekit.conformance.http.ResponseHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * A raw HTTP/1.1 connection on loopback: what is on the wire, framing included, as text; the helpers that find
 * statuses and header fields in it read it through the kit's response decoder.
 */
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

    /** The responses in {@code text} (as read here), decoded by the kit's response decoder as answers to GET. */
    static ResponseCapture decode(String text) {
        boolean closed = text.endsWith(EOF);
        String wire = closed ? text.substring(0, text.length() - EOF.length()) : text;
        return ResponseCapture.decode(wire.getBytes(StandardCharsets.UTF_8), closed, List.of());
    }

    /** The head of the first response in {@code response} (up to the blank line); all of it when no head ended. */
    static String head(String response) {
        List<ResponseHead> heads = decode(response).heads();
        return heads.isEmpty() ? response : response.substring(0, heads.get(0).size()).stripTrailing();
    }

    /**
     * The value of a header of the first response in {@code response} (a whole response, or a head as {@link #head}
     * returns it), or null; names compared case-insensitively.
     */
    static String header(String response, String name) {
        String text = response.contains("\r\n\r\n") ? response : response + "\r\n\r\n";
        List<ResponseHead> heads = decode(text).heads();
        return heads.isEmpty() ? null : heads.get(0).header(name);
    }

    /** The statuses of the responses in {@code text}, in order (interim ones included). */
    static List<Integer> statuses(String text) {
        return decode(text).statuses();
    }
}
