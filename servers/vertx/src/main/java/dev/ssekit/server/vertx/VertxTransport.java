package dev.ssekit.server.vertx;

import dev.ssekit.server.SseStream;
import dev.ssekit.server.Transport;
import io.netty.buffer.Unpooled;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event-stream response on Vert.x. The core calls in from any thread; everything else runs on the
 * connection's event loop. At most one write is in flight: whatever the core queues meanwhile is coalesced
 * into the next one. Every write is made from the loop's {@link LoopQueue}, a bounded amount per loop turn, never from
 * inside the completion of the previous one, so a broadcast cannot keep the loop from its other sockets.
 */
final class VertxTransport implements Transport, Runnable {

    private final Context context;
    private final LoopQueue queue;
    private final Carrier conn;
    private final HttpServerResponse response;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();

    // Confined to the event loop.
    private SseStream stream;
    private boolean writing;   // a write is in flight, or waits for the write queue to drain
    private boolean ending;    // end() was called: the response ends once the outbox is empty
    private boolean finished;  // ended or dropped: nothing more is written
    private boolean closed;    // the response is over; stream.onClosed() was called (or is, once opened)

    VertxTransport(Context context, LoopQueue queue, Carrier conn, HttpServerResponse response) {
        this.context = context;
        this.queue = queue;
        this.conn = conn;
        this.response = response;
        response.closeHandler(v -> closed());
        response.exceptionHandler(t -> drop());
    }

    /** Called on the event loop with what {@code open} returned. */
    void opened(SseStream opened) {
        this.stream = opened;
        if (closed) {
            stream.onClosed();
        } else if (response.closed()) {
            closed();
        }
    }

    @Override
    public void wakeUp() {
        if (wakeScheduled.compareAndSet(false, true)) {
            queue.add(this);
        }
    }

    /** The loop queue's turn for this stream, on the event loop. */
    @Override
    public void run() {
        wakeScheduled.set(false);
        ((ContextInternal) context).emit(v -> guarded(this::pump));
    }

    @Override
    public void end() {
        onLoop(() -> {
            ending = true;
            pump();
        });
    }

    @Override
    public void abort() {
        onLoop(this::drop);
    }

    private void onLoop(Runnable task) {
        try {
            context.runOnContext(v -> guarded(task));
        } catch (RejectedExecutionException e) {
            // Vert.x is closed: its connections, this one included, are gone.
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    /** A failure while moving a stream's bytes ends the stream and its connection (API-035), never stalls it. */
    private void failed(Throwable e) {
        System.getLogger(VertxTransport.class.getName()).log(System.Logger.Level.ERROR, "stream failed", e);
        drop();
    }

    // tag::pump[]
    private void pump() {
        if (finished || writing || stream == null) {
            return;
        }
        ByteBuffer[] buffers = stream.outbox().poll();
        if (buffers.length == 0) {
            if (ending) {
                finished = true;
                response.end().onComplete(ar -> {
                    closed();
                    if (conn.closing()) {
                        conn.close(); // HTTP/1.0: the close ends the stream (HTTP-008)
                    } else {
                        conn.responseEnded(); // the next request's deadline starts (API-030)
                    }
                });
            }
            return;
        }
        writing = true;
        response.write(compose(buffers)).onComplete(this::written);
    }

    private void written(AsyncResult<Void> result) {
        if (result.failed()) {
            writing = false;
            drop();
            return;
        }
        if (!finished && response.writeQueueFull()) {
            response.drainHandler(v -> {
                response.drainHandler(null);
                drained();
            });
            return;
        }
        drained();
    }

    private void drained() {
        writing = false;
        if (finished) {
            return;
        }
        try {
            stream.onDrained();
            wakeUp(); // the next write on a later turn of the loop queue, not from inside this completion
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }
    // end::pump[]

    /**
     * Closes the connection (over HTTP/2: resets the stream) at once, queued bytes included, and reports the stream
     * closed (API-032). Not with {@code request.connection().close()}: Vert.x closes only once an empty write behind
     * everything queued is flushed, which never happens for a client that stopped reading.
     */
    private void drop() {
        if (closed) {
            return;
        }
        finished = true;
        conn.abort();
        closed();
    }

    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        finished = true;
        if (stream != null) {
            stream.onClosed();
        }
    }

    /**
     * One buffer with all the polled bytes, for one write. The polled buffers may be shared read-only broadcast
     * views, so they are read, never modified. Several are copied into one array: a Netty composite over many
     * small components cost more (profiled: CompositeByteBuf.addComponent0 led the event loop's samples) than the
     * copy, which Netty would make anyway when it moves heap bytes to a direct buffer.
     */
    static Buffer compose(ByteBuffer[] buffers) {
        if (buffers.length == 1) {
            return BufferInternal.buffer(Unpooled.wrappedBuffer(buffers[0]));
        }
        int total = 0;
        for (ByteBuffer b : buffers) {
            total = Math.addExact(total, b.remaining());
        }
        byte[] all = new byte[total];
        int at = 0;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            b.get(b.position(), all, at, n);
            at += n;
        }
        return BufferInternal.buffer(Unpooled.wrappedBuffer(all));
    }
}
