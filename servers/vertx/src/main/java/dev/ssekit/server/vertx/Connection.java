package dev.ssekit.server.vertx;

import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.x connection as the adapter sees it (an HTTP/2 one is an {@link H2Connection}): its {@link RequestDecoder}, the request deadline (API-030), and the
 * two ways it ends. Confined to the connection's event loop.
 *
 * <p>Closing goes past Vert.x: {@code HttpConnection.close()} first writes an empty buffer and closes only once that
 * write is flushed, so a client that stops reading keeps its connection, and everything queued for it, for ever.
 * {@link #abort()} closes the Netty channel from the Vert.x handler's context, which fails (and frees) every queued
 * write at once.
 *
 * <p>The deadline: a connection must deliver a whole request within {@code requestTimeoutMs} of being accepted or of
 * the end of its previous response. {@link #wholeRequests} counts the requests that have arrived whole and whose
 * response has not ended; the deadline runs only while it is zero, so an open event stream (a response in progress)
 * is never cut. One timer per connection at most, none while a response is in progress.
 */
final class Connection implements Carrier {

    private static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

    /** How long a closing connection keeps reading, and dropping, what its client still sends. */
    static final long LINGER_MS = 2_000;

    private final SseCore core;
    /** The Vert.x handler's context: closing from here skips Vert.x's flush-first close. */
    private final ChannelHandlerContext handlerCtx;
    private final long timeoutMs;
    private final Runnable fire = this::deadlinePassed;

    private RequestDecoder decoder;
    private ScheduledFuture<?> deadline;
    private int wholeRequests;
    private boolean answered;  // a response has ended here: an idle keep-alive connection closes without 408
    private boolean partial;   // bytes of a request that is not whole yet have arrived
    private boolean closing;   // a response that ends the connection was started: later requests are not answered
    private boolean closed;

    private Connection(SseCore core, ChannelHandlerContext handlerCtx) {
        this.core = core;
        this.handlerCtx = handlerCtx;
        this.timeoutMs = core.config().requestTimeoutMs();
    }

    /**
     * Takes over a new Vert.x connection before any byte of it is decoded: puts a {@link RequestDecoder} in place of
     * Vert.x's and starts the request deadline, which counts from the accept when a {@link PrefaceSniffer} kept it
     * until now.
     */
    static Connection attach(HttpConnection vertxConnection, SseCore core, HttpServerOptions options) {
        ChannelHandlerContext ctx = ((HttpServerConnection) vertxConnection).channelHandlerContext();
        Connection c = new Connection(core, ctx);
        c.decoder = new RequestDecoder(options, c);
        ctx.pipeline().replace(RequestDecoder.NAME, RequestDecoder.NAME, c.decoder);
        ctx.channel().attr(KEY).set(c);
        Long accepted = ctx.channel().attr(PrefaceSniffer.ACCEPTED).get();
        long spentMs = accepted == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted);
        c.arm(Math.max(0, c.timeoutMs - spentMs));
        return c;
    }

    static Connection of(HttpServerRequest request) {
        return of(((HttpServerConnection) request.connection()).channelHandlerContext().channel());
    }

    /** The connection attached to {@code channel}, or null. */
    static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    @Override
    public boolean closing() {
        return closing || closed;
    }

    @Override
    public boolean http2() {
        return false;
    }

    // ---- reported by the decoder ----

    void requestWhole() {
        wholeRequests++;
        disarm();
    }

    void partial(boolean partial) {
        this.partial = partial;
    }

    void channelClosed() {
        closed = true;
        disarm();
    }

    // ---- the request's body ----

    /** {@link dev.ssekit.server.SseCore#admit} let the head through: the decoder may read its body now. */
    @Override
    public void admitBody() {
        decoder.admitBody();
    }

    // ---- ends of responses ----

    /** A response to a whole request has ended (written, or failed with the connection): the next may come. */
    @Override
    public void responseEnded() {
        answered = true;
        if (wholeRequests > 0) {
            wholeRequests--;
        }
        if (wholeRequests == 0 && !closing()) {
            arm(timeoutMs);
        }
        decoder.answerTaken();
    }

    /** Whole requests whose response has not ended. */
    int unanswered() {
        return wholeRequests;
    }

    /**
     * The response being written ends the connection: nothing after it is read or answered, and the connection closes
     * once {@code written} completes. The deadline stays (or is put) in force, so a client that does not read this
     * last response cannot keep the connection.
     */
    @Override
    public void closeAfter(Future<?> written) {
        closing = true;
        decoder.discard();
        if (deadline == null && !closed) {
            deadline = handlerCtx.executor().schedule(fire, timeoutMs, TimeUnit.MILLISECONDS);
        }
        written.onComplete(ar -> close());
    }

    /** Marks the connection as ending after its current response (HTTP/1.0 streams, refusals). */
    @Override
    public void endsAfterResponse() {
        closing = true;
        decoder.discard();
    }

    /**
     * Closes the connection after what was flushed: a lingering close. The client may still be sending (the body of a
     * refused request); closing the socket now would reset the connection, and a client that is still writing would
     * fail before it reads the answer. So the output is shut (the client reads the answer, then the end), what comes
     * in is read and dropped until the client closes, and the connection is dropped after {@link #LINGER_MS} at most.
     */
    @Override
    public void close() {
        closing = true;
        disarm();
        Channel ch = handlerCtx.channel();
        if (ch instanceof DuplexChannel d && ch.isActive() && !d.isOutputShutdown()) {
            decoder.discard();
            d.shutdownOutput().addListener(f -> {
                if (!f.isSuccess()) {
                    handlerCtx.close();
                }
            });
            deadline = handlerCtx.executor().schedule(fire, Math.min(LINGER_MS, timeoutMs), TimeUnit.MILLISECONDS);
        } else {
            handlerCtx.close();
        }
    }

    /**
     * Drops the connection now, queued bytes included (API-032): every write still queued in Netty is failed and
     * released. When bytes are queued the client has stopped reading, so the socket is reset rather than closed, and
     * the kernel drops what it holds for it too.
     */
    @Override
    public void abort() {
        closing = true;
        disarm();
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

    // ---- the request deadline (API-030) ----

    private void arm(long delayMs) {
        disarm();
        if (!closed) {
            deadline = handlerCtx.executor().schedule(fire, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            deadline = null;
            d.cancel(false);
        }
    }

    private void deadlinePassed() {
        deadline = null;
        if (closed) {
            return;
        }
        if (closing || wholeRequests > 0) {
            abort(); // the last response was never taken: nothing more is owed
            return;
        }
        closing = true;
        decoder.discard();
        if (!answered || partial) {
            SseResponse.Full timedOut = core.requestTimedOut(); // counts it in requestsTimedOut
            // No Vert.x response exists for a request that never arrived whole: the 408 goes out as bytes, past the
            // HTTP encoder, from the pipeline's first context; the connection closes once they are flushed.
            deadline = handlerCtx.executor().schedule(fire, Math.min(LINGER_MS, timeoutMs), TimeUnit.MILLISECONDS);
            handlerCtx.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(timedOut.toHttp11()))
                    .addListener(f -> close());
        } else {
            close(); // an idle keep-alive connection: nothing of a next request came, so no 408 and no count
        }
    }
}
