package dev.ssekit.server.internal;

import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@code GET /api/feed}: one subscriber of the {@link FeedHub}, a cursor into the feed's shared log. Its cursor is the
 * id of the last event handed to its adapter; each poll takes what lies between the cursor and the head as a few
 * read-only views of the log's segments (consecutive events in one segment are one view), so a publish costs a
 * subscriber nothing until its connection's I/O thread asks.
 *
 * <p>A subscriber that resumes from an old id (API-020) reads the same log in batches of {@code batchBytes}, one per
 * drain, until it reaches the head; from then on it is live and takes everything up to the head at once, bounded by
 * {@code backlogBytes}. A live subscriber whose unread bytes go over that bound is dropped as a slow client (API-024),
 * by the hub's lag check or at its next poll; one whose cursor falls off the log is dropped the same way.
 *
 * <p>A live subscriber with nothing to write parks itself in the hub (a lock-free stack), and the next publish wakes
 * it: idle subscribers cost a publish one wake-up each, busy ones nothing.
 */
public final class FeedStream extends EventStream {

    private final FeedHub hub;
    private final long requestedAfter; // the Last-Event-ID, or -1 for live events only
    private volatile FeedLog log; // the hub's log when it joined; a feed that restarts its log cuts its subscribers

    // Guarded by this; volatile where the hub's lag check reads them without the monitor.
    private volatile long cursor;
    private volatile long cursorEnd; // log position where the cursor's event ends
    private volatile boolean live;

    // The hub's park stack: parked is set by this stream (0 to 1, under its monitor) and cleared by the hub when it
    // pops the stack; next is written only by whoever holds the stream's slot (the pusher, then the popper).
    volatile int parked;
    FeedStream next;
    volatile boolean gone; // left the hub: a wake pass skips it

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
    protected void finished() {
        hub.leave(this);
    }

    long cursorEnd() {
        return cursorEnd;
    }

    boolean live() {
        return live;
    }

    /**
     * Opens at the requested id, or at the newest: the retry with the id it resumes after (so that a client cut before
     * its next event keeps its Last-Event-ID), and a gap comment if the log lost some.
     */
    int joinLocked(FeedLog log, long now) {
        this.log = log;
        long latest = log.latest();
        long after = requestedAfter < 0 ? latest : requestedAfter;
        long oldest = log.oldest();
        String gap = null;
        if (after + 1 < oldest) {
            // API-020: say what the log no longer has; a browser ignores comments, a log or a tool does not.
            gap = "replay: events " + (after + 1) + " to " + (oldest - 1) + " are no longer kept; replaying from "
                    + oldest;
            after = oldest - 1;
        }
        offerLocked(ctx.retryWithId(after), 0, now); // an empty backlog takes it
        if (gap != null) {
            offerLocked(StreamContext.readOnly(OutgoingEvent.comment(gap)), 0, now);
        }
        long end = log.endOf(after);
        if (end < 0) {
            return dropSlowLocked(1); // the log moved on while this subscriber joined: it resumes
        }
        cursorEnd = end;
        cursor = after;
        live = after >= latest;
        return wakeLocked();
    }

    /** Live: every unread byte of the log (what the backlog bound applies to); catching up: the next batch at most. */
    @Override
    protected long moreBytesLocked() {
        long lag = Math.max(0, log.totalBytes() - cursorEnd);
        return live ? lag : Math.min(lag, ctx.batchBytes);
    }

    /**
     * API-024 for a cursor: a live subscriber whose own queue and unread log bytes together are over the bound, unless
     * all it has is one event (an empty backlog takes one event, however large).
     */
    private boolean overBoundLocked(FeedLog log, long head) {
        long own = queuedLocked();
        return live && own + log.totalBytes() - cursorEnd > ctx.backlogBytes && (head > cursor + 1 || own > 0);
    }

