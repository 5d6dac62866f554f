package dev.ssekit.clientservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The two servers an adapter's own test needs, on 127.0.0.1: an event stream the test writes to by hand (any path
 * under {@code /stream/}, 200 {@code text/event-stream} with {@code Access-Control-Allow-Origin: *} so a page of
 * another origin may read it), and the callback endpoint of the test-service protocol (any path under
 * {@code /cb/<stream>/<n>}), recording each callback by stream and counter.
 */
public final class StreamProbe implements AutoCloseable {

    /** One held stream response: what the client asked, and the pipe the test writes events to. */
    public static final class Connection {
        private final Map<String, List<String>> headers;
        private final OutputStream out;
        private final CountDownLatch closed = new CountDownLatch(1);

        Connection(Map<String, List<String>> headers, OutputStream out) {
            this.headers = headers;
            this.out = out;
        }

        /** The request header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** Writes raw stream text (UTF-8) and flushes it. */
        public synchronized void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /**
         * True once the client has closed the connection: a comment line every 50 ms until a write fails (a TCP
         * peer that has gone answers the first write with a reset, the next one fails).
         */
        public boolean awaitClosed(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    send(":\n");
                } catch (IOException gone) {
                    closed.countDown();
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stream-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BlockingQueue<Connection>> connections = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Map<String, Object>>> callbacks = new ConcurrentHashMap<>();
    private final List<Connection> open = new ArrayList<>();

    private StreamProbe(HttpServer server) {
        this.server = server;
    }

    public static StreamProbe start() throws IOException {
        StreamProbe p = new StreamProbe(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
        p.server.setExecutor(p.threads);
        p.server.createContext("/stream/", p::stream);
        p.server.createContext("/cb/", p::callback);
        p.server.start();
        return p;
    }

    /** {@code http://127.0.0.1:PORT/stream/<name>}. */
    public URI streamUrl(String name) {
        return base().resolve("/stream/" + name);
    }

    /** {@code http://127.0.0.1:PORT/cb/<stream>}: where the service posts the callbacks of one stream. */
    public URI callbackUrl(String stream) {
        return base().resolve("/cb/" + stream);
    }

    /** The next connection to {@code /stream/<name>}, or null after {@code timeout}. */
    public Connection awaitConnection(String name, Duration timeout) throws InterruptedException {
        return queue(name).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The callbacks of {@code stream} in counter order, as soon as there are {@code count} of them without a gap,
     * or what came by then after {@code timeout}.
     */
    public List<Map<String, Object>> awaitCallbacks(String stream, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Map<String, Object>> got = callbacks(stream);
            if (got.size() >= count || System.nanoTime() > deadline) {
                return got;
            }
            Thread.sleep(20);
        }
    }

    /** The callbacks of {@code stream} so far, from 1 up to the first gap. */
    public List<Map<String, Object>> callbacks(String stream) {
        Map<Integer, Map<String, Object>> m = callbacks.getOrDefault(stream, Map.of());
        List<Map<String, Object>> got = new ArrayList<>();
        for (int n = 1; m.containsKey(n); n++) {
            got.add(m.get(n));
        }
        return got;
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private BlockingQueue<Connection> queue(String name) {
        return connections.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        if (ex.getRequestMethod().equals("OPTIONS")) {
            ex.getResponseHeaders().set("Access-Control-Allow-Headers", "*");
            ex.sendResponseHeaders(204, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        ex.getResponseBody().flush();
        Connection c = new Connection(Map.copyOf(lowerCase(ex)), ex.getResponseBody());
        synchronized (open) {
            open.add(c);
        }
        queue(ex.getRequestURI().getPath().substring("/stream/".length())).add(c);
        // the response stays open until the test is done with it (close() ends the server and its threads)
        try {
            c.closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private static Map<String, List<String>> lowerCase(HttpExchange ex) {
        Map<String, List<String>> h = new ConcurrentHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        return h;
    }

    private void callback(HttpExchange ex) throws IOException {
        try (ex) {
            String[] parts = ex.getRequestURI().getPath().substring("/cb/".length()).split("/");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (parts.length != 2 || !ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            callbacks.computeIfAbsent(parts[0], k -> new ConcurrentHashMap<>())
                    .put(Integer.parseInt(parts[1]), Json.object(body));
            ex.sendResponseHeaders(202, -1);
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(400, -1);
        }
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(c -> c.closed.countDown());
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
