package dev.ssekit.server.internal;

import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broadcast feed: one producer, many subscribers, the same ids for all (API-019), and a bounded replay ring
 * (API-020).
 *
 * <p>Each event is encoded once into a read-only buffer; the ring and every subscriber's backlog hold views of that
 * one buffer. Publishing takes the hub's lock for the id, the ring and one pass over the subscribers (each offer is
 * a few field updates under that subscriber's monitor); wake-ups and slow-client drops happen after the lock is
 * released. Nothing in it waits for a client, so the publisher never blocks on one.
 *
 * <p>A subscriber that resumes is fed from the ring in batches, one after each drain, and joins the live fan-out
 * once it has caught up; until then publishes reach it through the ring, so the order holds and nothing is sent
 * twice. One that falls further behind than the ring holds is dropped as a slow client.
 */
public final class FeedHub {

    private final StreamContext ctx;
    private final Object lock = new Object();
    private final ReplayBuffer ring; // guarded by lock
    private final Set<FeedStream> members = ConcurrentHashMap.newKeySet();
    private volatile long latest;

    public FeedHub(StreamContext ctx, int replayCapacity) {
        this.ctx = ctx;
        this.ring = new ReplayBuffer(replayCapacity);
    }

    /** The id of the newest published event, 0 before the first. */
    public long latest() {
        return latest;
    }

    public int subscribers() {
        return members.size();
    }

    /** A subscriber that replays what follows {@code after}, or only live events when {@code after < 0}. */
    public FeedStream subscriber(long after) {
        return new FeedStream(ctx, this, after);
    }

    /** Publishes {@code data} to every subscriber; returns its id. */
    public long publish(String data) {
        List<FeedStream> wake = new ArrayList<>();
        List<FeedStream> drop = new ArrayList<>(0);
        long id;
        synchronized (lock) {
            id = ring.latest() + 1;
            ByteBuffer encoded = StreamContext.readOnly(new OutgoingEvent(null, null, Long.toString(id), null, data));
            ring.add(id, encoded);
            latest = id;
            long now = ctx.now();
            for (FeedStream s : members) {
                synchronized (s) {
                    if (!s.live || !s.isOpenLocked()) {
                        continue;
                    }
                    if (!s.offerLocked(encoded.duplicate(), 1, now)) {
                        s.dropSlowLocked(1); // API-024
                        drop.add(s);
                    } else {
                        s.cursor = id;
                        if (s.wakeLocked() != 0) {
                            wake.add(s);
                        }
                    }
                }
            }
        }
        for (FeedStream s : wake) {
            s.applyEffects(EventStream.WAKE);
        }
        for (FeedStream s : drop) {
            s.applyEffects(EventStream.ABORT | EventStream.SLOW | EventStream.FINISHED);
        }
        return id;
    }

    int join(FeedStream s) {
        synchronized (lock) {
            synchronized (s) {
                if (!s.beginLocked()) {
                    return 0;
                }
                members.add(s);
                long now = ctx.now();
                if (!s.offerLocked(ctx.retry(), 0, now)) {
                    return s.dropSlowLocked(0);
                }
                long after = s.requestedAfter < 0 ? ring.latest() : s.requestedAfter;
                long oldest = ring.oldest();
                if (after + 1 < oldest) {
                    // API-020: say what the ring no longer has; a browser ignores comments, a log or a tool does not.
                    String gap = "replay: events " + (after + 1) + " to " + (oldest - 1)
                            + " are no longer kept; replaying from " + oldest;
                    s.offerLocked(StreamContext.readOnly(OutgoingEvent.comment(gap)), 0, now); // fits: one event
                    after = oldest - 1;
                }
                s.cursor = after;
                return catchUpLocked(s, now) | s.wakeLocked();
            }
        }
    }

    int catchUp(FeedStream s) {
        synchronized (lock) {
            synchronized (s) {
                if (s.live || !s.isOpenLocked()) {
                    return 0;
                }
                return catchUpLocked(s, ctx.now()) | s.wakeLocked();
            }
        }
    }

    void leave(FeedStream s) {
        members.remove(s);
    }

    private int catchUpLocked(FeedStream s, long now) {
        long oldest = ring.oldest();
        if (s.cursor + 1 < oldest) {
            return s.dropSlowLocked((int) Math.min(Integer.MAX_VALUE, oldest - 1 - s.cursor));
        }
        while (s.cursor < ring.latest()) {
            if (s.queuedLocked() >= ctx.batchBytes) {
                return 0; // the next drain brings the next batch
            }
            if (!s.offerLocked(ring.get(s.cursor + 1).duplicate(), 1, now)) {
                return s.dropSlowLocked(1);
            }
            s.cursor++;
        }
        s.live = true;
        return 0;
    }
}
