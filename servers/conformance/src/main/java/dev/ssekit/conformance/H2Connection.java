package dev.ssekit.conformance;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One HTTP/2 connection of the check, on Netty's codec: h2 over TLS (ALPN offers h2 alone) or h2c with prior
 * knowledge. Streams are read by blocking callers ({@link H2Exchange}) from a queue each; the credit of a stream
 * (WINDOW_UPDATE) is given back only as its reader consumes what came, so a reader that stops reading stops the
 * server's sending, and what a stream holds unread is bounded by {@link #STREAM_WINDOW}. Header validation is off:
 * connection-specific fields reach the checks, which report them (H2-001) instead of the codec refusing the stream.
 */
final class H2Connection implements Closeable {

    /** Credit a stream has outstanding: the most it holds unread. */
    static final int STREAM_WINDOW = 64 * 1024;
    /** Credit of the whole connection: enough for many streams at their full window. */
    static final int CONNECTION_WINDOW = 16 << 20;

    private static EventLoopGroup group;

    private final Channel channel;
    private final Http2ConnectionHandler handler;
    private final ChannelHandlerContext ctx;
    private final Map<Integer, H2Stream> streams = new ConcurrentHashMap<>();
    private final CompletableFuture<Http2Settings> remoteSettings;
    private volatile String gone;

    private H2Connection(Channel channel, Http2ConnectionHandler handler, CompletableFuture<Http2Settings> remoteSettings) {
        this.channel = channel;
        this.handler = handler;
        this.ctx = channel.pipeline().context(handler);
        this.remoteSettings = remoteSettings;
    }

