package dev.ssekit.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 that answers the n-th request (0-based) as its script says: any status
 * line and head, body bytes in writes of any size with pauses, then a close, a reset, or holding the connection until
 * the client closes it. Every response is close-delimited, so each request arrives on a connection of its own.
 */
final class ScriptServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    interface Script {
        void respond(Request request, Conn conn) throws Exception;
    }

    /** One request as received; header values are kept byte for byte (as ISO-8859-1 chars). */
    record Request(int n, String method, String target, Map<String, String> headers, byte[] body, long arrivedNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        byte[] headerBytes(String name) {
            String v = header(name);
            return v == null ? null : v.getBytes(StandardCharsets.ISO_8859_1);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The server's side of one connection. */
    final class Conn {
        private final Socket socket;
        private final OutputStream out;
        private final int n;

        Conn(Socket socket, int n) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.n = n;
        }

        /** A status line and head; the body is close-delimited. */
        Conn head(int status, String... fields) throws IOException {
            StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(" Scripted\r\n");
            for (String f : fields) {
                b.append(f).append("\r\n");
            }
            b.append("Connection: close\r\n\r\n");
            return write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        /** 200 with {@code Content-Type: text/event-stream}. */
        Conn sse() throws IOException {
            return head(200, "Content-Type: text/event-stream");
        }

        Conn send(String text) throws IOException {
            return write(text.getBytes(StandardCharsets.UTF_8));
        }

        Conn write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** One write per byte, with a short pause between, so that every byte arrives as a chunk of its own. */
        Conn trickle(byte[] bytes) throws IOException, InterruptedException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(2);
            }
            return this;
        }

        Conn pause(long ms) throws InterruptedException {
            Thread.sleep(ms);
            return this;
        }

        /** Closes gracefully (FIN): the stream ends. */
        void close() throws IOException {
            closedNanos.set(n, System.nanoTime());
            socket.close();
        }

        /** Aborts with a TCP reset: a network error. */
        void reset() throws IOException {
            closedNanos.set(n, System.nanoTime());
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** Records that the client closed the connection, for a script that found out by a failed write. */
        void clientGone() {
            clientClosed.get(n).countDown();
        }

        /** Sends the first bytes of a status line, then resets: a network error the JDK does not retry. */
        void cutInHead() throws IOException {
            write("HTTP/1.1 2".getBytes(StandardCharsets.ISO_8859_1));
            reset();
        }

        /** Keeps the connection open until the client closes it (or 30 s pass); records when it did. */
        void hold() throws IOException {
            socket.setSoTimeout(30_000);
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // the client sends nothing more; wait for its FIN or RST
                }
            } catch (IOException e) {
                // a reset by the client counts as closed too
            }
            clientClosed.get(n).countDown();
            socket.close();
        }
    }

    private final ServerSocket server;
    private final List<Script> scripts;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> clientClosed = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLongArray closedNanos = new java.util.concurrent.atomic.AtomicLongArray(1000);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Object arrival = new Object();
    private volatile boolean stopped;

    /** The n-th request gets the n-th script; requests beyond the list get the last one. */
    ScriptServer(Script... scripts) throws IOException {
        this.scripts = List.of(scripts);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        for (int i = 0; i < 1000; i++) {
            clientClosed.add(new CountDownLatch(1));
        }
        Thread acceptor = new Thread(this::accept, "script-server-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits for the n-th request (0-based); fails after the timeout. */
    Request awaitRequest(int n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (arrival) {
            while (requests.size() <= n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("request " + n + " did not arrive within " + timeoutMs + " ms; got " + requests.size());
                }
                arrival.wait(left);
            }
        }
        return requests.get(n);
    }

    /** True when the client closed the n-th connection within the timeout (the script must {@link Conn#hold()}). */
    boolean awaitClientClose(int n, long timeoutMs) throws InterruptedException {
        return clientClosed.get(n).await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** When the server closed (or reset) the n-th connection, as System.nanoTime(); 0 if it did not. */
    long closedNanos(int n) {
        return closedNanos.get(n);
    }

    private void accept() {
        int n = 0;
        while (!stopped) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            int index = n++;
            Thread t = new Thread(() -> serve(s, index), "script-server-" + index);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void serve(Socket s, int n) {
        try (s) {
            Request r = read(s, n);
            synchronized (arrival) {
                requests.add(r);
                arrival.notifyAll();
            }
            scripts.get(Math.min(n, scripts.size() - 1)).respond(r, new Conn(s, n));
        } catch (Exception e) {
            // the client went away mid-script: nothing to do
        }
    }

    private static Request read(Socket s, int n) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of the head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long arrived = System.nanoTime();
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        byte[] body = new byte[0];
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        }
        return new Request(n, requestLine[0], requestLine[1], headers, body, arrived);
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        server.close();
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