    /**
     * Everything between the cursor and the head, as views of the log's segments after {@code own}: up to the backlog
     * bound when live, one batch when catching up (always at least one event).
     */
    @Override
    protected ByteBuffer[] moreLocked(ByteBuffer[] own, long now) {
        FeedLog log = this.log;
        long head = log.latest();
        if (cursor >= head) {
            if (!live) {
                live = true;
            }
            return own;
        }
        FeedLog.Entry first = log.entry(cursor + 1);
        if (first == null) {
            // API-024, API-020: it fell further behind than the log keeps (it can resume with Last-Event-ID); the
            // events the log no longer has are the ones that can never reach it
            return dropOnPollLocked((int) Math.min(Integer.MAX_VALUE, log.oldest() - 1 - cursor));
        }
        if (overBoundLocked(log, head)) {
            return dropOnPollLocked(refusedLocked(log, head, now));
        }
        long limit = live ? ctx.backlogBytes : ctx.batchBytes;
        ByteBuffer[] out = Arrays.copyOf(own, own.length + 2);
        int n = own.length;
        int events = 0;
        long bytes = 0;
        FeedLog.Entry run = first; // the first event of the run being built
        FeedLog.Entry last = null;
        for (long id = cursor + 1; id <= head; id++) {
            FeedLog.Entry e = id == first.id ? first : log.entry(id);
            if (e == null) {
                // the log moved past it while this read: the subscriber is as far behind as the log keeps
                return dropOnPollLocked((int) Math.min(Integer.MAX_VALUE, head - cursor));
            }
            if (events > 0 && bytes + e.length > limit) {
                break;
            }
            if (last != null && (e.segment != last.segment || e.offset != last.offset + last.length)) {
                out = addRun(out, n++, run, last);
                run = e;
            }
            last = e;
            bytes += e.length;
            events++;
        }
        out = addRun(out, n++, run, last);
        cursor = last.id;
        cursorEnd = last.end();
        if (cursor >= head) {
            live = true;
        }
        sentLocked(events, now);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static ByteBuffer[] addRun(ByteBuffer[] out, int at, FeedLog.Entry from, FeedLog.Entry to) {
        if (at == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        ByteBuffer b = from.segment.duplicate();
        b.limit(to.offset + to.length).position(from.offset);
        out[at] = b;
        return out;
    }

    @Override
    protected int idleLocked() {
        if (!live || parked != 0) {
            return 0; // catching up (each drain brings the next batch), or still on the stack
        }
        parked = 1;
        hub.park(this);
        // a publish that came before the push did not see it: take what it brought now
        return wakeLocked();
    }

    /**
     * A live subscriber over its bound: the events after the cursor that fitted within it count as sent, as they did
     * when each was queued on publish; the rest, the ones that did not fit, are returned as refused.
     */
    private int refusedLocked(FeedLog log, long head, long now) {
        long bytes = queuedLocked();
        int fitted = 0;
        for (long id = cursor + 1; id <= head; id++) {
            FeedLog.Entry e = log.entry(id);
            if (e == null || (fitted > 0 || bytes > 0) && bytes + e.length > ctx.backlogBytes) {
                break;
            }
            bytes += e.length;
            fitted++;
        }
        if (fitted > 0) {
            sentLocked(fitted, now);
        }
        return (int) Math.min(Integer.MAX_VALUE, head - cursor - fitted);
    }

    /** The log it reads started after {@code id} before it had any event: the cursor moves there too. */
    synchronized void startAfter(long id) {
        if (cursor == 0 && cursorEnd == 0) {
            cursor = id;
        }
    }

    /**
     * The feed lost events this subscriber had not been given (a shared feed that fell behind its store, or a store
     * that lost them): it says so in a comment and ends, and the client resumes with its Last-Event-ID, where the
     * replay says what is no longer kept. Never a silent gap.
     */
    void cut(String reason) {
        int fx = 0;
        synchronized (this) {
            if (isOpenLocked()) {
                offerLocked(StreamContext.cutComment(reason), 0, ctx.now()); // a full backlog ends without it
                fx = finishLocked(END) | wakeLocked();
            }
        }
        apply(fx);
    }

    /** The hub's lag check: drops this subscriber if its unread bytes went over the bound. */
    void dropIfLagging() {
        int fx = 0;
        synchronized (this) {
            FeedLog log = this.log;
            if (log == null) {
                return; // not joined yet
            }
            long head = log.latest();
            if (isOpenLocked() && overBoundLocked(log, head)) {
                fx = dropSlowLocked(refusedLocked(log, head, ctx.now()));
            }
        }
        apply(fx);
    }
}
