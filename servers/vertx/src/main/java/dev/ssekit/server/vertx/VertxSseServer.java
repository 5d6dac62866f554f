package dev.ssekit.server.vertx;

import dev.ssekit.server.HttpStatus;
import dev.ssekit.server.MalformedHead;
import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.Stats;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.net.KeyCertOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference server on Vert.x: a thin adapter that hands every request head to {@link SseCore#admit}, then the
 * request to {@link SseCore#handle}, writes the answer, and moves the bytes of its event streams
 * ({@link VertxTransport}). No stream logic lives here. Each connection is a {@link Connection} (the request deadline
 * and closing past Vert.x) with a {@link RequestDecoder} (no body read before its head is admitted); listening survives
 * running out of file descriptors ({@link AcceptingTransport}, {@link ErrorPaths}). On an h2c port a
 * {@link PrefaceSniffer} tells HTTP/2 by prior knowledge from HTTP/1.x before Vert.x decodes anything.
 */
public final class VertxSseServer implements SseServer {

    /** Largest request body read (POST /api/feed); a larger one is refused by the core (413) before it is read. */
    static final int MAX_BODY_BYTES = SseCore.MAX_BODY_BYTES;


    private static final byte[] NO_BYTES = new byte[0];
    /** As the core spells it (Vert.x's own constant is lower case). */
    private static final String CONNECTION = "Connection";
    private static final String DATE = "Date";
    /** The version the core is told for an HTTP/2 request. */
    static final String HTTP_2 = "HTTP/2";
    private static final long START_TIMEOUT_MS = 10_000;
    /** Added to the grace period for the server and Vert.x to wind down after the streams have ended. */
    private static final long CLOSE_MARGIN_MS = 2_000;
    /** SETTINGS_MAX_CONCURRENT_STREAMS: RFC 9113 6.5.2 recommends no fewer than 100. */
    static final long MAX_CONCURRENT_STREAMS = 100;

    private final SseCore core;
    private final Vertx vertx;
    private final HttpServer http;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<EventLoop, LoopQueue> loopQueues = new ConcurrentHashMap<>();

    private VertxSseServer(SseCore core, Vertx vertx, HttpServer http, String host) {
        this.core = core;
        this.vertx = vertx;
        this.http = http;
        this.host = host;
    }

    /** Starts a server on {@code config.host():config.port()} (0 picks a free port) and returns once it listens. */
    public static VertxSseServer start(SseServerConfig config) {
        ErrorPaths.prepare(); // API-034: nothing is first loaded once descriptors run out
        AcceptingTransport transport = new AcceptingTransport();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setEventLoopPoolSize(2)
                        .setWorkerPoolSize(1)
                        .setInternalBlockingPoolSize(1)
                        .setFileSystemOptions(new FileSystemOptions()
                                .setFileCachingEnabled(false)
                                .setClassPathResolvingEnabled(false)))
                .withTransport(transport.asVertxTransport()) // API-034: listening survives a failed accept
                .build();
        SseCore core = null;
        boolean h2c = config.h2c() && config.tls() == null;
        try {
            core = new SseCore(config);
            if (h2c) {
                SseCore forSniffers = core;
                transport.onAccept(ch -> ch.pipeline().addFirst(PrefaceSniffer.NAME, new PrefaceSniffer(forSniffers)));
            }
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setCompressionSupported(false) // API-003: never compress an event stream
                    .setDecompressionSupported(false)
                    // h2c by prior knowledge only when asked for; off, plain HTTP is HTTP/1.x exactly as before. On,
                    // a PrefaceSniffer decides first, so HTTP/1.x connections are still set up as on a plain port.
                    .setHttp2ClearTextEnabled(h2c)
                    // The header limits of HTTP/1.1 for HTTP/2 too (HTTP-009), and at least 100 streams at once
                    // (RFC 9113 6.5.2).
                    .setInitialSettings(new Http2Settings()
                            .setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                            .setMaxHeaderListSize(SseCore.MAX_HEADER_SECTION))
                    // HTTP-006: 100 Continue only once the core has admitted the head.
                    .setHandle100ContinueAutomatically(false)
                    // Every write is made on the connection's event loop (VertxTransport hops there), so a
                    // connection needs no queue for writes from other threads (Netty's 1,024-slot MPSC array per
                    // connection; the hold scenario in bench/results/servers.json shows an idle stream's weight).
                    .setStrictThreadMode(true)
                    .setPerFrameWebSocketCompressionSupported(false)
                    .setPerMessageWebSocketCompressionSupported(false)
                    // HTTP-009: the core's limits, so that both servers take the same heads (API-027: a text of
                    // 4096 code points percent-encodes to up to 48 KiB of request line).
                    .setMaxInitialLineLength(SseCore.MAX_REQUEST_LINE)
                    .setMaxHeaderSize(SseCore.MAX_HEADER_SECTION)
                    .setTcpNoDelay(true);
            if (config.tls() != null) {
                options.setSsl(true)
                        .setUseAlpn(true)
                        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                        .setKeyCertOptions(KeyCertOptions.wrap(config.tls().keyManagerFactory()))
                        // A client that never finishes its handshake is held no longer than one that never sends a
                        // request (API-030).
                        .setSslHandshakeTimeout(config.requestTimeoutMs())
                        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
            }
            HttpServer http = vertx.createHttpServer(options);
            VertxSseServer server = new VertxSseServer(core, vertx, http, config.host());
            SseCore c = core;
            // Runs as the connection is set up, before any byte of it is decoded.
            http.connectionHandler(conn -> {
                try {
                    if (H2Connection.isHttp2(conn)) {
                        H2Connection.attach(conn, config.requestTimeoutMs());
                    } else {
                        Connection.attach(conn, c, options);
                    }
                } catch (Throwable e) {
                    // Without its Connection no request of it could be answered: it goes now (API-035).
                    ((HttpServerConnection) conn).channelHandlerContext().close();
                }
            });
            http.requestHandler(server::onRequest);
            http.invalidRequestHandler(server::onInvalidRequest);
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
    public SseServerConfig config() {
        return core.config();
    }

    @Override
    public Stats stats() {
        return core.stats();
    }

    @Override
    public long publish(String data) {
        return core.publish(data);
    }

    @Override
    public void announce(Map<String, Integer> servers) {
        core.announce(name(), servers);
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

    /**
     * A request head has arrived (its body, if any, has not been read: {@link RequestDecoder} holds it). The core
     * checks the head first (API-031, HTTP-001..006); a refusal goes out without reading the body, and the connection
     * closes after it when it says so. Otherwise {@code 100 Continue} if asked for, then the body, then the answer.
     */
    private void onRequest(HttpServerRequest request) {
        Carrier conn = Carrier.of(request, vertx, core.config().requestTimeoutMs());
        if (conn.closing()) {
            return; // pipelined after a response that ends the connection: never answered
        }
        try {
            SseRequest head = toSseRequest(request, null);
            SseResponse refusal = conn.http2() ? http2Limits(request, head) : null;
            if (refusal == null) {
                refusal = core.admit(head);
            }
            if (refusal != null) {
                answer(request, conn, refusal);
                return;
            }
            if (head.contentLength() > 0) {
                if (expectsContinue(head)) {
                    request.response().writeContinue(); // HTTP-006: only once the head is admitted
                }
                conn.admitBody();
            }
            BodyCollector collector = new BodyCollector(request, conn);
            request.handler(collector::chunk);
            request.endHandler(collector::end);
            request.exceptionHandler(t -> conn.abort());
            if (conn.http2() && !request.isEnded()) {
                collector.deadline(); // API-030: the stream's body must come whole in time
            }
        } catch (Throwable e) { // an Error too: Vert.x would only log it, and the request would wait for ever
            fail(request, conn, e);
        }
    }

    /**
     * Collects a request body (admitted, so at most {@link #MAX_BODY_BYTES}), then answers. Vert.x keeps these
     * handlers as long as the request lives, which for an event stream is the whole stream, so a GET holds no buffer:
     * it is made at the first chunk.
     */
    private final class BodyCollector {
        private final HttpServerRequest request;
        private final Carrier conn;
        private Buffer body;
        private long timer = -1;
        private boolean over;

        BodyCollector(HttpServerRequest request, Carrier conn) {
            this.request = request;
            this.conn = conn;
        }

        /** HTTP/2: a 408 and the stream's reset when its body has not come whole within the request deadline. */
        void deadline() {
            timer = vertx.setTimer(core.config().requestTimeoutMs(), id -> {
                timer = -1;
                if (!over && !request.isEnded()) {
                    over = true;
                    body = null;
                    answerNow(request, conn, core.requestTimedOut());
                }
            });
        }

        void chunk(Buffer chunk) {
            if (over) {
                return;
            }
            int have = body == null ? 0 : body.length();
            if (have + chunk.length() > MAX_BODY_BYTES) {
                over = true;
                body = null;
                if (conn.http2()) {
                    // An HTTP/2 body needs no Content-Length: the limit is found here, and refused as admit() would.
                    answerNow(request, conn, core.admit(withLength(toSseRequest(request, null), have + chunk.length())));
                } else {
                    conn.abort(); // cannot happen after admit(); never buffer more than the limit
                }
                return;
            }
            if (body == null) {
                body = Buffer.buffer(chunk.length());
            }
            body.appendBuffer(chunk);
        }

        void end(Void v) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            if (over) {
                return;
            }
            byte[] bytes = body == null ? NO_BYTES : body.getBytes();
            body = null;
            respond(request, conn, bytes);
        }
    }

    /** An answer before the request has ended (HTTP/2 only): it ends the stream, and the rest is not read. */
    private void answerNow(HttpServerRequest request, Carrier conn, SseResponse answer) {
        if (answer == null || request.response().headWritten() || request.response().closed()) {
            conn.abort();
            return;
        }
        try {
            answer(request, conn, answer); // the core's refusals end their exchange: the stream is reset after them
        } catch (Throwable e) {
            fail(request, conn, e);
        }
    }

    private void respond(HttpServerRequest request, Carrier conn, byte[] body) {
        HttpServerResponse response = request.response();
        if (conn.closing() || response.closed()) {
            return;
        }
        if (response.writeQueueFull()) {
            // The client has not read what came before (a pipeline it does not read): answer once it reads, so
            // that what one connection holds stays bounded (API-024). Meanwhile Vert.x stops reading its requests.
            response.drainHandler(v -> {
                response.drainHandler(null);
                respond(request, conn, body);
            });
            return;
        }
        SseResponse answer;
        try {
            answer = core.handle(toSseRequest(request, body));
        } catch (Throwable e) {
            answer = core.failed(e);
        }
        try {
            answer(request, conn, answer);
        } catch (Throwable e) {
            fail(request, conn, e);
        }
    }

    private void answer(HttpServerRequest request, Carrier conn, SseResponse answer) {
        if (answer instanceof SseResponse.Full full) {
            sendFull(request, conn, full);
        } else if (answer instanceof SseResponse.File file) {
            sendFile(request, conn, file);
        } else if (answer instanceof SseResponse.Stream stream) {
            openStream(request, conn, stream);
        } else if (answer instanceof SseResponse.StreamHead head) {
            sendStreamHead(request, conn, head);
        } else if (answer instanceof SseResponse.Later later) {
            // Vert.x hands over the connection's next request only once this response ends; the answer is sent on
            // this request's context.
            Context context = Vertx.currentContext();
            later.answer().whenComplete((r, e) -> context.runOnContext(v -> answerLater(request, conn, r, e)));
        } else {
            throw new IllegalStateException("unknown answer " + answer);
        }
    }

    /** What a {@link SseResponse.Later} completed with; nothing when the request is gone meanwhile. */
    private void answerLater(HttpServerRequest request, Carrier conn, SseResponse r, Throwable e) {
        if (conn.closing() || request.response().closed()) {
            return;
        }
        try {
            answer(request, conn, e != null ? core.failed(e) : r);
        } catch (Throwable x) {
            fail(request, conn, x);
        }
    }

    /**
     * API-035: an answer that failed is the core's 500 while nothing was sent yet, which closes the connection after it
     * (the request's body may be unread); otherwise the connection goes at once.
     */
    private void fail(HttpServerRequest request, Carrier conn, Throwable e) {
        HttpServerResponse response = request.response();
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            try {
                sendFull(request, conn, core.failed(e));
                return;
            } catch (Throwable again) {
                // Fall through: the connection goes.
            }
        }
        conn.abort();
    }

    /** Writes a complete response; to HEAD without its body but with its Content-Length (HTTP-007). */
    private static void sendFull(HttpServerRequest request, Carrier conn, SseResponse.Full full) {
        HttpServerResponse response = request.response();
        boolean head = request.method() == HttpMethod.HEAD;
        boolean closes = full.closesConnection();
        status(response, full);
        putHeaders(response, conn, full.headers());
        if (head) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(full.body().length));
        }
        if (closes) {
            closesAfter(response, conn);
        }
        Future<Void> done = response.end(head ? Buffer.buffer() : Buffer.buffer(full.body()));
        ended(conn, done, closes);
    }

    /** API-033: a file goes from disk by zero-copy (Vert.x writes file regions), never read into memory. */
    private void sendFile(HttpServerRequest request, Carrier conn, SseResponse.File file) {
        HttpServerResponse response = request.response();
        status(response, file);
        putHeaders(response, conn, file.headers());
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(file.length()));
            ended(conn, response.end(), false);
            return;
        }
        response.sendFile(file.path().toString(), 0, file.length()).onComplete(ar -> {
            if (ar.succeeded()) {
                conn.responseEnded();
            } else if (!response.headWritten() && !response.closed()) {
                sendFull(request, conn, core.failed(ar.cause())); // e.g. gone, or no descriptor to open it
            } else {
                conn.abort(); // the head is out: the client must not take a short file for a whole one
            }
        });
    }

    // tag::open-stream[]
    private void openStream(HttpServerRequest request, Carrier conn, SseResponse.Stream answer) {
        HttpServerResponse response = request.response();
        status(response, answer);
        putHeaders(response, conn, answer.headers());
        response.headers().remove(HttpHeaders.CONTENT_LENGTH); // API-003: a stream has none
        if (conn.http2()) {
            response.writeHead(); // DATA frames frame the stream: no Transfer-Encoding, no Content-Length
        } else if (request.version() == HttpVersion.HTTP_1_0) {
            // HTTP-008: no Transfer-Encoding for HTTP/1.0; the stream ends by closing, even if keep-alive was asked.
            closesAfter(response, conn);
            response.write(Buffer.buffer()); // the head alone (Vert.x's writeHead() insists on a length or chunked)
        } else {
            response.setChunked(true);
            response.writeHead(); // API-004: the status line and headers leave at once
        }
        // Both header maps live as long as the stream and are not read again: an idle stream keeps neither.
        request.headers().clear();
        response.headers().clear();
        response.headersEndHandler(null);
        Context context = Vertx.currentContext();
        LoopQueue queue = loopQueues.computeIfAbsent(((ContextInternal) context).nettyEventLoop(),
                LoopQueue::new);
        VertxTransport transport = new VertxTransport(context, queue, conn, response);
        transport.opened(answer.open(transport));
    }
    // end::open-stream[]

    /** HTTP-007: the head of a stream, as GET would send it (chunked on HTTP/1.1), with no content; opens nothing. */
    private static void sendStreamHead(HttpServerRequest request, Carrier conn, SseResponse.StreamHead head) {
        HttpServerResponse response = request.response();
        status(response, head);
        putHeaders(response, conn, head.headers());
        if (!conn.http2() && request.version() != HttpVersion.HTTP_1_0) {
            // Vert.x drops Transfer-Encoding from a response to HEAD; GET's stream has it (RFC 9112 6.1 allows it).
            response.headersEndHandler(v -> response.headers().set(HttpHeaders.TRANSFER_ENCODING, "chunked"));
        }
        ended(conn, response.end(), false);
    }

    /**
     * The response ends the connection: requests after it are not answered or read, and {@code Connection: close}
     * stays (Vert.x says keep-alive to an HTTP/1.0 request that asked for it).
     */
    private static void closesAfter(HttpServerResponse response, Carrier conn) {
        conn.endsAfterResponse();
        if (!conn.http2()) {
            response.headersEndHandler(v -> response.headers().set(CONNECTION, "close"));
        }
    }

    private static void ended(Carrier conn, Future<Void> done, boolean closes) {
        if (closes) {
            conn.closeAfter(done);
        } else {
            done.onComplete(ar -> conn.responseEnded());
        }
    }

    /** The status, with the core's reason phrase where Netty's differs ("Request-URI Too Long"). */
    private static void status(HttpServerResponse response, SseResponse answer) {
        int status = answer.status();
        response.setStatusCode(status);
        String reason = HttpStatus.reason(status);
        if (!reason.isEmpty() && !reason.equals(HttpResponseStatus.valueOf(status).reasonPhrase())) {
            response.setStatusMessage(reason);
        }
    }

    /**
     * The core's headers, and a Date (RFC 9110 6.6.1), which Undertow sends and Vert.x does not by itself. Over HTTP/2
     * without the connection-specific ones (the core's {@code Connection: close}): they make a response malformed
     * (RFC 9113 8.2.2); the stream's end or reset says what they say.
     */
    private static void putHeaders(HttpServerResponse response, Carrier conn, Map<String, List<String>> headers) {
        response.putHeader(DATE, HttpStatus.date());
        (conn.http2() ? SseResponse.http2Fields(headers) : headers).forEach(response::putHeader);
    }

    /**
     * HTTP-005, HTTP-009, API-035: a request Netty could not parse (or one of a version this server does not speak)
     * gets a plain-text reason, as the core words its refusals, and the connection closes after it.
     */
    private void onInvalidRequest(HttpServerRequest request) {
        Connection conn = Connection.of(request); // HTTP/1.x only: Vert.x never calls this for HTTP/2
        if (conn.closing()) {
            return;
        }
        try {
            sendFull(request, conn, malformed(core, request.decoderResult().cause()));
        } catch (Throwable e) {
            conn.abort();
        }
    }

    /** What is wrong with a head Netty could not take, in the core's words. */
    static SseResponse.Full malformed(SseCore core, Throwable cause) {
        MalformedHead problem;
        if (cause instanceof TooLongHttpLineException) {
            problem = MalformedHead.requestLineTooLong();
        } else if (cause instanceof TooLongHttpHeaderException) {
            problem = MalformedHead.headerSectionTooLarge();
        } else if (cause instanceof RequestDecoder.Refused r) {
            problem = r.problem();
        } else {
            problem = MalformedHead.syntax(cause == null ? null : cause.getMessage());
        }
        return core.malformed(problem);
    }

    /** RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request is ignored. */
    private static boolean expectsContinue(SseRequest head) {
        return !head.isHttp10()
                && head.headerValues("expect").stream().anyMatch(e -> e.trim().equalsIgnoreCase("100-continue"));
    }

    /**
     * The request as the core sees it: every header line (duplicates included, in order) and the version. Over HTTP/2
     * the {@code :authority} stands for Host when there is no Host field (RFC 9113 8.3.1).
     */
    static SseRequest toSseRequest(HttpServerRequest request, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        String version;
        if (request.version() == HttpVersion.HTTP_2) {
            version = HTTP_2;
            if (!headers.containsKey("host") && request.authority() != null) {
                headers.put("host", List.of(request.authority().toString()));
            }
        } else {
            version = request.version() == HttpVersion.HTTP_1_0 ? SseRequest.HTTP_1_0 : SseRequest.HTTP_1_1;
        }
        return new SseRequest(request.method().name(), request.path(), request.query(), headers, body, version);
    }

    /** The same head with a Content-Length of {@code length}, for the core's 413 of an HTTP/2 body without one. */
    private static SseRequest withLength(SseRequest head, long length) {
        Map<String, List<String>> headers = new HashMap<>(head.headers());
        headers.put("content-length", List.of(Long.toString(length)));
        return new SseRequest(head.method(), head.path(), head.rawQuery(), headers, null, head.version());
    }

    /**
     * HTTP-009 over HTTP/2: the codec bounds the header list's bytes (SETTINGS_MAX_HEADER_LIST_SIZE, answered 431 by
     * Netty); the core's other limits (the request target's length, the number of header lines) are checked here, and
     * refused in its words. Null when the head is within them.
     */
    private SseResponse http2Limits(HttpServerRequest request, SseRequest head) {
        String uri = request.uri();
        if (uri != null && uri.length() > SseCore.MAX_REQUEST_LINE) {
            return core.malformed(MalformedHead.requestLineTooLong());
        }
        int lines = 0;
        for (Map.Entry<String, String> ignored : request.headers()) {
            lines++;
        }
        if (lines > SseCore.MAX_HEADER_LINES) {
            return core.malformed(MalformedHead.tooManyHeaderLines());
        }
        return null;
    }
}
