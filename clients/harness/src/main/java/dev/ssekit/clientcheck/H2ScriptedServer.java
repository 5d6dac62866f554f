package dev.ssekit.clientcheck;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The scripts over HTTP/2: HTTPS on 127.0.0.1 with ALPN offering h2 (and http/1.1, so that a client that does not
 * speak h2 is still heard, recorded as such and left not-run rather than blamed for a failed handshake), on Netty's
 * HTTP/2 frame codec. Each scenario gets a port of its own, so a connection-level step (the server closes the
 * connection before answering: GOAWAY and close) ends only that scenario's connection; the client may carry a
 * scenario's attempts on one connection as h2 intends.
 *
 * <p>How the scripts map: the head is a HEADERS frame (END_STREAM when there is no body), each written chunk a DATA
 * frame sent at once, a clean end an empty DATA frame with END_STREAM, a cut RST_STREAM (INTERNAL_ERROR); a stream the
 * script leaves is reset (CANCEL). Requests are recorded from their HEADERS (pseudo-header fields give the method and
 * target; the other fields keep the bytes HPACK carried) and DATA frames.
 *
 * <p>Bounds: at most {@value #MAX_CONNECTIONS} connections per scenario, 100 concurrent streams per connection, a
 * request's header list up to {@value #MAX_HEAD} bytes and its body up to {@value #MAX_BODY} bytes (more resets the
 * stream), every response write awaited (so one chunk per stream is ever queued) within {@value #WRITE_MS} ms, a
 * request complete within {@value #REQUEST_MS} ms of its HEADERS, a TLS handshake within {@value #REQUEST_MS} ms.
 * Unregistering a scenario closes its port and connections; {@link #close()} stops the event loops and the script
 * threads.
 */
final class H2ScriptedServer implements ScriptServer {

    static final int MAX_CONNECTIONS = 16;
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_BODY = 64 * 1024;
    static final long WRITE_MS = 10_000;
    static final long REQUEST_MS = 10_000;

    private final SslContext tls;
    private final EventLoopGroup loops;
    private final Map<String, Port> ports = new ConcurrentHashMap<>();
    private final Set<Thread> scripts = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One scenario's listener and the connections it accepted. */
    private record Port(Stage stage, Channel listener, ChannelGroup connections) {
    }

    H2ScriptedServer(SSLContext serverContext) {
        tls = new JdkSslContext(serverContext, false, Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE,
                new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1),
                ClientAuth.NONE, null, false);
        loops = new MultiThreadIoEventLoopGroup(2, r -> {
            Thread t = new Thread(r, "sse-kit-client-check-h2-loop");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
    }

    @Override
    public String requiredProtocol() {
        return RecordedRequest.H2;
    }

    @Override
    public String url(String key, String pathName) {
        Port p = ports.get(key);
        if (p == null) {
            throw new IllegalStateException("no port for scenario key " + key);
        }
        return "https://127.0.0.1:" + ((InetSocketAddress) p.listener().localAddress()).getPort() + "/c/" + key + "/"
                + pathName;
    }

    @Override
    public void register(String key, Stage stage) {
        if (closed) {
            throw new IllegalStateException("the HTTP/2 script server is closed");
        }
        ChannelGroup connections = new DefaultChannelGroup("client-check-" + key, GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.size() >= MAX_CONNECTIONS) {
                            ch.close();
                            return;
                        }
                        connections.add(ch);
                        SslHandler ssl = tls.newHandler(ch.alloc());
                        ssl.setHandshakeTimeoutMillis(REQUEST_MS);
                        ch.pipeline().addLast(ssl, new Negotiated(stage));
                    }
                });
        ChannelFuture bound = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (!bound.awaitUninterruptibly(WRITE_MS) || !bound.isSuccess()) {
            bound.channel().close();
            throw new UncheckedIOException(new IOException("cannot listen on 127.0.0.1 for HTTP/2", bound.cause()));
        }
        ports.put(key, new Port(stage, bound.channel(), connections));
    }

    @Override
    public void unregister(String key) {
        Port p = ports.remove(key);
        if (p != null) {
            p.listener().close().awaitUninterruptibly(WRITE_MS);
            p.connections().close().awaitUninterruptibly(WRITE_MS);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String key : List.copyOf(ports.keySet())) {
            unregister(key);
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        for (Thread t : scripts) {
            t.interrupt();
        }
        for (Thread t : scripts) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Plays a complete request on a thread of its own (scripts pause and wait), as the HTTP/1.1 server does. */
    private void dispatch(Stage stage, RecordedRequest req, Wire wire) {
        Thread t = new Thread(() -> {
            try {
                String[] parts = req.target().split("[/?]");
                if (req.method().equals("OPTIONS")) {
                    wire.head(204, List.of(new Wire.Field("Access-Control-Allow-Origin", "*"),
                            new Wire.Field("Access-Control-Allow-Methods", "*"),
                            new Wire.Field("Access-Control-Allow-Headers", "*"),
                            new Wire.Field("Access-Control-Max-Age", "600")), false);
                } else if (parts.length < 4 || !parts[1].equals("c") || ports.get(parts[2]) == null
                        || ports.get(parts[2]).stage() != stage) {
                    wire.head(404, List.of(), false);
                } else {
                    stage.serve(parts[3], req, wire);
                }
            } catch (IOException e) {
                // the client went away: the stage has already noted what it needs
            } finally {
                wire.finish();
                scripts.remove(Thread.currentThread());
            }
        }, "sse-kit-client-check-h2-script");
        t.setDaemon(true);
        scripts.add(t);
        t.start();
    }

    /** After the TLS handshake: h2 as ALPN chose it, else HTTP/1.1. */
    private final class Negotiated extends ApplicationProtocolNegotiationHandler {
        private final Stage stage;

        Negotiated(Stage stage) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.stage = stage;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100).maxHeaderListSize(MAX_HEAD))
                        .gracefulShutdownTimeoutMillis(0) // a closing connection does not wait for its streams
                        .build(), new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                            @Override
                            protected void initChannel(Http2StreamChannel ch) {
                                ch.pipeline().addLast(new StreamRequest(stage));
                            }
                        }));
            } else {
                ctx.pipeline().addLast(new HttpServerCodec(8192, MAX_HEAD, 8192), new HttpObjectAggregator(MAX_BODY),
                        new Http1Request(stage));
            }
        }
    }

    /** Gathers one stream's HEADERS and DATA into a request, then hands it to the script. */
    private final class StreamRequest extends ChannelInboundHandlerAdapter {
        private final Stage stage;
        private Http2Headers headers;
        private long arrived;
        private ByteBuf body;
        private ScheduledFuture<?> deadline;

        StreamRequest(Stage stage) {
            this.stage = stage;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h && headers == null) {
                    headers = h.headers();
                    arrived = System.nanoTime();
                    body = ctx.alloc().buffer();
                    deadline = ctx.executor().schedule(() -> {
                        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
                    }, REQUEST_MS, TimeUnit.MILLISECONDS);
                    if (h.isEndStream()) {
                        complete(ctx);
                    }
                } else if (msg instanceof Http2DataFrame d && body != null) {
                    if (body.readableBytes() + d.content().readableBytes() > MAX_BODY) {
                        release();
                        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                        return;
                    }
                    body.writeBytes(d.content());
                    if (d.isEndStream()) {
                        complete(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void complete(ChannelHandlerContext ctx) {
            deadline.cancel(false);
            List<RecordedRequest.Header> fields = new ArrayList<>();
            String method = "GET";
            String target = "/";
            for (Map.Entry<CharSequence, CharSequence> e : headers) {
                String name = e.getKey().toString();
                if (name.equals(":method")) {
                    method = e.getValue().toString();
                } else if (name.equals(":path")) {
                    target = e.getValue().toString();
                } else if (!name.startsWith(":")) {
                    fields.add(new RecordedRequest.Header(name, bytes(e.getValue())));
                }
            }
            byte[] b = ByteBufUtil.getBytes(body);
            release();
            dispatch(stage, new RecordedRequest(method, target, List.copyOf(fields), b, arrived, RecordedRequest.H2),
                    new StreamWire((Http2StreamChannel) ctx.channel()));
        }

        private void release() {
            if (body != null) {
                body.release();
                body = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            release();
            if (deadline != null) {
                deadline.cancel(false);
            }
            ctx.fireChannelInactive();
        }
    }

    /** The raw bytes HPACK delivered (Netty keeps them one char per byte). */
    private static byte[] bytes(CharSequence value) {
        return value instanceof AsciiString a ? a.toByteArray() : value.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Awaits a write within its deadline: the client went away when it fails or does not finish. */
    private static void await(ChannelFuture f) throws IOException {
        if (!f.awaitUninterruptibly(WRITE_MS)) {
            throw new IOException("a write did not finish within " + WRITE_MS + " ms (the client does not read)");
        }
        if (!f.isSuccess()) {
            throw new IOException("the write failed: " + f.cause(), f.cause());
        }
    }

    /** One HTTP/2 stream's response. */
    private static final class StreamWire implements Wire {
        private final Http2StreamChannel ch;
        private volatile boolean ended;

        StreamWire(Http2StreamChannel ch) {
            this.ch = ch;
        }

        @Override
        public String protocol() {
            return RecordedRequest.H2;
        }

        @Override
        public void drop(boolean reset) throws IOException {
            ended = true;
            if (reset) {
                await(ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR)));
            } else {
                // the connection-level close: GOAWAY, then the connection ends (and every stream on it)
                ch.parent().close().awaitUninterruptibly(WRITE_MS);
            }
        }

        @Override
        public void head(int status, List<Field> fields, boolean body) throws IOException {
            Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status));
            for (Field f : fields) {
                String name = f.name().toLowerCase(Locale.ROOT);
                if (Wire.CONNECTION_SPECIFIC.contains(name)) {
                    continue; // ScenarioRun leaves scenarios that need them not-applicable over h2
                }
                h.add(name, f.value());
            }
            ended = !body;
            await(ch.writeAndFlush(new DefaultHttp2HeadersFrame(h, !body)));
        }

        @Override
        public void data(byte[] bytes) throws IOException {
            await(ch.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes.clone()), false)));
        }

        @Override
        public void end() throws IOException {
            if (!ended) {
                ended = true;
                await(ch.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true)));
            }
        }

        @Override
        public void reset() throws IOException {
            ended = true;
            await(ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR)));
        }

        @Override
        public void finish() {
            if (!ended && ch.isActive()) {
                ended = true;
                ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL)).awaitUninterruptibly(WRITE_MS);
            }
        }
    }

    /** A request over HTTP/1.1 (a client that did not choose h2): heard and recorded as such. */
    private final class Http1Request extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Stage stage;

        Http1Request(Stage stage) {
            this.stage = stage;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest r) {
            long arrived = System.nanoTime();
            List<RecordedRequest.Header> fields = new ArrayList<>();
            r.headers().iteratorCharSequence().forEachRemaining(e -> fields.add(new RecordedRequest.Header(e.getKey().toString(),
                    bytes(e.getValue()))));
            ctx.channel().config().setAutoRead(false); // one request per connection: each response closes it
            dispatch(stage, new RecordedRequest(r.method().name(), r.uri(), List.copyOf(fields), ByteBufUtil.getBytes(r.content()),
                    arrived, r.protocolVersion().text()), new Http1Wire(ctx.channel()));
        }
    }

    /** HTTP/1.1 over the TLS connection: every response is its connection's only one, and closes it. */
    private static final class Http1Wire implements Wire {
        private final Channel ch;
        private boolean chunked;

        Http1Wire(Channel ch) {
            this.ch = ch;
        }

        @Override
        public String protocol() {
            return "HTTP/1.1";
        }

        @Override
        public void drop(boolean reset) {
            if (reset) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            ch.close().awaitUninterruptibly(WRITE_MS);
        }

        @Override
        public void head(int status, List<Field> fields, boolean body) throws IOException {
            DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    new HttpResponseStatus(status, Stage.reason(status)));
            fields.forEach(f -> res.headers().add(f.name(), f.value()));
            boolean noContent = status == 204 || status == 205 || status == 304;
            chunked = body && !noContent;
            if (chunked) {
                res.headers().set("Transfer-Encoding", "chunked");
            } else if (!noContent) {
                res.headers().set("Content-Length", "0");
            }
            res.headers().set("Connection", "close");
            await(ch.writeAndFlush(res));
            if (!chunked) {
                await(ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            }
        }

        @Override
        public void data(byte[] bytes) throws IOException {
            await(ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes.clone()))));
        }

        @Override
        public void end() throws IOException {
            if (chunked) {
                chunked = false;
                await(ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
            }
            ch.close().awaitUninterruptibly(WRITE_MS);
        }

        @Override
        public void reset() {
            drop(true);
        }

        @Override
        public void finish() {
            ch.close().awaitUninterruptibly(WRITE_MS);
        }
    }
}
