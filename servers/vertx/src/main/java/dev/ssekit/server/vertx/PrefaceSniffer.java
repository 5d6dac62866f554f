package dev.ssekit.server.vertx;

import dev.ssekit.server.SseCore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * On an h2c port, the first handler of every connection: it decides between HTTP/2 by prior knowledge and HTTP/1.x
 * itself, so that an HTTP/1.x connection is set up exactly as on a plain port (API-030, API-031, HTTP-001..005).
 *
 * <p>Why: with h2c on, Vert.x puts its {@code Http1xOrH2CHandler} first; on anything but the preface it builds the
 * HTTP/1.x pipeline with its own decoder and an {@code Http1xUpgradeToH2CHandler}, which creates the connection (and
 * so calls the connection handler, where {@link Connection} puts the strict {@link RequestDecoder} in) only once that
 * decoder has decoded a first request. That request escaped the strict decoder, what came behind it in the same read
 * was handed past the replaced decoder and lost, and a connection that sent nothing had no request deadline.
 *
 * <p>Here the bytes are held until they differ from the preface or are the whole of it. The preface is passed on as it
 * came (Vert.x makes the HTTP/2 connection). Otherwise Vert.x is shown a lone line feed instead (which is not the
 * preface, so it builds the HTTP/1.x pipeline, and which a request decoder skips), and its upgrade handler a stand-in
 * request, which creates the connection at once and is dropped right behind it; so the connection handler has run
 * and the strict decoder is in place before the client's bytes are passed on. {@code Upgrade: h2c} is thereby never
 * seen, as on a plain port: h2c is by prior knowledge only, as on Undertow. Until the decision the request deadline is
 * kept here, from the accept: a connection that sends nothing, or part of the preface, gets the 408 and the close.
 */
final class PrefaceSniffer extends ChannelInboundHandlerAdapter {

    static final String NAME = "ssePrefaceSniffer";

    /** When the connection was accepted ({@link System#nanoTime()}): its first request deadline counts from then. */
    static final AttributeKey<Long> ACCEPTED = AttributeKey.valueOf(PrefaceSniffer.class, "accepted");

    /** RFC 9113 3.4. */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Vert.x's name for its HTTP/1.x-to-h2c upgrade handler. */
    private static final String UPGRADE_HANDLER = "h2c";

    private final SseCore core;
    private final long timeoutMs;
    private ByteBuf held;
    private ScheduledFuture<?> deadline;
    private boolean decided;  // passed on, or timed out: what comes now is not looked at here

    PrefaceSniffer(SseCore core) {
        this.core = core;
        this.timeoutMs = core.config().requestTimeoutMs();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Called once the channel is registered with its event loop.
        ctx.channel().attr(ACCEPTED).set(System.nanoTime());
        deadline = ctx.executor().schedule(() -> deadlinePassed(ctx), timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        decided = true;
        disarm();
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg); // after a timeout; or not bytes, which a fresh socket never reads
            return;
        }
        held = held == null ? in : Unpooled.wrappedBuffer(held, in);
        int n = Math.min(held.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (held.getByte(held.readerIndex() + i) != PREFACE[i]) {
                http1(ctx);
                return;
            }
        }
        if (n == PREFACE.length) {
            passOn(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!decided && !ctx.channel().config().isAutoRead()) {
            ctx.read(); // undecided: more is needed whatever the rest of the pipeline asked
        }
        ctx.fireChannelReadComplete();
    }

    /** The preface: Vert.x's own handler sees it as it came and makes the HTTP/2 connection. */
    private void passOn(ChannelHandlerContext ctx) {
        decided = true;
        disarm();
        ByteBuf bytes = held;
        held = null;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(bytes);
    }

    /** Not the preface: the HTTP/1.x connection is made, with its strict decoder, before any byte is decoded. */
    private void http1(ChannelHandlerContext ctx) {
        decided = true;
        disarm();
        ChannelPipeline pipeline = ctx.pipeline();
        // Not the preface's first byte, so Vert.x builds the HTTP/1.x pipeline; its decoder skips a line feed.
        ctx.fireChannelRead(Unpooled.wrappedBuffer(new byte[] {'\n'}));
        ChannelHandlerContext upgrade = pipeline.context(UPGRADE_HANDLER);
        if (upgrade != null && ctx.channel().isActive()) {
            HttpRequest standIn = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "*");
            pipeline.addAfter(UPGRADE_HANDLER, null, new DropStandIn(standIn));
            try {
                // The upgrade handler creates the connection on the first request it sees, then removes itself.
                ((ChannelInboundHandler) upgrade.handler()).channelRead(upgrade, standIn);
            } catch (Exception e) {
                ctx.close();
            }
        }
        if (Connection.of(ctx.channel()) == null) {
            // No connection was made (closing down: Vert.x answers 503 and closes; or it failed): nothing is read.
            release();
            return;
        }
        ByteBuf bytes = held;
        held = null;
        pipeline.remove(this);
        ctx.fireChannelRead(bytes);
    }

    /** Nothing, or only part of the preface, came in time: a 408, as for any request that is not whole. */
    private void deadlinePassed(ChannelHandlerContext ctx) {
        deadline = null;
        if (decided || !ctx.channel().isActive()) {
            return;
        }
        decided = true;
        release();
        byte[] timedOut = core.requestTimedOut().toHttp11(); // counts it in requestsTimedOut
        ctx.writeAndFlush(Unpooled.wrappedBuffer(timedOut)).addListener(ChannelFutureListener.CLOSE);
        // A client that reads nothing cannot keep it either.
        ctx.executor().schedule(() -> ctx.close(), Math.min(Connection.LINGER_MS, timeoutMs), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            deadline = null;
            d.cancel(false);
        }
    }

    private void release() {
        ByteBuf h = held;
        if (h != null) {
            held = null;
            h.release();
        }
    }

    /** Right behind Vert.x's upgrade handler: drops the stand-in request, once, and goes. */
    private static final class DropStandIn extends ChannelInboundHandlerAdapter {
        private final Object standIn;

        DropStandIn(Object standIn) {
            this.standIn = standIn;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == standIn) {
                ctx.pipeline().remove(this);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }
}
