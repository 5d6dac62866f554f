package dev.ssekit.server;

// tag::sse-stream[]
/**
 * One open event stream, owned by the core. The adapter reads from {@link #outbox()} and reports what
 * happens on its side of the connection.
 */
public interface SseStream {

    Outbox outbox();

    /**
     * The adapter wrote everything it last polled and the channel can take more. For {@code interval=0}
     * streams this is what makes the producer produce the next batch (as fast as the client reads).
     * Call it after every poll that returned buffers, once all of them are written (also when the write completed
     * at once); the {@code dropAfter} cut and the pull producer wait for it. May be called on the calling thread
     * of a {@link Transport#wakeUp()}.
     */
    void onDrained();

    /** The connection is gone (client closed, network error, or after end/abort). Idempotent. */
    void onClosed();
}
// end::sse-stream[]
