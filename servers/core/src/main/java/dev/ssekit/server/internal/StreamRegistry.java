package dev.ssekit.server.internal;

import dev.ssekit.server.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open streams of one core, whatever they stream, and the ONE periodic timer that gives each quiet stream its
 * heartbeat. The timer exists only while some stream does, so an idle core has no scheduled task (API-016, API-017).
 *
 * <p>The timer ticks every {@code heartbeatMs / 2}; a stream gets a comment once nothing was queued for it for
 * {@code heartbeatMs}, so the gap between two writes stays between {@code heartbeatMs} and 1.5 times it.
 */
public final class StreamRegistry {

    private final Scheduler scheduler;
    private final long tickMs;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private Scheduler.Cancellable timer; // guarded by lock
    private boolean closed; // guarded by lock

    StreamRegistry(Scheduler scheduler, long heartbeatMs) {
        this.scheduler = scheduler;
        this.tickMs = Math.max(1, heartbeatMs / 2);
    }

    /** False once the registry is closed: the stream must end at once. */
    boolean add(EventStream s) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            streams.add(s);
            if (timer == null) {
                timer = scheduler.scheduleAtFixedRate(this::tick, tickMs);
            }
            return true;
        }
    }

    void remove(EventStream s) {
        synchronized (lock) {
            if (streams.remove(s) && streams.isEmpty() && timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    public int size() {
        return streams.size();
    }

    /** Refuses new streams and returns the open ones, for a graceful close. */
    public List<EventStream> close() {
        synchronized (lock) {
            closed = true;
            return new ArrayList<>(streams);
        }
    }

    /** Cancels the timer if it still runs (after {@link #close()} every stream has been told to end). */
    public void cancelTimer() {
        synchronized (lock) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    private void tick() {
        long now = scheduler.nowMs();
        for (EventStream s : streams) {
            s.heartbeat(now);
        }
    }
}
