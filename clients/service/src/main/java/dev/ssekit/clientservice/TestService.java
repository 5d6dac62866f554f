package dev.ssekit.clientservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test service in the protocol of LaunchDarkly's sse-contract-tests ({@code docs/service_spec.md}), around one
 * {@link ClientAdapter}: {@code GET /} capabilities, {@code POST /} creates a stream (201 with its {@code Location}),
 * {@code POST <Location>} runs a command, {@code DELETE <Location>} closes it, {@code DELETE /} stops the service
 * (closing every stream, then the adapter).
 * Listens on 127.0.0.1 only; request bodies above 64 KiB get 413.
 */
public final class TestService implements AutoCloseable {

    static final int MAX_BODY = 64 * 1024;
    private static final String STREAMS = "/streams/";

    private final ClientAdapter adapter;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService posters;
    private final HttpClient http;
    private final Map<String, StreamClient> streams = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final PrintStream log;

    private TestService(ClientAdapter adapter, HttpServer server, PrintStream log) {
        this.adapter = adapter;
        this.server = server;
        this.log = log;
        this.handlers = Executors.newCachedThreadPool(daemons("sse-kit-service-http"));
        this.posters = Executors.newCachedThreadPool(daemons("sse-kit-service-callbacks"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(posters).build();
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks a free one); {@code log} gets one line per request. */
    public static TestService start(ClientAdapter adapter, int port, PrintStream log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        TestService s = new TestService(adapter, server, log);
        server.setExecutor(s.handlers);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    /**
     * The command-line face: {@code [--port N]} (default 8111), prints the service's URL, and runs until
     * {@code DELETE /} or the JVM is stopped. Returns the exit status.
     */
    public static int run(ClientAdapter adapter, String[] args, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        int port = 8111;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                try {
                    port = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    err.println("--port needs a number, not " + args[i]);
                    return 2;
                }
                if (port < 0 || port > 65535) {
                    err.println("--port must be 0..65535, not " + port);
                    return 2;
                }
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println("usage: [--port N]   a LaunchDarkly-protocol test service for " + adapter.name()
                        + " on 127.0.0.1 (default port 8111); DELETE / stops it");
                return 0;
            } else {
                err.println("unknown option " + args[i] + " (try --help)");
                return 2;
            }
        }
        try (TestService s = start(adapter, port, out)) {
            s.runUntilStopped(out);
        }
        return 0;
    }

    /** Prints the service's URL on {@code out}, then waits for {@code DELETE /} or the JVM's stop (Ctrl-C). */
    public void runUntilStopped(PrintStream out) throws InterruptedException {
        Thread hook = new Thread(this::close, "sse-kit-service-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("test service for " + adapter.name() + " listening on " + uri());
        out.flush();
        awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already stopping
        }
    }

    /** The service's base URL, {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Blocks until {@code DELETE /} or {@link #close()} has stopped everything: the port, the streams, the client. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The streams still open, for tests. */
    public int openStreams() {
        return streams.size();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        for (String id : new ArrayList<>(streams.keySet())) {
            closeStream(id);
        }
        try {
            adapter.close();
        } catch (RuntimeException e) {
            log.println("test service: closing " + adapter.name() + " failed: " + e);
        }
        server.stop(0);
        handlers.shutdownNow();
        posters.shutdown();
        // last: whoever waits in awaitStop() finds the port closed and the client gone
        stopped.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            String body = body(ex);
            if (body == null) {
                reply(ex, 413, "request body over " + MAX_BODY + " bytes");
                return;
            }
            if (path.equals("/")) {
                switch (method) {
                    case "GET", "HEAD" -> status(ex);
                    case "POST" -> create(ex, body);
                    case "DELETE" -> {
                        reply(ex, 204, null);
                        Thread t = new Thread(this::close, "sse-kit-service-stop");
                        t.setDaemon(true);
                        t.start();
                    }
                    default -> reply(ex, 405, "GET, POST or DELETE");
                }
            } else if (path.startsWith(STREAMS)) {
                String id = path.substring(STREAMS.length());
                switch (method) {
                    case "POST" -> command(ex, id, body);
                    case "DELETE" -> reply(ex, closeStream(id) ? 204 : 404, null);
                    default -> reply(ex, 405, "POST or DELETE");
                }
            } else {
                reply(ex, 404, "no such resource");
            }
        } catch (RuntimeException e) {
            log.println("test service: " + e);
        }
    }

    private void status(HttpExchange ex) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", adapter.name());
        s.put("capabilities", adapter.capabilities());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply(ex, 200, Json.write(s));
    }

    private void create(HttpExchange ex, String body) throws IOException {
        StreamRequest req;
        try {
            req = StreamRequest.of(Json.object(body));
        } catch (IllegalArgumentException e) {
            reply(ex, 400, e.getMessage());
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        CallbackPoster callbacks = new CallbackPoster(req.callbackUrl(), http, posters);
        StreamClient client;
        try {
            client = adapter.open(req, callbacks);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, e.getMessage());
            return;
        } catch (Exception | LinkageError e) {
            reply(ex, 500, adapter.name() + " could not start: " + e);
            return;
        }
        streams.put(id, client);
        log.println("test service: stream " + id + " " + (req.tag() == null ? "" : req.tag()) + " -> " + req.streamUrl());
        ex.getResponseHeaders().set("Location", STREAMS + id);
        reply(ex, 201, null);
    }

    private void command(HttpExchange ex, String id, String body) throws IOException {
        StreamClient client = streams.get(id);
        if (client == null) {
            reply(ex, 404, "no stream " + id);
            return;
        }
        try {
            Map<String, Object> json = Json.object(body);
            Object command = json.get("command");
            if ("restart".equals(command)) {
                client.restart();
            } else if ("listen".equals(command) && json.get("listen") instanceof Map<?, ?> l
                    && l.get("type") instanceof String type) {
                client.listen(type);
            } else {
                reply(ex, 400, "unknown command " + command);
                return;
            }
            reply(ex, 204, null);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            reply(ex, 400, "cannot run command: " + e.getMessage());
        }
    }

    private boolean closeStream(String id) {
        StreamClient client = streams.remove(id);
        if (client == null) {
            return false;
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            log.println("test service: closing stream " + id + " failed: " + e);
        }
        return true;
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        if (text == null || ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static java.util.concurrent.ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
