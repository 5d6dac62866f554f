package dev.ssekit.server;

import java.nio.ByteBuffer;

// tag::outbox[]
/**
 * The bounded per-connection backlog between the producer (core, any thread) and the adapter (I/O thread).
 * Buffers may be shared, read-only broadcast buffers: the adapter must write them without changing them
 * (the outbox hands out independent duplicates).
 */
public interface Outbox {

    /** Every buffer queued so far, in order, removing them; an empty array when nothing is queued. */
    ByteBuffer[] poll();

    /** Bytes queued and not yet polled. */
    long queuedBytes();
}
// end::outbox[]
