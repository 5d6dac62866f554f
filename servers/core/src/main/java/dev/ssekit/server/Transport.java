package dev.ssekit.server;

// tag::transport[]
/**
 * What the core needs from a server for one open event-stream response. Implemented by each adapter.
 * The core calls these from any thread; the adapter hops to its I/O thread. None of them blocks.
 *
 * <p>The first calls come from inside {@link SseResponse.Stream#open(Transport)}, before it returns the
 * {@link SseStream}: the opening bytes are queued and woken at once, and a short stream (e.g. a resume that holds
 * only {@code done}) may even be ended or aborted there. An adapter defers them until it holds the stream (a hop to
 * its I/O thread does that by itself). The core never holds a lock of its own while calling these.
 */
public interface Transport {

    /**
     * The stream's {@link Outbox} has bytes. The adapter drains it on its I/O thread: it takes every queued
     * buffer at once ({@link Outbox#poll()}) and writes them in one write, then waits for the
     * channel to become writable before it polls again. Spurious and repeated calls are harmless.
     */
    void wakeUp();

    /** Ends the response normally once everything queued before this call is written. */
    void end();

    /** Drops the connection at once, queued bytes included (fault injection, slow clients, shutdown). */
    void abort();
}
// end::transport[]
