package dev.ssekit.server.internal;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import dev.ssekit.server.Scheduler;
import dev.ssekit.server.SseServerConfig;
import java.nio.ByteBuffer;

/**
 * What every stream of one core shares: time, limits, counters, the registry of open streams, and the pre-encoded fixed
 * events. The registry is made here and knows nothing of this context.
 */
public final class StreamContext {

    /** Upper bound of one pull batch ({@code interval=0}); big enough to fill a socket buffer in a few writes. */
    static final int MAX_BATCH_BYTES = 32 * 1024;

    final Scheduler scheduler;
    final Counters counters;
    final StreamRegistry registry;
    final long backlogBytes;
    final long heartbeatMs;
    final int batchBytes;
    private final ByteBuffer retry;
    private final ByteBuffer heartbeat;

    public StreamContext(SseServerConfig config, Scheduler scheduler, Counters counters) {
        this.scheduler = scheduler;
        this.counters = counters;
        this.backlogBytes = config.backlogBytes();
        this.heartbeatMs = config.heartbeatMs();
        this.batchBytes = Math.max(1, Math.min(MAX_BATCH_BYTES, config.backlogBytes() / 2));
        this.retry = readOnly(new OutgoingEvent(null, config.retryMs(), null, null, null)); // API-005
        this.heartbeat = readOnly(OutgoingEvent.comment("heartbeat")); // API-010: a comment dispatches nothing
        this.registry = new StreamRegistry(scheduler, config.heartbeatMs());
    }

    public StreamRegistry registry() {
        return registry;
    }

    long now() {
        return scheduler.nowMs();
    }

    ByteBuffer retry() {
        return retry.duplicate();
    }

    ByteBuffer heartbeat() {
        return heartbeat.duplicate();
    }

    static ByteBuffer readOnly(OutgoingEvent e) {
        return ByteBuffer.wrap(EventStreamEncoder.encode(e)).asReadOnlyBuffer();
    }
}
