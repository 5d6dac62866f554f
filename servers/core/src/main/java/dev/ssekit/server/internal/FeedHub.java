package dev.ssekit.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broadcast feed: one producer, many subscribers, the same ids for all (API-019), and a bounded replay ring
 * (API-020). The hub keeps the log ({@link FeedLog}) and its own members; each member ({@link FeedStream}) keeps its
 * cursor and takes what lies after it.
 *
 * <p>Publishing is constant work for the caller, whatever the number of subscribers: the event is encoded once and
 * appended to the log, and a fan-out pass is handed to the scheduler's thread if none is pending (a feed of at most
 * {@value #INLINE_SUBSCRIBERS} subscribers gets its pass from the publisher, which spares each event a thread hop).
 * A pass ({@link FeedPass}) takes every event published since the previous pass and offers it to each member:
 * consecutive events in one segment are one view, so a subscriber pays one offer and one wake-up per pass, not per
 * event. The busier the feed, the more events one pass carries (the coalescing the bench's ceiling server does).
 * Nothing here waits for a client, so the publisher never blocks on one (API-024).
 */
public final class FeedHub {

    /** Up to this many subscribers the publisher makes the pass itself, when no other pass is running. */
    static final int INLINE_SUBSCRIBERS = 32;

    private final StreamContext ctx;
    private final Set<FeedStream> members = ConcurrentHashMap.newKeySet(); // joined and not finished
    private final Runnable pass = this::fanOut;
    private final Object lock = new Object();
    private volatile long latest;

    // Guarded by lock.
    private final FeedLog log;
    private List<FeedLog.Encoded> unpassed = new ArrayList<>(); // published, not yet taken by a pass
    private long unpassedBytes;
    private boolean passPending;

    /** Passes run one at a time, so each subscriber gets them in id order. Taken before {@link #lock}, never inside it. */
    private final ReentrantLock passLock = new ReentrantLock();

    public FeedHub(StreamContext ctx, int replayCapacity) {
        this.ctx = ctx;
        this.log = new FeedLog(replayCapacity);
    }

    /** The id of the newest published event, 0 before the first. */
    public long latest() {
        return latest;
    }

    /** Subscribers that have joined and not finished. */
    public int subscribers() {
        return members.size();
    }

    /** A subscriber that replays what follows {@code after}, or only live events when {@code after < 0}. */
    public FeedStream subscriber(long after) {
        return new FeedStream(ctx, this, after);
    }

    /** Publishes {@code data} to every subscriber; returns its id. */
    public long publish(String data) {
        long id;
        boolean schedule;
        boolean burst;
        synchronized (lock) {
            FeedLog.Encoded e = log.append(data);
            id = log.latest();
            unpassed.add(e);
            unpassedBytes += e.length;
            latest = id;
            schedule = !passPending;
            passPending = true;
            // A burst faster than the passes: hand it out here rather than let the unpassed list grow without bound.
            // A quarter of the backlog bound keeps one pass small enough for a subscriber that keeps up to take.
            burst = unpassedBytes > ctx.backlogBytes / 4;
        }
        if (burst) {
            fanOut();
        } else if (members.size() <= INLINE_SUBSCRIBERS && passLock.tryLock()) {
            // A small feed: a pass costs little, so the publisher makes it and spares the event a thread hop.
            try {
                fanOutLocked();
            } finally {
                passLock.unlock();
            }
        } else if (schedule) {
            ctx.scheduler.execute(pass);
        }
        return id;
    }

    /** One fan-out pass: everything published since the last pass, to every member. */
    private void fanOut() {
        passLock.lock();
        try {
            fanOutLocked();
        } finally {
            passLock.unlock();
        }
    }

    private void fanOutLocked() {
        FeedPass p;
        synchronized (lock) {
            passPending = false;
            if (unpassed.isEmpty()) {
                return;
            }
            p = new FeedPass(log.latest(), unpassed.toArray(new FeedLog.Encoded[0]), ctx.backlogBytes);
            unpassed = new ArrayList<>();
            unpassedBytes = 0;
        }
        long now = ctx.now();
        for (FeedStream s : members) {
            s.take(p, now);
        }
    }

    /** A subscriber opens: it becomes a member and reads what it resumes from. */
    int join(FeedStream s) {
        synchronized (lock) {
            synchronized (s) {
                if (!s.beginLocked()) {
                    return 0; // shut down before it started: it never joins
                }
                members.add(s);
                return s.joinLocked(log, ctx.now());
            }
        }
    }

    /** A subscriber that is catching up reads its next batch from the ring. */
    int catchUp(FeedStream s) {
        synchronized (lock) {
            synchronized (s) {
                return s.catchUpLocked(log, ctx.now());
            }
        }
    }

    /** A subscriber finished: it gets no more passes. */
    void leave(FeedStream s) {
        members.remove(s);
    }
}
