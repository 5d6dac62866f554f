package dev.ssekit.clientcheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSE server the scenarios are played on: raw sockets on 127.0.0.1, one path prefix per scenario
 * ({@code /c/<key>/<path name>}) so that scenarios run side by side. Every request is handed, with its raw head and
 * its arrival time, to the {@link Stage} of its scenario, which answers through a {@link SocketWire}. A CORS preflight ({@code OPTIONS}) is answered here and is
 * no attempt.
 */
final class ScriptedServer implements ScriptServer {

    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket socket;
    private final Thread acceptor;
    private final Map<String, Stage> stages = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ScriptedServer() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        acceptor = new Thread(this::acceptLoop, "sse-kit-client-check-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public String url(String key, String pathName) {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/c/" + key + "/" + pathName;
    }

    @Override
    public void register(String key, Stage stage) {
        stages.put(key, stage);
    }

    @Override
    public void unregister(String key) {
        stages.remove(key);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "sse-kit-client-check-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            long arrived = System.nanoTime();
            InputStream in = s.getInputStream();
            RecordedRequest req = readRequest(in, arrived);
            if (req == null) {
                return;
            }
            OutputStream out = s.getOutputStream();
            if (req.method().equals("OPTIONS")) {
                out.write(("HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: *\r\n"
                        + "Access-Control-Allow-Headers: *\r\nAccess-Control-Max-Age: 600\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            String[] parts = req.target().split("[/?]");
            // "", "c", key, pathName
            Stage stage = parts.length >= 4 && parts[1].equals("c") ? stages.get(parts[2]) : null;
            if (stage == null) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            stage.serve(parts[3], req, new SocketWire(s, out, req.protocol()));
        } catch (IOException e) {
            // the client went away: the stage has already noted what it needs
        } finally {
            open.remove(s);
        }
    }

    /** Reads the request head and, when it has one, the body (Content-Length or chunked); null when none came. */
    private static RecordedRequest readRequest(InputStream in, long arrived) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                return null;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        byte[] raw = head.toByteArray();
        RecordedRequest req = RecordedRequest.parse(raw, arrived);
        String te = req.header("Transfer-Encoding");
        String cl = req.header("Content-Length");
        byte[] body = new byte[0];
        if (te != null && te.toLowerCase().contains("chunked")) {
            body = readChunked(in);
        } else if (cl != null) {
            try {
                body = in.readNBytes(Integer.parseInt(cl.trim()));
            } catch (NumberFormatException e) {
                body = new byte[0];
            }
        }
        return req.withBody(body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return body.toByteArray();
            }
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return null;
    }

    /** HTTP/1.1 on the connection's socket: every response is the connection's only one, and closes it. */
    static final class SocketWire implements Wire {
        private final Socket socket;
        private final OutputStream out;
        private final String protocol;
        private boolean chunked;

        SocketWire(Socket socket, OutputStream out, String protocol) {
            this.socket = socket;
            this.out = out;
            this.protocol = protocol;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public void drop(boolean reset) throws IOException {
            if (reset) {
                socket.setSoLinger(true, 0); // the close that follows is a TCP reset
            }
        }

        @Override
        public void head(int status, List<Field> fields, boolean body) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(Stage.reason(status))
                    .append("\r\n");
            for (Field f : fields) {
                head.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
            boolean noContent = status == 204 || status == 205 || status == 304;
            chunked = body && !noContent;
            head.append(noContent ? "" : chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 0\r\n");
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void data(byte[] bytes) throws IOException {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void end() throws IOException {
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            socket.shutdownOutput();
        }

        @Override
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
        }

        @Override
        public void finish() {
            // the server closes the socket once the stage returns
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
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
