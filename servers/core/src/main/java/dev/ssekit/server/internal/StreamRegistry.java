package dev.ssekit.server.internal;

import dev.ssekit.server.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open streams of one core, and the ONE periodic timer that gives each quiet stream its heartbeat. The timer
 * exists only while some stream does, so an idle core has no scheduled task (API-016, API-017).
 *
 * <p>The timer ticks every {@code heartbeatMs / 2}; a stream gets a comment once nothing was queued for it for
 * {@code heartbeatMs}, so the gap between two writes stays between {@code heartbeatMs} and 1.5 times it.
 */
public final class StreamRegistry {

    private final StreamContext ctx;
    // Feed subscribers apart from the rest, so the broadcast hub iterates them here and a subscriber is in one set,
    // not two (one map node less per idle stream).
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Set<FeedStream> feed = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private Scheduler.Cancellable timer; // guarded by lock
    private boolean closed; // guarded by lock

    StreamRegistry(StreamContext ctx) {
        this.ctx = ctx;
    }

    /** False once the registry is closed: the stream must end at once. */
    boolean add(EventStream s) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (s instanceof FeedStream f) {
                feed.add(f);
            } else {
                streams.add(s);
            }
            if (timer == null) {
                timer = ctx.scheduler.scheduleAtFixedRate(this::tick, Math.max(1, ctx.heartbeatMs / 2));
            }
            return true;
        }
    }

    void remove(EventStream s) {
        synchronized (lock) {
            boolean removed = s instanceof FeedStream f ? feed.remove(f) : streams.remove(s);
            if (removed && streams.isEmpty() && feed.isEmpty() && timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    public int size() {
        return streams.size() + feed.size();
    }

    /** The open feed subscribers (live, catching up, or not yet joined). */
    Set<FeedStream> feed() {
        return feed;
    }

    /** Refuses new streams and returns the open ones, for a graceful close. */
    public List<EventStream> close() {
        synchronized (lock) {
            closed = true;
            List<EventStream> all = new ArrayList<>(streams);
            all.addAll(feed);
            return all;
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
        long now = ctx.now();
        for (EventStream s : streams) {
            s.heartbeat(now);
        }
        for (EventStream s : feed) {
            s.heartbeat(now);
        }
    }
}
