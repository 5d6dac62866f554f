package dev.ssekit.server.internal;

import java.util.concurrent.atomic.LongAdder;

/** The core's monotonic counters; written from any thread without contention. */
public final class Counters {

    public final LongAdder eventsSent = new LongAdder();
    public final LongAdder slowClientsDropped = new LongAdder();
    public final LongAdder eventsDroppedForSlowClients = new LongAdder();
    public final LongAdder requestsTimedOut = new LongAdder();
}
