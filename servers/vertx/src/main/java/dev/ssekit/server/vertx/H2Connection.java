package dev.ssekit.server.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 connection's share of the request deadline (API-030): while it has no open stream it may stay idle for
 * {@code timeoutMs}, after which it is closed with GOAWAY, as an idle HTTP/1.1 keep-alive connection is closed. Each
 * stream is its own exchange ({@link H2Stream}); the codec bounds the rest (header list size, concurrent streams,
 * flow control). Confined to the connection's event loop.
 */
final class H2Connection extends Http2ConnectionAdapter {

    private final HttpConnection vertxConnection;
    private final ChannelHandlerContext ctx;
    private final Http2Connection codec;
    private final long timeoutMs;
    private ScheduledFuture<?> idle;

    private H2Connection(HttpConnection vertxConnection, ChannelHandlerContext ctx, Http2Connection codec,
            long timeoutMs) {
        this.vertxConnection = vertxConnection;
        this.ctx = ctx;
        this.codec = codec;
        this.timeoutMs = timeoutMs;
    }

    /** True when {@code conn} speaks HTTP/2 (ALPN h2, or h2c by prior knowledge). */
    static boolean isHttp2(HttpConnection conn) {
        return ((HttpServerConnection) conn).channelHandlerContext().handler() instanceof Http2ConnectionHandler;
    }

    static void attach(HttpConnection conn, long timeoutMs) {
        ChannelHandlerContext ctx = ((HttpServerConnection) conn).channelHandlerContext();
        Http2Connection codec = ((Http2ConnectionHandler) ctx.handler()).connection();
        H2Connection c = new H2Connection(conn, ctx, codec, timeoutMs);
        codec.addListener(c);
        ctx.channel().closeFuture().addListener(f -> c.disarm());
        if (codec.numActiveStreams() == 0) {
            c.arm();
        }
    }

    @Override
    public void onStreamActive(Http2Stream stream) {
        disarm();
    }

    @Override
    public void onStreamClosed(Http2Stream stream) {
        if (codec.numActiveStreams() == 0) {
            arm();
        }
    }

    private void arm() {
        disarm();
        if (ctx.channel().isActive()) {
            idle = ctx.executor().schedule(this::idlePassed, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        ScheduledFuture<?> t = idle;
        if (t != null) {
            idle = null;
            t.cancel(false);
        }
    }

    private void idlePassed() {
        idle = null;
        if (codec.numActiveStreams() == 0) {
            vertxConnection.close(); // GOAWAY, then the close
        }
    }
}
