package dev.ssekit.server.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.AttributeKey;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * One HTTP/1.1 connection as the adapter sees it: its {@link RequestDecoder} and the two ways it ends. Confined to
 * the connection's event loop.
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

    private RequestDecoder decoder;
    private boolean closing;   // a response that ends the connection was started: later requests are not answered
    private boolean closed;

    private Connection(ChannelHandlerContext handlerCtx) {
        this.handlerCtx = handlerCtx;
    }

    /**
     * Takes over a new Vert.x connection before any byte of it is decoded: puts a {@link RequestDecoder} in place of
     * Vert.x's.
     */
    static Connection attach(HttpConnection vertxConnection, HttpServerOptions options) {
        ChannelHandlerContext ctx = ((HttpServerConnection) vertxConnection).channelHandlerContext();
        Connection c = new Connection(ctx);
        c.decoder = new RequestDecoder(options, c);
        ctx.pipeline().replace(RequestDecoder.NAME, RequestDecoder.NAME, c.decoder);
        ctx.channel().attr(KEY).set(c);
        return c;
    }

    static Connection of(HttpServerRequest request) {
        return ((HttpServerConnection) request.connection()).channelHandlerContext().channel().attr(KEY).get();
    }

    boolean closing() {
        return closing || closed;
    }

    // ---- reported by the decoder ----

    void channelClosed() {
        closed = true;
    }

    // ---- the request's body ----

    /** {@link dev.ssekit.server.SseCore#admit} let the head through: the decoder may read its body now. */
    void admitBody() {
        decoder.admitBody();
    }

    // ---- ends of responses ----

    /**
     * The response being written ends the connection: nothing after it is read or answered, and the connection closes
     * once {@code written} completes.
     */
    void closeAfter(Future<?> written) {
        closing = true;
        decoder.discard();
        written.onComplete(ar -> close());
    }

    /** Marks the connection as ending after its current response (HTTP/1.0 streams, refusals). */
    void endsAfterResponse() {
        closing = true;
        decoder.discard();
    }

    /** Closes the connection now; what was flushed before still reaches the client. */
    void close() {
        closing = true;
        handlerCtx.close();
    }

    /**
     * Drops the connection now, queued bytes included (API-032): every write still queued in Netty is failed and
     * released. When bytes are queued the client has stopped reading, so the socket is reset rather than closed, and
     * the kernel drops what it holds for it too.
     */
    void abort() {
        closing = true;
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
