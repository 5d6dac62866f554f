package dev.ssekit.clientcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.protocol.EventSourceModel;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.protocol.ParserLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test service of LaunchDarkly's protocol around a small EventSource built on the kit's {@link EventSourceModel}
 * and a bare socket ({@link RawHttp}): test code for the harness's self-test, not the kit's Java client. {@link Flaw}s break it
 * in the ways real clients are broken.
 */
final class ReferenceService implements TestService {

    enum Flaw {
        /** Reconnects after the initial delay whatever retry said. */
        IGNORES_RETRY,
        /** Never sends Last-Event-ID. */
        NO_LAST_EVENT_ID,
        /** Treats a 204 like the end of a stream: reconnects. */
        RETRIES_AFTER_204,
        /** Reconnects at once. */
        NO_DELAY,
        /** Reads any 200 as an event stream. */
        IGNORES_CONTENT_TYPE,
        /** Reconnects to the URL it was given, not to the one a redirect led to. */
        FORGETS_REDIRECT,
        /** The service answers every create with 500: the harness cannot play anything. */
        REFUSES_CREATE
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Flaw> flaws;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    ReferenceService(Flaw... flaws) throws IOException {
        this.flaws = flaws.length == 0 ? EnumSet.noneOf(Flaw.class) : EnumSet.of(flaws[0], flaws);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "reference-service");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (path.equals("/") && method.equals("GET")) {
                byte[] body = "{\"capabilities\":[\"headers\",\"post\",\"event-type-listeners\",\"sse-kit:close-in-error-callback\"]}"
                        .getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
            } else if (path.equals("/") && method.equals("POST") && flaws.contains(Flaw.REFUSES_CREATE)) {
                x.sendResponseHeaders(500, -1);
            } else if (path.equals("/") && method.equals("POST")) {
                JsonNode config = JSON.readTree(x.getRequestBody());
                String id = String.valueOf(ids.incrementAndGet());
                Stream s = new Stream(config);
                streams.put(id, s);
                s.thread.start();
                x.getResponseHeaders().set("Location", "streams/" + id); // relative: the harness resolves it
                x.sendResponseHeaders(201, -1);
            } else if (path.startsWith("/streams/")) {
                Stream s = streams.get(path.substring("/streams/".length()));
                if (s == null) {
                    x.sendResponseHeaders(404, -1);
                } else if (method.equals("DELETE")) {
                    streams.values().remove(s);
                    s.close();
                    x.sendResponseHeaders(204, -1);
                } else {
                    JsonNode cmd = JSON.readTree(x.getRequestBody());
                    x.sendResponseHeaders("listen".equals(cmd.path("command").asText()) ? 202 : 400, -1);
                }
            } else {
                x.sendResponseHeaders(404, -1);
            }
        }
    }

    @Override
    public void close() {
        streams.values().forEach(Stream::close);
        server.stop(0);
        executor.shutdownNow();
    }

    /** One EventSource: a thread that fetches, feeds the model and waits as it says. */
    private final class Stream implements EventSourceModel.Listener {
        final JsonNode config;
        final Thread thread;
        final EventSourceModel model;
        final long initialDelay;
        final AtomicInteger counter = new AtomicInteger();
        volatile boolean closed;
        volatile InputStream body;
        /** Fetch's request: its current URL and method follow redirects and outlive connections (PROC-028). */
        URI url;
        String method;
        byte[] reqBody;

        Stream(JsonNode config) {
            this.config = config;
            this.url = URI.create(config.path("streamUrl").asText());
            this.method = config.path("method").asText("GET");
            this.reqBody = config.hasNonNull("body") ? config.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
            this.initialDelay = config.path("initialDelayMs").asLong(EventSourceModel.DEFAULT_RECONNECTION_TIME);
            this.model = new EventSourceModel(false, null, initialDelay, ParserLimits.defaults(), this);
            this.thread = new Thread(this::loop, "reference-eventsource");
            thread.setDaemon(true);
        }

        void close() {
            closed = true;
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // aborting anyway
                }
            }
            thread.interrupt();
        }

        private void loop() {
            try {
                while (!closed) {
                    EventSourceModel.Next next = fetch();
                    if (next == EventSourceModel.Next.STOP || closed) {
                        return;
                    }
                    long wait = flaws.contains(Flaw.NO_DELAY) ? 0
                            : flaws.contains(Flaw.IGNORES_RETRY) ? initialDelay : model.reconnectionTime();
                    Thread.sleep(wait);
                    if (closed || !model.reconnect()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } finally {
                model.close();
            }
        }

        private EventSourceModel.Next fetch() {
            if (flaws.contains(Flaw.FORGETS_REDIRECT)) {
                url = URI.create(config.path("streamUrl").asText());
            }
            RawHttp.Response r;
            try {
                for (int redirects = 0; ; redirects++) {
                    Map<String, byte[]> h = new LinkedHashMap<>();
                    model.requestHeaders().forEach((k, v) -> h.put(k, v.getBytes(StandardCharsets.ISO_8859_1)));
                    h.remove("Last-Event-ID");
                    byte[] lei = model.lastEventIdHeaderValue();
                    if (lei != null && !flaws.contains(Flaw.NO_LAST_EVENT_ID)) {
                        h.put("Last-Event-ID", lei); // PROC-017: the UTF-8 bytes
                    }
                    config.path("headers").properties().forEach(e -> h.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                    r = RawHttp.send(url, method, h, reqBody);
                    body = r.body();
                    if (closed) {
                        closeQuietly(r.body());
                        return EventSourceModel.Next.STOP;
                    }
                    int st = r.status();
                    String location = r.header("Location");
                    if (location == null || !Set.of(301, 302, 303, 307, 308).contains(st) || redirects >= 20) {
                        break;
                    }
                    closeQuietly(r.body());
                    url = url.resolve(location);
                    if (st == 303 || (st == 301 || st == 302) && method.equals("POST")) {
                        method = "GET";
                        reqBody = null;
                    }
                }
            } catch (IOException e) {
                return closed ? EventSourceModel.Next.STOP : model.onNetworkError(false);
            }
            int status = r.status();
            String type = r.header("Content-Type");
            if (flaws.contains(Flaw.IGNORES_CONTENT_TYPE) && status == 200) {
                type = "text/event-stream";
            }
            EventSourceModel.Next next;
            if (flaws.contains(Flaw.RETRIES_AFTER_204) && status == 204) {
                next = model.onResponse(200, "text/event-stream", r.headers());
                if (next == EventSourceModel.Next.READ_BODY) {
                    next = model.onEndOfBody();
                }
                closeQuietly(r.body());
                return next;
            }
            next = model.onResponse(status, type, r.headers());
            if (next != EventSourceModel.Next.READ_BODY) {
                closeQuietly(r.body());
                return next;
            }
            byte[] buf = new byte[8192];
            try (InputStream in = r.body()) {
                int n;
                while (!closed && (n = in.read(buf)) >= 0) {
                    model.onBody(buf, 0, n);
                }
            } catch (IOException e) {
                return closed ? EventSourceModel.Next.STOP : model.onNetworkError(false);
            }
            return closed ? EventSourceModel.Next.STOP : model.onEndOfBody();
        }

        @Override
        public void onMessage(ParsedEvent event) {
            ObjectNode c = JSON.createObjectNode().put("kind", "event");
            c.putObject("event").put("type", event.type()).put("data", event.data()).put("id", event.lastEventId());
            callback(c);
        }

        @Override
        public void onError() {
            callback(JSON.createObjectNode().put("kind", "error").put("comment", "error"));
            if (config.path("closeOnError").asBoolean(false)) {
                closed = true;
                model.close();
            }
        }

        private void callback(ObjectNode body) {
            if (closed) {
                return; // PROC-019: nothing after close()
            }
            URI uri = URI.create(config.path("callbackUrl").asText() + "/" + counter.incrementAndGet());
            try {
                http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the harness is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void closeQuietly(InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to read
            }
        }
    }
}
