package dev.ssekit.server.undertow;

import dev.ssekit.server.HttpStatus;
import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.Stats;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.util.Protocols;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.XnioIoThread;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.ssl.SslConnection;

/**
 * The reference server on Undertow: a thin adapter that routes every request to {@link SseCore} and does
 * the non-blocking I/O. All request handling stays on the XNIO I/O threads; nothing here blocks.
 */
public final class UndertowSseServer implements SseServer {

    private static final int IO_THREADS = 2;
    private static final int WORKER_THREADS = 2;
    private static final int BUFFER_SIZE = 16 * 1024;
    /**
     * The TLS engine's buffers: a record is up to 16 KiB of plaintext plus its header and tag (the JDK's packet buffer
     * size is 16,709 bytes), so a 16 KiB buffer cannot hold a full one and unwrapping it never progresses.
     */
    private static final int SSL_BUFFER_SIZE = 17 * 1024;
    /** How long a close waits for the worker threads after every connection is closed. */
    private static final int STOP_TIMEOUT_MS = 1000;
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final Logger LOG = System.getLogger(UndertowSseServer.class.getName());
    private static final byte[] NO_BODY = new byte[0];
    private static final int WARM_UP_MS = 2_000;
    /**
     * Streams one HTTP/2 connection may have open at once (RFC 9113 6.5.2 recommends at least 100): a page's
     * EventSources to one origin share a connection.
     */
    static final int MAX_CONCURRENT_STREAMS = 256;

    private final SseCore core;
    private final String host;
    private final String workerName;
    private final AtomicInteger streams = new AtomicInteger(); // open streams; a count, not a set: nothing per stream
    private final Consumer<UndertowTransport> onStreamGone = this::streamGone;
    private final Object streamsLock = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final XnioWorker worker;
    private final DefaultByteBufferPool buffers;
    private final HttpOpenListener openListener;
    /** With TLS: the HTTP/2 listener ALPN hands h2 connections to; else null. */
    private final Http2OpenListener http2Listener;
    /** With TLS: chooses between {@link #openListener} and {@link #http2Listener} by ALPN; else null. */
    private final AlpnOpenListener alpnListener;
    private final UndertowXnioSsl ssl;
    private final DefaultByteBufferPool sslBuffers;
    /** Whether a connection may open with the HTTP/2 preface (TLS, or h2c). */
    private final boolean http2;
    private final AcceptingChannel<StreamConnection> acceptor;
    private final Map<XnioIoThread, IoThreadQueue> ioQueues = new ConcurrentHashMap<>();
    private final int port;

