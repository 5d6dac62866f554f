package dev.ssekit.server.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.impl.transports.NioTransport;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Vert.x's NIO transport with listening sockets that survive a failing {@code accept} (API-034).
 *
 * <p>Out of file descriptors, {@code accept} fails with {@code IOException: Too many open files}. Netty fires it down
 * the listener's pipeline: {@code ServerBootstrapAcceptor} pauses accepting for a second, and the pipeline's tail logs
 * it. That log line was the first of the process, so it loaded the JDK's time-zone data ({@code tzdb.dat}) with no
 * descriptor left; the class failed to initialise, the {@code Error} escaped Netty's event loop (which rethrows
 * errors) and killed the acceptor thread: the server never accepted again. Here the listener's first handler takes
 * accept failures itself: it pauses accepting for {@link #BACKOFF_MS}, retries, logs once per episode through a logger
 * prepared at start ({@link ErrorPaths}), and never lets the failure reach the tail. The listener also stays open on any
 * other read error (Netty closes a listener on a non-IO error).
 *
 * <p>The same handler sees each accepted connection before Vert.x sets it up, so a handler can be put first in its
 * pipeline ({@link #onAccept}): the {@link PrefaceSniffer} of an h2c port.
 */
final class AcceptingTransport extends NioTransport {

    /** How long accepting pauses after a failed accept: new connections wait in the listen queue meanwhile. */
    static final long BACKOFF_MS = 250;

    private static final Logger LOG = Logger.getLogger(AcceptingTransport.class.getName());

    /** Set before listening; read on the acceptor thread. */
    private volatile Consumer<Channel> onAccept;

    /** Runs for every accepted connection before Vert.x sets it up (its channel is not registered yet). */
    void onAccept(Consumer<Channel> onAccept) {
        this.onAccept = onAccept;
    }

    /** This transport as {@code Vertx.builder().withTransport} takes it. */
    io.vertx.core.transport.Transport asVertxTransport() {
        AcceptingTransport implementation = this;
        return new io.vertx.core.transport.Transport() {
            @Override
            public String name() {
                return "nio";
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public Throwable unavailabilityCause() {
                return null;
            }

            @Override
            public io.vertx.core.spi.transport.Transport implementation() {
                return implementation;
            }
        };
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return domainSocket ? super.serverChannelFactory(true) : () -> new Listener(this);
    }

    /** A listening socket whose first handler deals with accept failures. */
    static final class Listener extends NioServerSocketChannel {

        Listener(AcceptingTransport transport) {
            pipeline().addFirst("acceptFailures", new AcceptFailures(transport));
        }

        /** A failed accept is not a reason to stop listening, whatever it is. */
        @Override
        protected boolean closeOnReadError(Throwable cause) {
            return !isActive();
        }
    }

    /** Pauses accepting after a failed accept and resumes after {@link #BACKOFF_MS}; logs once per episode. */
    static final class AcceptFailures extends ChannelInboundHandlerAdapter {

        private final AcceptingTransport transport;
        private long failures;
        private Runnable resume; // made before it is needed: nothing is allocated lazily on this path

        AcceptFailures(AcceptingTransport transport) {
            this.transport = transport;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            resume = () -> ctx.channel().config().setAutoRead(true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object child) {
            if (failures > 0) {
                log(Level.INFO, "accepting connections again after " + failures + " failed accepts", null);
                failures = 0;
            }
            Consumer<Channel> hook = transport.onAccept;
            if (hook != null && child instanceof Channel ch) {
                try {
                    hook.accept(ch);
                } catch (Throwable e) {
                    ch.unsafe().closeForcibly(); // not set up as it must be: not served at all
                    return;
                }
            }
            ctx.fireChannelRead(child);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failures++ == 0) {
                log(Level.WARNING, "cannot accept connections (" + cause + "); retrying every " + BACKOFF_MS
                        + " ms, new connections wait in the listen queue", null);
            }
            if (ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(false);
                try {
                    ctx.channel().eventLoop().schedule(resume, BACKOFF_MS, TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    // The event loop is shutting down: so is the listener.
                }
            }
            if (!(cause instanceof IOException) && !(cause instanceof Error)) {
                log(Level.WARNING, "accepting failed", cause);
            }
        }

        private static void log(Level level, String message, Throwable cause) {
            try {
                LOG.log(level, message, cause);
            } catch (Throwable t) {
                // Logging must never take the acceptor down (API-034).
            }
        }
    }
}
