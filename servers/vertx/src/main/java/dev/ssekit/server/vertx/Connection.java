package dev.ssekit.server.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.AttributeKey;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * One HTTP/1.1 connection as the adapter sees it. Confined to the connection's event loop.
 *
 * <p>Closing goes past Vert.x: {@code HttpConnection.close()} first writes an empty buffer and closes only once that
 * write is flushed, so a client that stops reading keeps its connection, and everything queued for it, for ever.
 * {@link #abort()} closes the Netty channel from the Vert.x handler's context, which fails (and frees) every queued
 * write at once.
 */
final class Connection {

    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    /** The Vert.x handler's context: closing from here skips Vert.x's flush-first close. */
    private final ChannelHandlerContext handlerCtx;

    private Connection(ChannelHandlerContext handlerCtx) {
        this.handlerCtx = handlerCtx;
    }

    /** Takes over a new Vert.x connection as it is set up. */
    static Connection attach(HttpConnection vertxConnection) {
        ChannelHandlerContext ctx = ((HttpServerConnection) vertxConnection).channelHandlerContext();
        Connection c = new Connection(ctx);
        ctx.channel().attr(KEY).set(c);
        return c;
    }

    static Connection of(HttpServerRequest request) {
        return ((HttpServerConnection) request.connection()).channelHandlerContext().channel().attr(KEY).get();
    }

    /**
     * Drops the connection now, queued bytes included (API-032): every write still queued in Netty is failed and
     * released. When bytes are queued the client has stopped reading, so the socket is reset rather than closed, and
     * the kernel drops what it holds for it too.
     */
    void abort() {
        Channel ch = handlerCtx.channel();
        ChannelOutboundBuffer queued = ch.unsafe().outboundBuffer();
        if (queued != null && queued.totalPendingWriteBytes() > 0 && ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // Not settable (already closing): a plain close still frees Netty's queue.
            }
        }
        handlerCtx.close();
    }
}
