package dev.ssekit.server.undertow;

import dev.ssekit.server.SseResponse;
import dev.ssekit.server.SseStream;
import dev.ssekit.server.Transport;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * One open event stream on one exchange. Every method of {@link Transport} hops to the exchange's I/O
 * thread; all write state below is confined to it. Each drain polls the whole outbox and writes it through the I/O
 * thread's scratch buffer; when the socket is full it waits for the write listener before it polls again.
 */
final class UndertowTransport implements Transport, Runnable, ChannelListener<Channel>, ExchangeCompletionListener {

    /**
     * Per I/O thread; {@link #writePending()}, {@link #readable} and {@link RequestGate} use it and never keep bytes in
     * it between calls.
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    private final HttpServerExchange exchange;
    private final StreamSinkChannel channel;
    private final XnioIoThread ioThread;
    private final IoThreadQueue queue;
    private final Consumer<UndertowTransport> onGone;
    // One int of flags and the transport itself as its task and listeners: an idle stream costs little (the
    // 19,500-stream hold keeps one of these per connection).
    private static final int DRAIN_SCHEDULED = 1;
    private static final int GONE = 2;
    private static final int CLOSE_REPORTED = 4;
    private static final AtomicIntegerFieldUpdater<UndertowTransport> FLAGS =
            AtomicIntegerFieldUpdater.newUpdater(UndertowTransport.class, "flags");
    private volatile int flags;

    private volatile SseStream stream;
    private volatile boolean closed;

    // I/O thread only.
    private ByteBuffer[] pending;
    private int first;
    private boolean flushPending;
    private boolean owesDrained;
    private boolean awaitingWritable;
    private boolean endRequested;
    private boolean finished;
    private boolean headersReleased;

    /** This I/O thread's scratch buffer. */
    static ByteBuffer scratch() {
        return SCRATCH.get();
    }

    UndertowTransport(HttpServerExchange exchange, StreamSinkChannel channel, IoThreadQueue queue,
            Consumer<UndertowTransport> onGone) {
        this.exchange = exchange;
        this.channel = channel;
        this.ioThread = exchange.getIoThread();
        this.queue = queue;
        this.onGone = onGone;
    }

    /** On the I/O thread: sends the headers at once (API-004), then lets the core open the stream. */
    void open(SseResponse.Stream response) {
        // Fires on end, abort and on a connection closed by the peer or by shutdown (Undertow ends the
        // current exchange when its connection closes).
        exchange.addExchangeCompleteListener((ex, next) -> {
            try {
                closed();
            } finally {
                next.proceed();
            }
        });
        channel.getWriteSetter().set(c -> writable());
        flushPending = true;
        drain();
        if (closed) {
            return;
        }
        watchForClose();
        SseStream opened;
        try {
            opened = response.open(this);
        } catch (RuntimeException e) {
            abortNow();
            throw e;
        }
        stream = opened;
        if (closed || !channel.isOpen()) {
            closed();
        }
    }

