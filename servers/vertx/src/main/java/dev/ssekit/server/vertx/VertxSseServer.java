package dev.ssekit.server.vertx;

import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference server on Vert.x: a thin adapter that hands every request to {@link SseCore} and moves the
 * bytes of its event streams ({@link VertxTransport}). No stream logic lives here.
 */
public final class VertxSseServer implements SseServer {

    /** Largest request body read (POST /api/feed); a larger one gets 413. */
    static final int MAX_BODY_BYTES = SseCore.MAX_BODY_BYTES;

    private static final long START_TIMEOUT_MS = 10_000;
    /** Added to the grace period for the server and Vert.x to wind down after the streams have ended. */
    private static final long CLOSE_MARGIN_MS = 2_000;

    private final SseCore core;
    private final Vertx vertx;
    private final HttpServer http;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VertxSseServer(SseCore core, Vertx vertx, HttpServer http, String host) {
        this.core = core;
        this.vertx = vertx;
        this.http = http;
        this.host = host;
    }

    /** Starts a server on {@code config.host():config.port()} (0 picks a free port) and returns once it listens. */
    public static VertxSseServer start(SseServerConfig config) {
        ErrorPaths.prepare(); // API-034: nothing is first loaded once descriptors run out
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(2)
                        .setWorkerPoolSize(1)
                        .setInternalBlockingPoolSize(1)
                        .setFileSystemOptions(new FileSystemOptions()
                                .setFileCachingEnabled(false)
                                .setClassPathResolvingEnabled(false)))
                .withTransport(AcceptingTransport.asVertxTransport()) // API-034: listening survives a failed accept
                .build();
        SseCore core = null;
        try {
            core = new SseCore(config);
            HttpServer http = vertx.createHttpServer(new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setCompressionSupported(false) // API-003: never compress an event stream
                    .setDecompressionSupported(false)
                    // HTTP/1.1 only, as on Undertow: no h2c upgrade, so abort() closes exactly one stream's connection.
                    .setHttp2ClearTextEnabled(false)
                    .setHandle100ContinueAutomatically(true)
                    // Every write is made on the connection's event loop (VertxTransport hops there), so a
                    // connection needs no queue for writes from other threads: without it an idle stream is about
                    // 4.7 KiB lighter (Netty's 1,024-slot MPSC array per connection).
                    .setStrictThreadMode(true)
                    .setPerFrameWebSocketCompressionSupported(false)
                    .setPerMessageWebSocketCompressionSupported(false)
                    // API-027: a text of 4096 code points percent-encodes to up to 48 KiB of request line.
                    .setMaxInitialLineLength(64 * 1024)
                    .setTcpNoDelay(true));
            VertxSseServer server = new VertxSseServer(core, vertx, http, config.host());
            http.connectionHandler(Connection::attach);
            http.requestHandler(server::onRequest);
            try {
                await(http.listen(), START_TIMEOUT_MS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("not listening on " + config.host() + ":" + config.port()
                        + " after " + START_TIMEOUT_MS + " ms", e);
            }
            return server;
        } catch (RuntimeException | Error e) {
            if (core != null) {
                core.close();
            }
            closeQuietly(vertx);
            throw e;
        }
    }

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public int port() {
        return http.actualPort();
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public SseCore core() {
        return core;
    }

    /**
     * Stops accepting, lets the core end every stream (clients reconnect), waits for the connections to finish
     * for at most {@code shutdownGraceMs}, then forces them closed and stops Vert.x and its threads.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long grace = core.config().shutdownGraceMs();
        // Unbinds at once; each HTTP/1.1 connection closes when its current response has ended, or at the deadline.
        Future<Void> shutdown = http.shutdown(grace, TimeUnit.MILLISECONDS);
        try {
            core.close();
        } finally {
            try {
                await(shutdown, grace + CLOSE_MARGIN_MS);
            } catch (ExecutionException | TimeoutException e) {
                // Forced below: closing Vert.x closes whatever is left.
            } finally {
                closeQuietly(vertx);
            }
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            await(vertx.close(), CLOSE_MARGIN_MS + START_TIMEOUT_MS);
        } catch (ExecutionException | TimeoutException e) {
            // Nothing more to do: the event loops were told to stop.
        }
    }

    private static <T> T await(Future<T> future, long timeoutMs) throws ExecutionException, TimeoutException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- requests (event loop) ----

    private void onRequest(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            refuseBody(request);
            return;
        }
        BodyCollector collector = new BodyCollector(request);
        request.handler(collector::chunk);
        request.endHandler(collector::end);
        request.exceptionHandler(t -> request.connection().close());
    }

    /**
     * Collects a request body up to {@link #MAX_BODY_BYTES}, then answers. Vert.x keeps these handlers as long as
     * the request lives, which for an event stream is the whole stream, so a GET holds no buffer: it is made at the
     * first chunk.
     */
    private final class BodyCollector {
        private final HttpServerRequest request;
        private Buffer body;
        private boolean refused;

        BodyCollector(HttpServerRequest request) {
            this.request = request;
        }

        void chunk(Buffer chunk) {
            if (refused) {
                return;
            }
            int have = body == null ? 0 : body.length();
            if (have + chunk.length() > MAX_BODY_BYTES) {
                refused = true;
                refuseBody(request);
                return;
            }
            if (body == null) {
                body = Buffer.buffer(chunk.length());
            }
            body.appendBuffer(chunk);
        }

        void end(Void v) {
            if (!refused) {
                respond(request, body == null ? new byte[0] : body.getBytes());
                body = null;
            }
        }
    }

    private static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // Vert.x's decoder rejects a malformed length before we see it
        }
    }

    /** 413, then close: the rest of the body is never read. */
    private static void refuseBody(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        response.setStatusCode(413)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close")
                .end(Buffer.buffer(("request body larger than " + MAX_BODY_BYTES + " bytes\n")
                        .getBytes(StandardCharsets.UTF_8)))
                .onComplete(ar -> request.connection().close());
    }

    private void respond(HttpServerRequest request, byte[] body) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        SseResponse answer;
        try {
            answer = core.handle(toSseRequest(request, body));
        } catch (RuntimeException e) {
            answer = new SseResponse.Full(closed.get() ? 503 : 500,
                    Map.of("Content-Type", List.of("text/plain; charset=utf-8")),
                    ((closed.get() ? "shutting down: " : "internal error: ") + e + "\n").getBytes(StandardCharsets.UTF_8));
        }
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        if (answer instanceof SseResponse.Full full) {
            response.end(Buffer.buffer(full.body()));
        } else if (answer instanceof SseResponse.Stream stream) {
            openStream(request, response, stream);
        }
    }

    // tag::open-stream[]
    private static void openStream(HttpServerRequest request, HttpServerResponse response, SseResponse.Stream answer) {
        response.headers().remove("Content-Length"); // API-003: a stream has none
        response.setChunked(true);
        response.writeHead(); // API-004: the status line and headers leave at once
        // Both header maps live as long as the stream and are not read again: an idle stream keeps neither.
        request.headers().clear();
        response.headers().clear();
        VertxTransport transport = new VertxTransport(Vertx.currentContext(), request, response);
        transport.opened(answer.open(transport));
    }
    // end::open-stream[]

    static SseRequest toSseRequest(HttpServerRequest request, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return new SseRequest(request.method().name(), request.path(), request.query(), headers, body);
    }
}