    /** Daemon threads: a run that ends leaves nothing to shut down. */
    private static synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("sse-kit-check-h2", true),
                    NioIoHandler.newFactory());
        }
        return group;
    }

    /**
     * Connects, negotiates h2 (over TLS by ALPN, else prior knowledge) and waits for the server's SETTINGS.
     *
     * @throws IOException when nothing answers, TLS fails, the server does not pick h2, or sends no SETTINGS in time
     */
    static H2Connection open(Target target, int connectTimeoutMs) throws IOException {
        return open(target, connectTimeoutMs, 0);
    }

    static H2Connection open(Target target, int connectTimeoutMs, int receiveBuffer) throws IOException {
        boolean tls = "https".equals(target.scheme());
        SSLEngine engine = tls ? engine(target) : null;
        CompletableFuture<Http2Settings> settings = new CompletableFuture<>();
        Holder holder = new Holder();
        Bootstrap b = new Bootstrap().group(group()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (engine != null) {
                            ch.pipeline().addLast(new SslHandler(engine));
                        }
                        Listener l = new Listener(holder, settings);
                        Http2Connection conn = new DefaultHttp2Connection(false);
                        Http2ConnectionHandler h = new Http2ConnectionHandlerBuilder()
                                .connection(conn)
                                .frameListener(l)
                                // the checker must see connection-specific fields to report them (H2-001)
                                .validateHeaders(false)
                                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(STREAM_WINDOW)
                                        .pushEnabled(false))
                                .gracefulShutdownTimeoutMillis(0)
                                .build();
                        conn.addListener(new Http2ConnectionAdapter() {
                            @Override
                            public void onStreamClosed(Http2Stream stream) {
                                holder.offer(stream.id(), new Closed("the stream was closed"));
                            }
                        });
                        ch.pipeline().addLast(h);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelInactive(ChannelHandlerContext c) {
                                holder.connectionGone("the connection closed");
                                settings.completeExceptionally(new IOException("the connection closed before the server's SETTINGS"));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext c, Throwable e) {
                                settings.completeExceptionally(e);
                                holder.connectionGone("the connection failed: " + e);
                                c.close();
                            }
                        });
                    }
                });
        if (receiveBuffer > 0) {
            b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        ChannelFuture f = b.connect(new InetSocketAddress(target.host(), target.port()));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs);
        if (!f.awaitUninterruptibly(connectTimeoutMs)) {
            f.cancel(true);
            throw new IOException("connect timed out after " + connectTimeoutMs + " ms");
        }
        if (!f.isSuccess()) {
            throw new IOException(String.valueOf(f.cause().getMessage()), f.cause());
        }
        Channel ch = f.channel();
        try {
            if (engine != null) {
                SslHandler ssl = ch.pipeline().get(SslHandler.class);
                io.netty.util.concurrent.Future<Channel> hs = ssl.handshakeFuture();
                if (!hs.awaitUninterruptibly(remaining(deadline))) {
                    throw new IOException("the TLS handshake did not finish within " + connectTimeoutMs + " ms");
                }
                if (!hs.isSuccess()) {
                    throw new IOException("TLS: " + hs.cause().getMessage(), hs.cause());
                }
                String alpn = engine.getApplicationProtocol();
                if (!"h2".equals(alpn)) {
                    throw new IOException("the server did not pick h2 by ALPN (" + (alpn == null || alpn.isEmpty()
                            ? "it negotiated no protocol" : "it picked " + alpn) + ")");
                }
            }
            Http2ConnectionHandler h = ch.pipeline().get(Http2ConnectionHandler.class);
            H2Connection c = new H2Connection(ch, h, settings);
            holder.connection = c;
            settings.get(remaining(deadline), TimeUnit.MILLISECONDS);
            c.onLoop(() -> {
                Http2Stream s = h.connection().connectionStream();
                h.connection().local().flowController().incrementWindowSize(s, CONNECTION_WINDOW - h.connection()
                        .local().flowController().windowSize(s));
                c.handler.flush(c.ctx);
                return null;
            });
            return c;
        } catch (ExecutionException e) {
            ch.close();
            Throwable cause = e.getCause();
            throw new IOException("no HTTP/2 from the server: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no HTTP/2 from the server: its SETTINGS did not come within " + connectTimeoutMs
                    + " ms" + (engine == null ? " (does it speak h2c with prior knowledge?)" : ""));
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static SSLEngine engine(Target target) throws IOException {
        ClientOptions client = target.client();
        SSLEngine e = client.sslContext().createSSLEngine(target.host(), target.port());
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        if (!client.insecure()) {
            // the name is checked as a browser does
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        p.setApplicationProtocols(new String[] {"h2"});
        e.setSSLParameters(p);
        return e;
    }

    /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, or -1 when it set none (no limit). */
    long maxConcurrentStreams() {
        Long v = remoteSettings.getNow(new Http2Settings()).maxConcurrentStreams();
        return v == null ? -1 : v;
    }

    /** Why the connection is gone, or null while it is open. */
    String gone() {
        return gone;
    }

    /** Opens a stream with {@code headers} (and {@code body} as its DATA); the stream's frames queue up for its reader. */
    H2Stream open(Http2Headers headers, byte[] body) throws IOException {
        return onLoop(() -> {
            int id = handler.connection().local().incrementAndGetNextStreamId();
            H2Stream s = new H2Stream(this, id);
            streams.put(id, s);
            ChannelFuture sent = handler.encoder().writeHeaders(ctx, id, headers, 0, body == null, ctx.newPromise());
            if (body != null) {
                handler.encoder().writeData(ctx, id, Unpooled.wrappedBuffer(body), 0, true, ctx.newPromise());
            }
            handler.flush(ctx);
            if (sent.isDone() && !sent.isSuccess()) {
                streams.remove(id);
                throw new IOException("the stream could not be opened: " + sent.cause().getMessage(), sent.cause());
            }
            sent.addListener(x -> {
                if (!x.isSuccess()) {
                    s.offer(new Closed("the request could not be sent: " + x.cause()));
                }
            });
            return s;
        });
    }

    /** Gives {@code n} bytes of credit back for a stream, now that its reader consumed them. */
    void consumed(int id, int n) {
        channel.eventLoop().execute(() -> {
            Http2Stream st = handler.connection().stream(id);
            if (st == null) {
                return; // closed: the codec gave its unconsumed bytes back to the connection then
            }
            try {
                if (handler.connection().local().flowController().consumeBytes(st, n)) {
                    handler.flush(ctx);
                }
            } catch (Http2Exception e) {
                handler.onError(ctx, false, e);
            }
        });
    }

    /** Resets a stream (RST_STREAM CANCEL), as a client that goes away does. */
    void reset(int id) {
        channel.eventLoop().execute(() -> {
            streams.remove(id);
            Http2Stream st = handler.connection().stream(id);
            if (st != null) {
                handler.resetStream(ctx, id, Http2Error.CANCEL.code(), ctx.newPromise());
                handler.flush(ctx);
            }
        });
    }

    void forget(int id) {
        streams.remove(id);
    }

    /** Closes at once: no GOAWAY wait. */
    @Override
    public void close() {
        channel.close();
    }

    private interface Task<T> {
        T run() throws Exception;
    }

    private <T> T onLoop(Task<T> task) throws IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            try {
                f.complete(task.run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(Exchange.CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c.getMessage()), c);
        } catch (TimeoutException e) {
            throw new IOException("the connection's event loop did not answer", e);
        }
    }

    /** What a stream's reader takes from its queue. */
    sealed interface Frame permits Head, Data, Reset, Closed {
    }

    /** A HEADERS frame: the response head, an interim one, or trailers. */
    record Head(Http2Headers headers, boolean end) implements Frame {
    }

    /** A DATA frame's payload (its padding was given back at once). */
    record Data(byte[] bytes, boolean end) implements Frame {
    }

    /** RST_STREAM from the server. */
    record Reset(long code) implements Frame {
        String describe() {
            Http2Error e = Http2Error.valueOf(code);
            return "the server reset the stream (RST_STREAM " + (e == null ? "0x" + Long.toHexString(code) : e.name()) + ")";
        }
    }

    /** The stream or the whole connection closed; the reason says which. */
    record Closed(String why) implements Frame {
    }

    /** One stream's queue: filled on the event loop, read by the blocking {@link H2Exchange}. */
    static final class H2Stream {
        final H2Connection connection;
        final int id;
        private final BlockingQueue<Frame> queue = new LinkedBlockingQueue<>();

        H2Stream(H2Connection connection, int id) {
            this.connection = connection;
            this.id = id;
        }

        void offer(Frame f) {
            queue.add(f);
        }

        Frame poll(long ms) throws InterruptedException {
            return queue.poll(ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Lets the listener, made before the connection, reach its streams. */
    private static final class Holder {
        volatile H2Connection connection;

        void offer(int id, Frame f) {
            H2Connection c = connection;
            H2Stream s = c == null ? null : c.streams.get(id);
            if (s != null) {
                s.offer(f);
            }
        }

        boolean has(int id) {
            H2Connection c = connection;
            return c != null && c.streams.containsKey(id);
        }

        void connectionGone(String why) {
            H2Connection c = connection;
            if (c != null) {
                c.gone = why;
                c.streams.values().forEach(s -> s.offer(new Closed(why)));
            }
        }
    }

    /** Frames of the server, on the event loop. */
    private static final class Listener extends Http2FrameAdapter {
        private final Holder holder;
        private final CompletableFuture<Http2Settings> settings;

        Listener(Holder holder, CompletableFuture<Http2Settings> settings) {
            this.holder = holder;
            this.settings = settings;
        }

        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings s) {
            settings.complete(s);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endStream) {
            holder.offer(streamId, new Head(headers, endStream));
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endStream) {
            holder.offer(streamId, new Head(headers, endStream));
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int n = data.readableBytes();
            if (!holder.has(streamId)) {
                return n + padding; // nobody reads it: credit back at once
            }
            holder.offer(streamId, new Data(ByteBufUtil.getBytes(data), endOfStream));
            // the payload's credit comes back as the reader consumes it (H2Connection#consumed)
            return padding;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            holder.offer(streamId, new Reset(errorCode));
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            H2Connection c = holder.connection;
            if (c != null) {
                Http2Error e = Http2Error.valueOf(errorCode);
                String why = "the server sent GOAWAY " + (e == null ? "0x" + Long.toHexString(errorCode) : e.name())
                        + (debugData.isReadable() ? " " + debugData.toString(StandardCharsets.UTF_8) : "");
                c.gone = why;
                c.streams.forEach((id, s) -> {
                    if (id > lastStreamId) {
                        s.offer(new Closed(why));
                    }
                });
            }
        }
    }
}