    // Undertow's own builder is not used: its ListenerInfo.suspend() closes every connection, and stop()
    // closes the listener and the connections together. A graceful close needs the listener closed first
    // and the streams ended after, so this class owns the XNIO worker and the accepting channel.
    private UndertowSseServer(SseServerConfig config, SseCore core) throws IOException {
        SSLContext sslContext = config.tls() == null ? null : config.tls().sslContext(); // names a bad key store now
        this.core = core;
        this.host = config.host();
        this.workerName = "sse-kit-undertow-" + SERVERS.incrementAndGet();
        this.worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, workerName)
                .set(Options.WORKER_IO_THREADS, IO_THREADS)
                .set(Options.WORKER_TASK_CORE_THREADS, WORKER_THREADS)
                .set(Options.WORKER_TASK_MAX_THREADS, WORKER_THREADS)
                .set(Options.TCP_NODELAY, true)
                .getMap());
        this.buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, -1, 4);
        // Each connection's RequestGate reads heads strictly, with the limits of HeadScanner, and keeps the request
        // deadline; Undertow's limits stay above those, so that the gate answers first (with a reason) and Undertow's
        // own bare 400 is never what a client gets. Undertow's idle and parse timeouts are not used: the parse
        // timeout closes without an answer and cannot be counted.
        OptionMap.Builder http1 = OptionMap.builder()
                .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .set(UndertowOptions.MAX_HEADER_SIZE, HeadScanner.MAX_REQUEST_LINE + HeadScanner.MAX_FIELD_SECTION + 1024)
                .set(UndertowOptions.MAX_HEADERS, HeadScanner.MAX_FIELDS + 1)
                .set(UndertowOptions.MAX_PARAMETERS, HeadScanner.MAX_REQUEST_LINE / 2); // only the line limits them
        if (config.h2c() && config.tls() == null) {
            // Prior knowledge: Undertow's HTTP/1.1 reader turns a connection that opens with "PRI * HTTP/2.0" into an
            // HTTP/2 channel with these same options. Its idle timeout must not beat the gate's deadline on HTTP/1.1
            // connections, which share them: it is set past the gate's 408 and linger.
            http1.addAll(http2Options(config.requestTimeoutMs() + RequestGate.LINGER_MS + 1000).getMap());
        }
        this.openListener = new HttpOpenListener(buffers, http1.getMap());
        openListener.setRootHandler(this::handleRequest);
        this.http2 = config.tls() != null || config.h2c();
        if (config.tls() != null) {
            this.sslBuffers = new DefaultByteBufferPool(true, SSL_BUFFER_SIZE, -1, 4);
            this.ssl = new UndertowXnioSsl(Xnio.getInstance(Undertow.class.getClassLoader()), OptionMap.EMPTY, sslBuffers,
                    sslContext);
            this.http2Listener = new Http2OpenListener(buffers, http2Options(config.requestTimeoutMs()).getMap());
            this.alpnListener = new AlpnOpenListener(buffers, OptionMap.EMPTY, "http/1.1", openListener);
            alpnListener.addProtocol(Http2OpenListener.HTTP2, http2Listener, 10);
            alpnListener.setRootHandler(this::handleRequest);
        } else {
            this.ssl = null;
            this.sslBuffers = null;
            this.http2Listener = null;
            this.alpnListener = null;
        }
        RequestGate.warmUp(core); // API-034: nothing is first loaded on the accept, refusal or deadline paths
        ChannelListener<StreamConnection> accept = this::accepted;
        AcceptingChannel<StreamConnection> channel;
        try {
            channel = worker.createStreamConnectionServer(new InetSocketAddress(config.host(), config.port()),
                    ChannelListeners.openListenerAdapter(accept), OptionMap.builder()
                            .set(Options.TCP_NODELAY, true)
                            .set(Options.REUSE_ADDRESSES, true)
                            .set(Options.BACKLOG, 1000)
                            .getMap());
        } catch (IOException | RuntimeException e) {
            stopWorker();
            throw e;
        }
        this.acceptor = channel;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        channel.resumeAccepts();
        warmUp();
    }

    /**
     * API-034: runs the accept, answer, refusal and close paths once over loopback, so that every class and logger they
     * use is loaded now, not first when the process is out of file descriptors. The requests change no statistic.
     */
    private void warmUp() {
        InetAddress address = ((InetSocketAddress) acceptor.getLocalAddress()).getAddress();
        InetSocketAddress to = new InetSocketAddress(address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
                : address, port);
        String refused = "POST /api/feed HTTP/1.1\r\nHost: warm-up\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String requests : List.of("GET /api/stats HTTP/1.1\r\nHost: warm-up\r\n\r\n" + refused, refused)) {
            try (Socket socket = new Socket()) {
                socket.connect(to, WARM_UP_MS);
                socket.setSoTimeout(WARM_UP_MS);
                socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readAllBytes(); // until the server closes after the refusal
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "warming up over " + to + " failed: " + e);
            }
        }
    }

    /**
     * The HTTP/2 side's options. Header limits: Undertow's HTTP/2 decoder counts a field list as RFC 9113 6.5.2 does
     * (name, value and 32 bytes a field), so the bound is the core's line and section limits with that overhead; the
     * request line's 64 KiB lives in {@code :path}. An HTTP/2 connection with no open stream for {@code idleMs} gets
     * GOAWAY (the request deadline of a connection that sends nothing, API-030).
     */
    private static OptionMap.Builder http2Options(long idleMs) {
        return OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.HTTP2_SETTINGS_ENABLE_PUSH, false)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_CONCURRENT_STREAMS)
                .set(UndertowOptions.MAX_HEADER_SIZE, HeadScanner.MAX_REQUEST_LINE + HeadScanner.MAX_FIELD_SECTION
                        + 32 * (HeadScanner.MAX_FIELDS + 4))
                .set(UndertowOptions.MAX_HEADERS, HeadScanner.MAX_FIELDS + 4) // and the four pseudo-header fields
                .set(UndertowOptions.MAX_PARAMETERS, HeadScanner.MAX_REQUEST_LINE / 2)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, idleMs));
    }

    /** Starts a server on {@code config.host():config.port()} (port 0 picks a free one). */
    public static UndertowSseServer start(SseServerConfig config) {
        SseCore core = new SseCore(config);
        try {
            return new UndertowSseServer(config, core);
        } catch (IOException e) {
            core.close();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException | Error e) {
            core.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public int port() {
        return port;
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

    /** Open event streams this adapter still holds a connection for. */
    int openStreams() {
        return streams.get();
    }

    /** Prefix of the names of this server's XNIO threads. */
    String threadNamePrefix() {
        return workerName + " ";
    }

    /**
     * Stops accepting (new connections are refused, so an EventSource retries), ends every stream through
     * the core, waits at most {@code shutdownGraceMs} for them to finish, then closes what is left and stops
     * the worker threads.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(core.config().shutdownGraceMs());
        try {
            IoUtils.safeClose(acceptor);
            core.close();
            awaitStreamsGone(deadline);
        } finally {
            openListener.closeConnections();
            if (http2Listener != null) {
                http2Listener.closeConnections();
            }
            stopWorker();
        }
    }

    private void awaitStreamsGone(long deadline) {
        synchronized (streamsLock) {
            long left;
            while (streams.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(streamsLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void streamGone(UndertowTransport transport) {
        streams.decrementAndGet(); // once per transport: it reports its end exactly once
        synchronized (streamsLock) {
            streamsLock.notifyAll();
        }
    }

    /** Shuts the worker down; its I/O threads close every connection still open. */
    private void stopWorker() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
                LOG.log(Level.WARNING, () -> workerName + " did not stop within " + STOP_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            buffers.close();
            if (sslBuffers != null) {
                sslBuffers.close();
            }
        }
    }

    // ---- request handling (I/O thread) ----

    /** Accepts on the connection's own I/O thread, where its gate, timer and exchanges then all run. */
    private void accepted(StreamConnection connection) {
        try {
            connection.getIoThread().execute(() -> {
                try {
                    if (ssl == null) {
                        RequestGate.install(connection, core, http2);
                        openListener.handleEvent(connection);
                    } else {
                        // The gate reads the decrypted side: ALPN's first read already goes through it.
                        SslConnection tls = ssl.wrapExistingConnection(connection, OptionMap.EMPTY, false);
                        RequestGate.install(tls, core, true);
                        alpnListener.handleEvent(tls);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "setting up a connection failed", e);
                    IoUtils.safeClose(connection);
                }
            });
        } catch (RejectedExecutionException e) {
            IoUtils.safeClose(connection); // the worker is stopping
        }
    }

    /**
     * Every request that reaches here passed {@link SseCore#admit} in its connection's gate: a body, if any, has one
     * Content-Length of at most {@link SseCore#MAX_BODY_BYTES}.
     */
    private void handleRequest(HttpServerExchange exchange) {
        if (isHttp2(exchange)) {
            handleHttp2(exchange);
            return;
        }
        exchange.addExchangeCompleteListener(RequestGate.of(exchange));
        if (exchange.getRequestContentLength() <= 0) {
            respond(exchange, NO_BODY);
        } else if (HttpContinue.requiresContinueResponse(exchange)) {
            // HTTP-006: admit let the head through, so the body is wanted; ask for it before reading.
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    if (ex.isInIoThread()) {
                        readBody(ex);
                    } else { // sent later, from a worker: back to the I/O thread, keeping the exchange open
                        ex.dispatch(ex.getIoThread(), () -> readBody(ex));
                    }
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    IoUtils.safeClose(ex.getConnection());
                }
            });
        } else {
            readBody(exchange);
        }
    }

    static boolean isHttp2(HttpServerExchange exchange) {
        return Protocols.HTTP_2_0.equals(exchange.getProtocol());
    }

    /**
     * One HTTP/2 stream. Its head came in HPACK frames that no gate reads, so it is judged here, as the gate judges an
     * HTTP/1.1 head: {@link SseCore#admit} first (framing fields, Host from {@code :authority}, Expect, the body's
     * announced size, the route's refusals), and a refusal ends this stream only. The DATA frames delimit the body; one
     * without Content-Length is read up to the core's limit and one past it gets the core's 413.
     */
    private void handleHttp2(HttpServerExchange exchange) {
        SseResponse refused;
        try {
            refused = core.admit(toRequest(exchange, null));
        } catch (RuntimeException e) {
            refused = core.failed(e);
        }
        if (refused != null) {
            if (exchange.isRequestComplete()) {
                sendFull(exchange, (SseResponse.Full) refused);
            } else {
                drainThenRefuse(exchange, (SseResponse.Full) refused);
            }
            return;
        }
        long length = exchange.getRequestContentLength();
        if (length == 0 || length < 0 && exchange.isRequestComplete()) {
            respond(exchange, NO_BODY);
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange)) {
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    ex.dispatch(ex.getIoThread(), () -> readHttp2Body(ex));
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    IoUtils.safeClose(ex.getConnection()); // resets this stream only
                }
            });
        } else {
            readHttp2Body(exchange);
        }
    }

    /**
     * Answers a refused h2 request once its body is in. Over HTTP/2 an answer sent while the client still sends its
     * body ends the stream with RST_STREAM, and a client such as the JDK's then reports the reset instead of the
     * answer; so the body is read and dropped first ({@link #receiveHttp2}).
     */
    private void drainThenRefuse(HttpServerExchange exchange, SseResponse.Full refusal) {
        receiveHttp2(exchange, chunk -> { }, () -> sendFull(exchange, refusal), () -> sendFull(exchange, refusal));
    }

    /** A body over the limit, as the core sees it: it answers 413 (API-035) as to any body that is too large. */
    private static final byte[] TOO_LARGE = new byte[SseCore.MAX_BODY_BYTES + 1];

    /** Reads an h2 body: up to the core's limit is kept; a longer one is read on, dropped and answered 413. */
    private void readHttp2Body(HttpServerExchange exchange) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean[] tooLarge = {false};
        receiveHttp2(exchange, chunk -> {
            if (!tooLarge[0] && kept.size() + chunk.length <= SseCore.MAX_BODY_BYTES) {
                kept.writeBytes(chunk);
            } else {
                tooLarge[0] = true;
            }
        }, () -> respond(exchange, tooLarge[0] ? TOO_LARGE : kept.toByteArray()),
                () -> {
                    if (tooLarge[0]) {
                        respond(exchange, TOO_LARGE);
                    } else {
                        sendFull(exchange, core.requestTimedOut());
                    }
                });
    }

    /**
     * Reads an h2 request body chunk by chunk, then runs {@code atEnd}; {@code atDeadline} instead when the body has not
     * ended within the request deadline (API-030) or has gone {@link RequestGate#LINGER_BYTES} past the core's limit
     * (then the rest of the upload is reset). A broken stream is reset, never the connection.
     */
    private void receiveHttp2(HttpServerExchange exchange, Consumer<byte[]> each, Runnable atEnd, Runnable atDeadline) {
        AtomicBoolean done = new AtomicBoolean();
        long[] total = {0};
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(() -> {
            if (done.compareAndSet(false, true)) {
                atDeadline.run();
            }
        }, core.config().requestTimeoutMs(), TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
            if (done.get()) {
                return;
            }
            total[0] += chunk.length;
            each.accept(chunk);
            boolean overrun = total[0] > SseCore.MAX_BODY_BYTES + RequestGate.LINGER_BYTES;
            if ((last || overrun) && done.compareAndSet(false, true)) {
                deadline.remove();
                (last ? atEnd : atDeadline).run();
            }
        }, (ex, e) -> {
            if (done.compareAndSet(false, true)) {
                deadline.remove();
            }
            IoUtils.safeClose(ex.getConnection()); // over HTTP/2: RST_STREAM for this stream, not the connection
        });
    }

    private void readBody(HttpServerExchange exchange) {
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(SseCore.MAX_BODY_BYTES);
        receiver.receiveFullBytes(this::respond, (ex, e) -> IoUtils.safeClose(ex.getConnection()));
    }

    /** Answers a whole request; a failure gives the core's 500, or a close once the response has started (API-035). */
    private void respond(HttpServerExchange exchange, byte[] body) {
        SseResponse response;
        try {
            response = core.handle(toRequest(exchange, body));
        } catch (RuntimeException e) {
            response = core.failed(e);
        }
        try {
            send(exchange, response);
        } catch (RuntimeException e) {
            failed(exchange, e);
        }
    }

    private void send(HttpServerExchange exchange, SseResponse response) {
        if (response instanceof SseResponse.Full full) {
            sendFull(exchange, full);
        } else if (response instanceof SseResponse.File file) {
            sendFile(exchange, file);
        } else if (response instanceof SseResponse.Stream stream) {
            // Dispatching keeps the exchange open when this call returns; the task runs on this I/O thread.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> openStream(exchange, stream));
        } else if (response instanceof SseResponse.StreamHead head) {
            sendStreamHead(exchange, head);
        } else if (response instanceof SseResponse.Later later) {
            // The exchange stays open when this call returns; the answer is sent on this exchange's I/O thread.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> later.answer().whenComplete((r, e) ->
                    exchange.getIoThread().execute(() -> sendLater(exchange, r, e))));
        } else {
            throw new IllegalStateException("unknown response " + response);
        }
    }

    /** What a {@link SseResponse.Later} completed with, sent outside the handler's call. */
    private void sendLater(HttpServerExchange exchange, SseResponse r, Throwable e) {
        try {
            SseResponse answer = e != null ? core.failed(e) : r;
            if (answer instanceof SseResponse.Stream stream) {
                openStream(exchange, stream); // already dispatched: the exchange is open
            } else if (answer instanceof SseResponse.Later) {
                throw new IllegalStateException("a Later answer completed with another Later");
            } else {
                send(exchange, answer);
            }
        } catch (RuntimeException x) {
            failed(exchange, x);
        }
    }

    private void failed(HttpServerExchange exchange, Throwable e) {
        LOG.log(Level.WARNING, () -> "answering " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " failed", e);
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        try {
            exchange.getResponseHeaders().clear();
            sendFull(exchange, core.failed(e));
        } catch (RuntimeException again) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private static void sendFull(HttpServerExchange exchange, SseResponse.Full full) {
        head(exchange, full);
        if (full.status() == 204 || full.status() == 304) {
            // No Content-Length and no Transfer-Encoding, to GET or HEAD alike (RFC 9110 8.6, 9112 6.1); Undertow
            // would frame a HEAD response without a length as chunked.
            exchange.getResponseChannel();
            exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
            exchange.getResponseHeaders().remove(Headers.TRANSFER_ENCODING);
            exchange.endExchange();
        } else {
            // To HEAD, Undertow sets the Content-Length from the body and sends none of it (HTTP-007).
            exchange.getResponseSender().send(ByteBuffer.wrap(full.body()));
        }
    }

    /** API-033: from disk, never read whole; to HEAD, only the head with the file's Content-Length (HTTP-007). */
    private void sendFile(HttpServerExchange exchange, SseResponse.File file) {
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            head(exchange, file);
            exchange.setResponseContentLength(file.length());
            exchange.endExchange();
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        } catch (IOException e) {
            failed(exchange, e);
            return;
        }
        try {
            head(exchange, file);
            exchange.setResponseContentLength(file.length());
            new FileSender(exchange, channel, file.length()).start();
        } catch (RuntimeException e) {
            IoUtils.safeClose(channel);
            throw e;
        }
    }

    /**
     * HTTP-007: the head of the GET stream, which is delimited by closing the connection: no Content-Length, and
     * {@code Connection: close} as on the stream. Taking the response channel first keeps Undertow from adding the
     * {@code Content-Length: 0} of an empty response; nothing is opened.
     */
    private static void sendStreamHead(HttpServerExchange exchange, SseResponse.StreamHead head) {
        head(exchange, head);
        exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
        exchange.setPersistent(false);
        exchange.getResponseChannel();
        exchange.endExchange();
    }

    private static void head(HttpServerExchange exchange, SseResponse response) {
        exchange.setStatusCode(response.status());
        String reason = HttpStatus.reason(response.status());
        if (!reason.isEmpty() && !reason.equals(StatusCodes.getReason(response.status()))) {
            // The core's words, as on Vert.x; only where Undertow's differ, since the phrase is kept as an attachment
            // for as long as the exchange lives, which for a stream is the whole stream.
            exchange.setReasonPhrase(reason);
        }
        if (isHttp2(exchange)) {
            // RFC 9113 8.2.2: no connection-specific field on HTTP/2. The core's "Connection: close" ends this stream
            // only: the answer ends it, and the connection stays for the others.
            SseResponse.http2Fields(response.headers())
                    .forEach((name, values) -> exchange.getResponseHeaders().putAll(new HttpString(name), values));
            return;
        }
        copyHeaders(response.headers(), exchange.getResponseHeaders());
        if (response.closesConnection()) {
            exchange.setPersistent(false);
        }
    }

    // tag::open-stream[]
    private void openStream(HttpServerExchange exchange, SseResponse.Stream response) {
        try {
            head(exchange, response);
            HeaderMap headers = exchange.getResponseHeaders();
            headers.remove(Headers.CONTENT_LENGTH); // API-003; over HTTP/2 too (RFC 9113 8.1.1)
            if (!isHttp2(exchange)) { // over HTTP/2, DATA frames delimit the body and END_STREAM ends it
                // The body is delimited by closing the connection (as Undertow's own SSE handler does), so every
                // write reaches the socket as it is, and HTTP/1.0 needs nothing else (HTTP-008). Chunked
                // framing would add nothing an event stream needs, and Undertow 2.4.4's chunked array write corrupts
                // a chunk it continues after a partial write (IllegalArgumentException from ByteBuffer.limit under
                // backpressure).
                exchange.setPersistent(false);
                RequestGate.of(exchange).streamOpened();
            }
            StreamSinkChannel channel = exchange.getResponseChannel();
            UndertowTransport transport = new UndertowTransport(exchange, channel,
                    ioQueues.computeIfAbsent(exchange.getIoThread(), IoThreadQueue::new), onStreamGone);
            streams.incrementAndGet();
            transport.open(response);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "opening a stream failed", e);
            IoUtils.safeClose(exchange.getConnection()); // API-035: a stream that cannot be opened closes
        }
    }
    // end::open-stream[]

    private static SseRequest toRequest(HttpServerExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.computeIfAbsent(values.getHeaderName().toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(values);
        }
        String query = exchange.getQueryString();
        return new SseRequest(exchange.getRequestMethod().toString(), rawPath(exchange),
                query == null || query.isEmpty() ? null : query, Collections.unmodifiableMap(headers), body,
                exchange.getProtocol().toString());
    }

    /** The path as sent (still percent-encoded), like the query string. */
    private static String rawPath(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("://");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }

    private static void copyHeaders(Map<String, List<String>> from, HeaderMap to) {
        from.forEach((name, values) -> to.putAll(new HttpString(name), values));
    }
}
