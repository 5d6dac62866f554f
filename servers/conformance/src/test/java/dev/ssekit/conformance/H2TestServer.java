package dev.ssekit.conformance;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small HTTP/2 event-stream server on Netty's codec, correct or broken in one way: {@code /api/sse} sends an event
 * every {@value #EVENT_MS} ms until the client resets the stream; {@code /api/stats} counts the open streams. Over TLS
 * (ALPN h2 and http/1.1, the server preferring h2) or h2c with prior knowledge; 127.0.0.1 only.
 */
final class H2TestServer implements AutoCloseable {

    static final long EVENT_MS = 50;

    enum Fault {
        NONE,
        /** {@code connection: keep-alive} on the stream's response (H2-001). */
        CONNECTION_HEADER,
        /** {@code content-length} on the stream's response (H2-002). */
        CONTENT_LENGTH,
        /** SETTINGS_MAX_CONCURRENT_STREAMS 10 (H2-003). */
        TEN_STREAMS,
        /** A reset stream takes the whole connection with it (H2-004). */
        RESET_ENDS_ALL,
        /** Not a fault: a stream that opens and stays quiet (no event), which the checks cannot judge. */
        QUIET
    }

    private static final String PASSWORD = "changeit";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final SSLContext tls;
    private final AtomicInteger active = new AtomicInteger();

    private H2TestServer(Fault fault, SSLContext tls) throws InterruptedException {
        this.tls = tls;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SSLEngine e = tls.createSSLEngine();
                            e.setUseClientMode(false);
                            SSLParameters p = e.getSSLParameters();
                            p.setApplicationProtocols(new String[] {"h2"});
                            e.setSSLParameters(p);
                            ch.pipeline().addLast(new SslHandler(e));
                        }
                        Handler h = new Handler(fault);
                        Http2Settings s = Http2Settings.defaultSettings();
                        if (fault == Fault.TEN_STREAMS) {
                            s.maxConcurrentStreams(10);
                        }
                        Http2ConnectionHandler codec = new Http2ConnectionHandlerBuilder().server(true).frameListener(h)
                                .validateHeaders(false).initialSettings(s).build();
                        h.codec = codec;
                        ch.pipeline().addLast(codec);
                        ch.closeFuture().addListener(x -> h.streams.keySet().forEach(h::stop));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** h2c with prior knowledge. */
    static H2TestServer h2c(Fault fault) throws InterruptedException {
        return new H2TestServer(fault, null);
    }

    /** h2 over TLS with a self-signed certificate for 127.0.0.1, made by keytool in {@code dir}. */
    static H2TestServer tls(Fault fault, Path dir) throws Exception {
        return new H2TestServer(fault, serverContext(dir));
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The target, speaking h2 (h2c over http, ALPN h2 over https), trusting this server's certificate. */
    Target target() throws Exception {
        Target t = Target.of((tls == null ? "http" : "https") + "://127.0.0.1:" + port() + "/api/sse");
        ClientOptions c = t.client().withHttpVersion(HttpVersion.HTTP_2);
        return t.withClient(tls == null ? c : c.withTlsContext(clientContext()));
    }

    /** A client context trusting the server's certificate. */
    SSLContext clientContext() throws Exception {
        return trusting;
    }

    private static SSLContext trusting;

    private static synchronized SSLContext serverContext(Path dir) throws Exception {
        Path ks = dir.resolve("h2-test.p12");
        if (!Files.exists(ks)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        return server;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One connection's requests, on its event loop. */
    private final class Handler extends Http2FrameAdapter {
        private final Fault fault;
        Http2ConnectionHandler codec;
        private final Map<Integer, ScheduledFuture<?>> streams = new ConcurrentHashMap<>();

        Handler(Fault fault) {
            this.fault = fault;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endStream) {
            onHeadersRead(ctx, streamId, headers, padding, endStream);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endStream) {
            String path = headers.path().toString();
            if (path.startsWith("/api/stats")) {
                byte[] body = ("{\"activeStreams\":" + active.get() + ",\"scheduledTasks\":" + active.get() + "}")
                        .getBytes(StandardCharsets.UTF_8);
                Http2Headers h = new DefaultHttp2Headers(false).status("200").set("content-type", "application/json");
                codec.encoder().writeHeaders(ctx, streamId, h, 0, false, ctx.newPromise());
                codec.encoder().writeData(ctx, streamId, Unpooled.wrappedBuffer(body), 0, true, ctx.newPromise());
            } else if (path.startsWith("/api/sse")) {
                Http2Headers h = new DefaultHttp2Headers(false).status("200")
                        .set("content-type", "text/event-stream; charset=utf-8").set("cache-control", "no-store");
                if (fault == Fault.CONNECTION_HEADER) {
                    h.set("connection", "keep-alive");
                }
                if (fault == Fault.CONTENT_LENGTH) {
                    h.set("content-length", "1000000");
                }
                codec.encoder().writeHeaders(ctx, streamId, h, 0, false, ctx.newPromise());
                codec.encoder().writeData(ctx, streamId, utf8("retry: 1000\n\n"), 0, false, ctx.newPromise());
                active.incrementAndGet();
                AtomicInteger n = new AtomicInteger();
                if (fault == Fault.QUIET) {
                    codec.flush(ctx);
                    return;
                }
                streams.put(streamId, ctx.executor().scheduleAtFixedRate(() -> {
                    int id = n.incrementAndGet();
                    codec.encoder().writeData(ctx, streamId, utf8("id: " + id + "\nevent: lol\ndata: " + id + "\n\n"), 0,
                            false, ctx.newPromise());
                    codec.flush(ctx);
                }, 0, EVENT_MS, TimeUnit.MILLISECONDS));
            } else {
                Http2Headers h = new DefaultHttp2Headers(false).status("404");
                codec.encoder().writeHeaders(ctx, streamId, h, 0, true, ctx.newPromise());
            }
            codec.flush(ctx);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            stop(streamId);
            if (fault == Fault.RESET_ENDS_ALL) {
                ctx.close();
            }
        }

        private void stop(int streamId) {
            ScheduledFuture<?> f = streams.remove(streamId);
            if (f != null) {
                f.cancel(false);
                active.decrementAndGet();
            }
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            return data.readableBytes() + padding;
        }
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }
}
