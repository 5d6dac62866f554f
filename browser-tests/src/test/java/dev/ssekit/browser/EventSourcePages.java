package dev.ssekit.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A second origin for the browser tests (JDK HTTP server on 127.0.0.1, port 0). It serves the pages under
 * {@code /pages/} from the test classpath and the responses a reference server never sends:
 * <ul>
 *   <li>{@code /bad/204}, {@code /bad/500}, {@code /bad/type}: the first request gets a short event stream
 *       ({@code retry: 300}, one event) that ends cleanly; every later request gets the bad answer (204, 500, or 200
 *       with {@code text/plain}).</li>
 *   <li>{@code /broken}: an event with {@code id: 1}, an event without id, then the connection breaks (the chunked
 *       body never ends).</li>
 * </ul>
 * Every request is recorded with its {@code Last-Event-ID} ("" when absent).
 */
final class EventSourcePages implements AutoCloseable {

    private static final String GOOD_ONCE = "retry: 300\nid: 1\ndata: first\n\n";
    private static final String BROKEN = "retry: 300\nid: 1\ndata: first\n\ndata: second\n\n";

    private final HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "event-source-pages");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> requests = new ConcurrentHashMap<>();
    private final Map<String, String> rewrites = new ConcurrentHashMap<>();

    private EventSourcePages(HttpServer http) {
        this.http = http;
    }

    static EventSourcePages start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            EventSourcePages pages = new EventSourcePages(http);
            http.createContext("/", pages::handle);
            http.setExecutor(pages.executor);
            http.start();
            return pages;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test page server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, exactly as the browser sends it in {@code Origin}. */
    String origin() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String url(String path) {
        return origin() + path;
    }

    /** Served pages have every occurrence of {@code from} replaced by {@code to}. */
    void rewrite(String from, String to) {
        rewrites.put(from, to);
    }

    /** The {@code Last-Event-ID} of each request to {@code path} so far, in arrival order ("" when absent). */
    List<String> requests(String path) {
        return List.copyOf(requests.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String lastEventId = ex.getRequestHeaders().getFirst("Last-Event-ID");
        List<String> seen = requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
        seen.add(lastEventId == null ? "" : lastEventId);
        if (path.equals("/broken")) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(BROKEN.getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Not closing the exchange and throwing makes the JDK server drop the connection before the last
            // chunk: the browser sees a network error, not the end of the response.
            throw new IllegalStateException("connection broken on purpose");
        }
        try {
            if (path.startsWith("/pages/")) {
                page(ex, path.substring(1));
            } else if (path.startsWith("/bad/")) {
                if (seen.size() == 1) {
                    send(ex, 200, "text/event-stream", GOOD_ONCE);
                } else {
                    bad(ex, path.substring("/bad/".length()));
                }
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "no test page at " + path);
            }
        } finally {
            ex.close();
        }
    }

    private void page(HttpExchange ex, String resource) throws IOException {
        try (InputStream in = EventSourcePages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(ex, 404, "text/plain; charset=utf-8", "no resource " + resource);
                return;
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> r : rewrites.entrySet()) {
                html = html.replace(r.getKey(), r.getValue());
            }
            send(ex, 200, "text/html; charset=utf-8", html);
        }
    }

    private static void bad(HttpExchange ex, String kind) throws IOException {
        switch (kind) {
            case "204" -> ex.sendResponseHeaders(204, -1);
            case "500" -> send(ex, 500, "text/plain; charset=utf-8", "server error on purpose");
            case "type" -> send(ex, 200, "text/plain; charset=utf-8", "data: not an event stream\n\n");
            default -> send(ex, 404, "text/plain; charset=utf-8", "no bad response " + kind);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
