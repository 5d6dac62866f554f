package dev.ssekit.server.internal;

import dev.ssekit.protocol.OutgoingEvent;

/**
 * {@code GET /api/feed}: one subscriber of the {@link FeedHub}. It owns its cursor, the id of the last event queued to
 * it, and takes what lies after it: from the replay ring in batches, one after each drain, until it has caught up
 * (API-020); from then on from each fan-out pass (API-019). Until it has caught up, passes leave it alone and it reads
 * the ring itself, so the order holds and nothing is sent twice. One that falls further behind than the ring holds is
 * dropped as a slow client (API-024).
 *
 * <p>Locks: the hub's lock, then this monitor, while the ring is read (joining, catching up); this monitor alone while a
 * pass is taken.
 */
public final class FeedStream extends EventStream {

    private final FeedHub hub;
    private final long requestedAfter; // the Last-Event-ID, or -1 for live events only
    private long cursor; // guarded by this
    private volatile boolean live; // set under the hub's lock and this monitor once caught up; never cleared

    FeedStream(StreamContext ctx, FeedHub hub, long after) {
        super(ctx);
        this.hub = hub;
        this.requestedAfter = after;
    }

    @Override
    protected int start() {
        return hub.join(this);
    }

    @Override
    protected int refill() {
        return live ? 0 : hub.catchUp(this);
    }

    @Override
    protected void finished() {
        hub.leave(this);
    }

    /** Opens at the requested id, or at the newest: the retry, a gap comment if the ring lost some, the first batch. */
    int joinLocked(FeedLog log, long now) {
        if (!offerLocked(ctx.retry(), 0, now)) {
            return dropSlowLocked(0);
        }
        long after = requestedAfter < 0 ? log.latest() : requestedAfter;
        long oldest = log.oldest();
        if (after + 1 < oldest) {
            // API-020: say what the ring no longer has; a browser ignores comments, a log or a tool does not.
            String gap = "replay: events " + (after + 1) + " to " + (oldest - 1)
                    + " are no longer kept; replaying from " + oldest;
            offerLocked(StreamContext.readOnly(OutgoingEvent.comment(gap)), 0, now); // fits: one event
            after = oldest - 1;
        }
        cursor = after;
        return readRingLocked(log, now) | wakeLocked();
    }

    /** After a drain, while not caught up: the next batch from the ring. */
    int catchUpLocked(FeedLog log, long now) {
        if (live || !isOpenLocked()) {
            return 0;
        }
        return readRingLocked(log, now) | wakeLocked();
    }

    private int readRingLocked(FeedLog log, long now) {
        long oldest = log.oldest();
        if (cursor + 1 < oldest) {
            return dropSlowLocked((int) Math.min(Integer.MAX_VALUE, oldest - 1 - cursor));
        }
        while (cursor < log.latest()) {
            if (queuedLocked() >= ctx.batchBytes) {
                return 0; // the next drain brings the next batch
            }
            if (!offerLocked(log.get(cursor + 1).view(), 1, now)) {
                return dropSlowLocked(1);
            }
            cursor++;
        }
        live = true; // under the hub's lock: no event can be published between the last read and this
        return 0;
    }

    /** Takes from a pass what lies after the cursor; no lock held by the caller. */
    void take(FeedPass p, long now) {
        int fx;
        synchronized (this) {
            fx = takeLocked(p, now);
        }
        apply(fx);
    }

    private int takeLocked(FeedPass p, long now) {
        if (!live || !isOpenLocked() || cursor >= p.to) {
            return 0; // not caught up yet, gone, or it read these from the ring itself
        }
        if (cursor + 1 < p.from) {
            // cannot happen (passes are contiguous and in order, and a subscriber goes live at the ring's newest id);
            // were it to, losing events silently would be worse than dropping the subscriber, which can resume
            return dropSlowLocked((int) Math.min(Integer.MAX_VALUE, p.to - cursor));
        }
        int first = (int) (cursor + 1 - p.from);
        if (first == 0 && p.runs != null) {
            for (int i = 0; i < p.runs.length; i++) {
                if (!offerLocked(p.runs[i].duplicate(), p.runEvents[i], now)) {
                    int refused = 0;
                    for (int j = i; j < p.runs.length; j++) {
                        refused += p.runEvents[j];
                    }
                    return dropSlowLocked(refused);
                }
            }
        } else {
            for (int i = first; i < p.events.length; i++) {
                if (!offerLocked(p.events[i].view(), 1, now)) {
                    return dropSlowLocked(p.events.length - i);
                }
            }
        }
        cursor = p.to;
        return wakeLocked();
    }
}
