package dev.ssekit.server.vertx;

import dev.ssekit.server.MalformedHead;
import dev.ssekit.server.SseCore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Vert.x's request decoder, made to pass every request head to {@link SseCore#admit} before any of its body is read
 * (API-031, HTTP-001..003). It replaces Vert.x's decoder when a connection is accepted, before any byte is decoded.
 *
 * <ul>
 *   <li>Content-Length is kept next to Transfer-Encoding (Netty removes it), so the core sees both.</li>
 *   <li>After a head with Transfer-Encoding nothing more is decoded on the connection: no chunked body is ever
 *       parsed, and nothing after it can be taken for a request; the core refuses such a head and the connection
 *       closes.</li>
 *   <li>After a head with a Content-Length body the decoder holds: the body is decoded only once the adapter has let
 *       the head through ({@link #admitBody()}); a refused head's body is never read ({@link #discard()}).</li>
 *   <li>While {@link #MAX_UNANSWERED} whole requests wait for their answers (a pipelining client that does not read),
 *       nothing more is decoded and reading from the socket pauses.</li>
 *   <li>A version other than HTTP/1.0 and HTTP/1.1 (Vert.x would answer 501 with {@code HTTP/2.0} in the status
 *       line), the HTTP/2 preface, more than {@link SseCore#MAX_HEADER_LINES} header lines, and a TLS handshake where a
 *       request should start make the head invalid, as they do on Undertow; invalid heads are answered in HTTP/1.1 by
 *       the invalid-request handler, in the core's words ({@link MalformedHead}).</li>
 * </ul>
 * It also tells its {@link Connection} when a whole request has arrived and whether a request is half-way in, for the
 * request deadline.
 */
final class RequestDecoder extends VertxHttpRequestDecoder {

    /** The name of Vert.x's decoder in the pipeline, which this one replaces. */
    static final String NAME = "httpDecoder";

    /** Bytes held while a body waits for admission before reading from the socket pauses: a body and some more. */
    private static final int HOLD_LIMIT = SseCore.MAX_BODY_BYTES + 16 * 1024;

    /**
     * Whole requests waiting for their answers before decoding pauses (API-024): a client that pipelines and does not
     * read holds this many decoded requests, not whatever one read of the socket brought (up to a megabyte).
     */
    static final int MAX_UNANSWERED = 16;

    /** A head refused here, past what Netty checks: the problem, for {@link SseCore#malformed}. */
    static final class Refused extends RuntimeException {
        private final transient MalformedHead problem;

        Refused(MalformedHead problem) {
            super(problem.reason(), null, false, false);
            this.problem = problem;
        }

        MalformedHead problem() {
            return problem;
        }
    }

    /** The first byte of a TLS handshake record. */
    private static final int TLS_HANDSHAKE = 0x16;

    private final Connection connection;
    private final Runnable decodeHeld = this::decodeHeld;
    private ChannelHandlerContext ctx;
    private boolean holding;     // a head that announces a body was passed on; its body waits for admission
    private boolean discarding;  // nothing more is decoded on this connection
    private boolean waiting;     // decoding paused: MAX_UNANSWERED requests wait for their answers
    private boolean started;     // a byte of this connection has been decoded
    private boolean pausedReads; // reading from the socket was paused while holding or waiting

    RequestDecoder(HttpServerOptions options, Connection connection) {
        super(options);
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    /** Keeps Content-Length: the core refuses a head with both (HTTP-001), so it must see both. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    }

    /** Netty's stand-in for a head it could not parse says HTTP/1.0; the answer to it is HTTP/1.1 with a close. */
    @Override
    protected HttpMessage createInvalidMessage() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request", Unpooled.buffer(0));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (holding) {
            if (in.readableBytes() > HOLD_LIMIT) {
                pauseReads(ctx);
            }
            return;
        }
        if (connection.unanswered() >= MAX_UNANSWERED) {
            waiting = true; // the rest stays in the socket until answers are taken
            pauseReads(ctx);
            return;
        }
        boolean arrived = in.isReadable();
        if (arrived && !started) {
            started = true;
            if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE) {
                // Netty would skip it as a control character and read the rest as a request line.
                out.add(invalid(MalformedHead.tlsHandshake()));
                discarding = true;
                in.skipBytes(in.readableBytes());
                return;
            }
        }
        int from = out.size();
        super.decode(ctx, in, out);
        boolean ended = false;
        for (int i = from; i < out.size(); i++) {
            Object m = out.get(i);
            if (m instanceof HttpRequest head && !inspect(head)) {
                // Invalid: the head alone goes on, to the invalid-request handler; nothing after it is decoded.
                for (int j = out.size() - 1; j > i; j--) {
                    ReferenceCountUtil.release(out.remove(j));
                }
                discarding = true;
                return;
            }
            if (m instanceof LastHttpContent) {
                ended = true;
                connection.requestWhole();
            }
        }
        if (arrived) {
            connection.partial(holding || !ended || in.isReadable());
        }
    }

    /** Checks a head as it leaves the decoder; false when it is invalid. */
    private boolean inspect(HttpRequest head) {
        if (!head.decoderResult().isSuccess()) {
            return false;
        }
        HttpVersion v = head.protocolVersion();
        if (v != HttpVersion.HTTP_1_1 && v != HttpVersion.HTTP_1_0) {
            boolean preface = "PRI".equals(head.method().name()) && "*".equals(head.uri());
            return refuse(head, preface ? MalformedHead.http2Preface() : MalformedHead.unsupportedVersion(v.text()));
        }
        if (headerLines(head) > SseCore.MAX_HEADER_LINES) {
            return refuse(head, MalformedHead.tooManyHeaderLines()); // Netty bounds the section's bytes, not its lines
        }
        if (head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            discarding = true; // API-031: refused by the core; its body is never parsed
        } else if (declaredLength(head) > 0) {
            holding = true;
        }
        return true;
    }

    /** Every header line, repeated names included (Vert.x's headers count names in {@code size()}). */
    private static int headerLines(HttpRequest head) {
        int n = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> i = head.headers().iteratorCharSequence(); i.hasNext(); i.next()) {
            n++;
        }
        return n;
    }

    /** Marks {@code head} invalid, answered in HTTP/1.1 by the invalid-request handler; returns false. */
    private static boolean refuse(HttpRequest head, MalformedHead problem) {
        head.setDecoderResult(DecoderResult.failure(new Refused(problem)));
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        return false;
    }

    /** A stand-in head for bytes that are no request at all, for the invalid-request handler. */
    private HttpMessage invalid(MalformedHead problem) {
        HttpMessage m = createInvalidMessage();
        m.setDecoderResult(DecoderResult.failure(new Refused(problem)));
        return m;
    }

    private static long declaredLength(HttpRequest head) {
        String cl = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (cl == null) {
            return 0;
        }
        try {
            return Long.parseLong(cl.trim()); // checked by Netty already
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (discarding || holding || waiting) {
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decodeLast(ctx, in, out);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.channelClosed();
        super.channelInactive(ctx);
    }

    /** The held head was let through: decode its body, from what has arrived already and from what comes. */
    void admitBody() {
        if (!holding || discarding) {
            return;
        }
        holding = false;
        if (!waiting) {
            resumeReads();
        }
        // A task, never a call from inside this decoder's own read: decodes what is already held.
        ctx.executor().execute(decodeHeld);
    }

    /** An answer has been taken: decode again if decoding waited for it. */
    void answerTaken() {
        if (waiting && !discarding && connection.unanswered() < MAX_UNANSWERED) {
            waiting = false;
            if (!holding) {
                resumeReads();
            }
            ctx.executor().execute(decodeHeld);
        }
    }

    /** Nothing more is decoded on this connection: what has arrived and what comes is dropped. */
    void discard() {
        discarding = true;
        holding = false;
        waiting = false;
        resumeReads(); // keep reading (and dropping), so the close is a FIN and not a reset
        ByteBuf held = internalBuffer();
        if (held.isReadable()) {
            held.skipBytes(held.readableBytes());
        }
    }

    private void pauseReads(ChannelHandlerContext ctx) {
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            pausedReads = true;
        }
    }

    private void resumeReads() {
        if (pausedReads) {
            pausedReads = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void decodeHeld() {
        if (holding || waiting || discarding || ctx.isRemoved() || !ctx.channel().isActive()
                || !internalBuffer().isReadable()) {
            return;
        }
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }
}