    // tag::transport-calls[]
    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener next) {
        try {
            closed();
        } finally {
            next.proceed();
        }
    }

    /** The write listener (the socket takes bytes again) and the read listener of {@link #watchForClose()}. */
    @Override
    public void handleEvent(Channel c) {
        if (c instanceof StreamSinkChannel) {
            writable();
        } else if (c instanceof ConduitStreamSourceChannel source) {
            readable(source);
        }
    }

    /** The drain task, on the I/O thread. */
    @Override
    public void run() {
        clear(DRAIN_SCHEDULED);
        drain();
    }

    /** From the core, any thread: the I/O thread's queue drains every woken stream in one task. */
    @Override
    public void wakeUp() {
        if (set(DRAIN_SCHEDULED)) {
            queue.add(this);
        }
    }

    /** Sets a flag; true if it was clear. */
    private boolean set(int flag) {
        while (true) {
            int f = flags;
            if ((f & flag) != 0) {
                return false;
            }
            if (FLAGS.compareAndSet(this, f, f | flag)) {
                return true;
            }
        }
    }

    private void clear(int flag) {
        while (true) {
            int f = flags;
            if (FLAGS.compareAndSet(this, f, f & ~flag)) {
                return;
            }
        }
    }

    @Override
    public void end() {
        onIoThread(() -> {
            endRequested = true;
            drain();
        });
    }
    // end::transport-calls[]

    @Override
    public void abort() {
        onIoThread(this::abortNow);
    }

    private void onIoThread(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException e) {
            // The worker is shutting down; it closes this connection itself, which reports the close.
        }
    }

    // tag::drain[]
    private void drain() {
        if (closed || finished || awaitingWritable) {
            return; // a wake-up absorbed here is picked up by the queuedBytes check once the write completes
        }
        try {
            SseStream s = stream;
            if (pending == null && s != null) {
                ByteBuffer[] polled = s.outbox().poll();
                if (polled.length > 0) {
                    pending = polled;
                    first = 0;
                }
            }
            if (pending != null) {
                if (!writePending()) {
                    awaitWritable();
                    return;
                }
                pending = null;
                flushPending = true;
                owesDrained = true;
            }
            if (flushPending) {
                if (!channel.flush()) {
                    awaitWritable();
                    return;
                }
                flushPending = false;
                if (!headersReleased) {
                    // The head is on the wire; the exchange lives as long as the stream and never reads these
                    // again, so an idle stream does not keep them.
                    headersReleased = true;
                    exchange.getRequestHeaders().clear();
                    exchange.getResponseHeaders().clear();
                    exchange.getQueryParameters().clear();
                }
            }
            if (owesDrained) {
                owesDrained = false;
                s.onDrained();
            }
            if (s != null && s.outbox().queuedBytes() > 0) {
                // queued while this write was in flight: polled on a fresh turn of the I/O loop, its own task, so
                // that a busy stream does not keep the thread from its sockets
                if (set(DRAIN_SCHEDULED)) {
                    onIoThread(this);
                }
                return;
            }
            if (endRequested) {
                finished = true;
                // Shuts down writes (the last chunk) and flushes, waiting for the socket if it must.
                exchange.endExchange();
            }
        } catch (IOException | RuntimeException e) {
            abortNow();
        }
    }

    /**
     * Writes {@link #pending} until it is all written (true) or the channel takes no more (false). The polled
     * buffers are heap views of shared events; handed to a gathering socket write, the JDK would copy each one into
     * its own temporary direct buffer. Copying them into this I/O thread's one direct scratch buffer and writing
     * that costs one copy and one lookup per write instead.
     */
    private boolean writePending() throws IOException {
        ByteBuffer scratch = SCRATCH.get();
        while (true) {
            scratch.clear();
            for (int i = first; i < pending.length && scratch.hasRemaining(); i++) {
                ByteBuffer b = pending[i];
                int n = Math.min(b.remaining(), scratch.remaining());
                scratch.put(scratch.position(), b, b.position(), n);
                scratch.position(scratch.position() + n);
            }
            scratch.flip();
            int offered = scratch.remaining();
            int written = channel.write(scratch);
            for (int left = written; left > 0; ) {
                ByteBuffer b = pending[first];
                int n = Math.min(b.remaining(), left);
                b.position(b.position() + n);
                left -= n;
                if (!b.hasRemaining()) {
                    first++;
                }
            }
            while (first < pending.length && !pending[first].hasRemaining()) {
                first++;
            }
            if (first == pending.length) {
                return true;
            }
            if (written < offered) {
                return false;
            }
        }
    }
    // end::drain[]

    private void awaitWritable() {
        awaitingWritable = true;
        channel.resumeWrites();
    }

    private void writable() {
        channel.suspendWrites();
        boolean asked = awaitingWritable;
        awaitingWritable = false;
        if (!asked && !closed && !finished) {
            // Woken without having asked: over HTTP/2 a stream the client resets (RST_STREAM) has its sink closed and
            // woken, and no read side tells (the request ended with its head). A flush finds out (API-016).
            try {
                channel.flush();
            } catch (IOException e) {
                abortNow();
                return;
            }
        }
        drain();
    }

    /**
     * Reads the otherwise idle request side, so that a client that goes is seen at once rather than at the
     * next write (API-016). Undertow takes the read side back when the exchange completes.
     */
    private void watchForClose() {
        if (!(exchange.getConnection() instanceof AbstractServerConnection connection)) {
            return;
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        StreamSourceConduit conduit = source.getConduit();
        if (conduit != connection.getOriginalSourceConduit() && !(conduit instanceof ReadDataStreamSourceConduit)) {
            return; // a request body conduit is in place: leave the read side to Undertow
        }
        source.setReadListener(this);
        source.resumeReads();
    }

    private void readable(ConduitStreamSourceChannel source) {
        if (closed || finished) {
            source.suspendReads();
            return;
        }
        // The I/O thread's scratch buffer, not Undertow's pool: the pool is closed first when the server stops
        // with streams still open, and the bytes read here are dropped anyway.
        ByteBuffer buffer = SCRATCH.get();
        buffer.clear();
        try {
            if (source.read(buffer) < 0) {
                abortNow(); // the client closed its side: it is gone
            }
            // Bytes after the request (a pipelined request) are dropped: this connection closes after the stream.
        } catch (IOException e) {
            abortNow();
        }
    }

    private void abortNow() {
        pending = null;
        IoUtils.safeClose(exchange.getConnection());
        closed();
    }

    /** Reports the close to the core exactly once (also when it comes before the stream is open). */
    private void closed() {
        closed = true;
        SseStream s = stream;
        try {
            if (s != null && set(CLOSE_REPORTED)) {
                s.onClosed();
            }
        } finally {
            if (set(GONE)) {
                onGone.accept(this);
            }
        }
    }
}
