package dev.ssekit.server.internal;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broadcast feed: one producer, many subscribers, the same ids for all (API-019), and a bounded replay ring
 * (API-020).
 *
 * <p>Publishing is constant work for the caller, whatever the number of subscribers: the event is encoded once and
 * appended to a shared log of byte segments, the ring keeps a read-only view of it, and a fan-out pass is handed to
 * the scheduler's thread if none is pending (a feed of at most {@value #INLINE_SUBSCRIBERS} subscribers gets its pass
 * from the publisher, which spares each event a thread hop). The pass takes every event published since the previous pass and gives
 * each live subscriber, under its own monitor, views of the log covering all of them: consecutive events in one
 * segment become one view, so a subscriber pays one offer and one wake-up per pass, not per event. The busier the
 * feed, the more events one pass carries (the coalescing the bench's ceiling server does). Nothing here waits for a
 * client, so the publisher never blocks on one (API-024).
 *
 * <p>A subscriber that resumes is fed from the ring in batches, one after each drain, and joins the live fan-out
 * once it has caught up; until then passes skip it and it reads the ring itself, so the order holds and nothing is
 * sent twice (each subscriber's cursor is the id of the last event queued to it). One that falls further behind than
 * the ring holds is dropped as a slow client.
 */
public final class FeedHub {

    /** Size of a log segment; an event larger than this gets a segment of its own. */
    static final int SEGMENT_BYTES = 64 * 1024;

    /** Up to this many subscribers the publisher makes the pass itself, when no other pass is running. */
    static final int INLINE_SUBSCRIBERS = 32;

    private final StreamContext ctx;
    private final Object lock = new Object();
    private final Set<FeedStream> members; // the registry's feed set: a stream is registered once
    private final Runnable pass = this::fanOut;
    private volatile long latest;

    // Guarded by lock.
    private final ReplayBuffer ring;
    private byte[] segment; // the log segment new events are appended to
    private int segmentFill;
    private List<ReplayBuffer.Encoded> unpassed = new ArrayList<>(); // published, not yet taken by a pass
    private long unpassedBytes;
    private boolean passPending;

    /** Passes run one at a time, so each subscriber gets batches in id order. Taken before {@link #lock}, never inside it. */
    private final ReentrantLock passLock = new ReentrantLock();

    public FeedHub(StreamContext ctx, int replayCapacity) {
        this.ctx = ctx;
        this.members = ctx.registry.feed();
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
        long id;
        boolean schedule;
        boolean inline;
        synchronized (lock) {
            id = ring.latest() + 1;
            byte[] bytes = EventStreamEncoder.encode(new OutgoingEvent(null, null, Long.toString(id), null, data));
            ReplayBuffer.Encoded e = append(bytes);
            ring.add(id, e);
            unpassed.add(e);
            unpassedBytes += bytes.length;
            latest = id;
            schedule = !passPending;
            passPending = true;
            // A burst faster than the passes: hand it out here rather than let the unpassed list grow without bound.
            // A quarter of the backlog bound keeps one pass small enough for a subscriber that keeps up to take.
            inline = unpassedBytes > ctx.backlogBytes / 4;
        }
        if (inline) {
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

    /** Copies an encoded event to the end of the log; returns a read-only view of it there. */
    private ReplayBuffer.Encoded append(byte[] bytes) {
        if (segment == null || segment.length - segmentFill < bytes.length) {
            segment = new byte[Math.max(SEGMENT_BYTES, bytes.length)];
            segmentFill = 0;
        }
        System.arraycopy(bytes, 0, segment, segmentFill, bytes.length);
        ReplayBuffer.Encoded e = new ReplayBuffer.Encoded(segment, segmentFill, bytes.length);
        segmentFill += bytes.length;
        return e;
    }

    /** One fan-out pass: everything published since the last pass, to every live member. */
    private void fanOut() {
        passLock.lock();
        try {
            fanOutLocked();
        } finally {
            passLock.unlock();
        }
    }

    private void fanOutLocked() {
        Batch batch;
        synchronized (lock) {
            passPending = false;
            if (unpassed.isEmpty()) {
                return;
            }
            long to = ring.latest();
            ReplayBuffer.Encoded[] events = unpassed.toArray(new ReplayBuffer.Encoded[0]);
            batch = new Batch(to - events.length + 1, to, events);
            unpassed = new ArrayList<>();
            unpassedBytes = 0;
        }
        long now = ctx.now();
        for (FeedStream s : members) {
            int fx;
            synchronized (s) {
                fx = deliverLocked(s, batch, now);
            }
            s.applyEffects(fx);
        }
    }

    private int deliverLocked(FeedStream s, Batch b, long now) {
        if (!s.live || !s.isOpenLocked() || s.cursor >= b.to) {
            return 0; // not caught up yet, gone, or it read these from the ring itself
        }
        if (s.cursor + 1 < b.from) {
            // cannot happen (passes are contiguous and in order, and a subscriber goes live at the ring's newest id);
            // were it to, losing events silently would be worse than dropping the subscriber, which can resume
            return s.dropSlowLocked((int) Math.min(Integer.MAX_VALUE, b.to - s.cursor));
        }
        int first = (int) (s.cursor + 1 - b.from);
        if (first == 0 && b.runs != null) {
            for (int i = 0; i < b.runs.length; i++) {
                if (!s.offerLocked(b.runs[i].duplicate(), b.runEvents[i], now)) {
                    int refused = 0;
                    for (int j = i; j < b.runs.length; j++) {
                        refused += b.runEvents[j];
                    }
                    return s.dropSlowLocked(refused);
                }
            }
        } else {
            for (int i = first; i < b.events.length; i++) {
                if (!s.offerLocked(b.events[i].view(), 1, now)) {
                    return s.dropSlowLocked(b.events.length - i);
                }
            }
        }
        s.cursor = b.to;
        return s.wakeLocked();
    }

    /**
     * The events of one pass, and the same bytes as runs: one view per stretch of consecutive events in one log
     * segment. Runs are made only when none is larger than a backlog may take, so the bound holds as per event.
     */
    private final class Batch {
        final long from;
        final long to;
        final ReplayBuffer.Encoded[] events;
        final ByteBuffer[] runs;
        final int[] runEvents;

        Batch(long from, long to, ReplayBuffer.Encoded[] events) {
            this.from = from;
            this.to = to;
            this.events = events;
            List<ByteBuffer> r = new ArrayList<>(2);
            List<Integer> counts = new ArrayList<>(2);
            for (int i = 0; i < events.length; ) {
                ReplayBuffer.Encoded first = events[i];
                int end = first.offset + first.length;
                int j = i + 1;
                while (j < events.length && events[j].segment == first.segment && events[j].offset == end) {
                    end += events[j].length;
                    j++;
                }
                if (j - i > 1 && end - first.offset > ctx.backlogBytes) {
                    runs = null;
                    runEvents = null;
                    return;
                }
                r.add(ByteBuffer.wrap(first.segment, first.offset, end - first.offset).slice().asReadOnlyBuffer());
                counts.add(j - i);
                i = j;
            }
            runs = r.toArray(new ByteBuffer[0]);
            runEvents = counts.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int join(FeedStream s) {
        synchronized (lock) {
            synchronized (s) {
                if (!s.beginLocked()) {
                    return 0;
                }
                long now = ctx.now(); // already a member: the registry took it in when it opened
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

    private int catchUpLocked(FeedStream s, long now) {
        long oldest = ring.oldest();
        if (s.cursor + 1 < oldest) {
            return s.dropSlowLocked((int) Math.min(Integer.MAX_VALUE, oldest - 1 - s.cursor));
        }
        while (s.cursor < ring.latest()) {
            if (s.queuedLocked() >= ctx.batchBytes) {
                return 0; // the next drain brings the next batch
            }
            if (!s.offerLocked(ring.get(s.cursor + 1).view(), 1, now)) {
                return s.dropSlowLocked(1);
            }
            s.cursor++;
        }
        s.live = true;
        return 0;
    }
}
