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
    private final long retryMs;

    public StreamContext(SseServerConfig config, Scheduler scheduler, Counters counters) {
        this.scheduler = scheduler;
        this.counters = counters;
        this.backlogBytes = config.backlogBytes();
        this.heartbeatMs = config.heartbeatMs();
        this.batchBytes = Math.max(1, Math.min(MAX_BATCH_BYTES, config.backlogBytes() / 2));
        this.retryMs = config.retryMs();
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

    /**
     * The retry with an {@code id} field: the block a feed stream opens with. A client's last event ID string is set at
     * every dispatch, blank lines without data included, from an id buffer that starts empty on each connection; so a
     * plain {@code retry} block would clear it, and a client cut again before its next event would reconnect without
     * its {@code Last-Event-ID}. With the id it resumes from, the block keeps it (API-039).
     */
    ByteBuffer retryWithId(long id) {
        return ByteBuffer.wrap(EventStreamEncoder.encode(new OutgoingEvent(null, retryMs, Long.toString(id), null,
                null)));
    }

    ByteBuffer heartbeat() {
        return heartbeat.duplicate();
    }

    /** The comment a cut feed stream ends with (API-040): why, and how the client goes on. */
    static ByteBuffer cutComment(String reason) {
        return readOnly(OutgoingEvent.comment("feed cut: " + reason + "; resume with Last-Event-ID"));
    }

    static ByteBuffer readOnly(OutgoingEvent e) {
        return ByteBuffer.wrap(EventStreamEncoder.encode(e)).asReadOnlyBuffer();
    }
}
