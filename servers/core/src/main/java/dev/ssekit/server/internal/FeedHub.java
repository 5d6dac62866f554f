package dev.ssekit.server.internal;

import dev.ssekit.server.FeedStore;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broadcast feed: one producer, many subscribers, the same ids for all (API-019), and replay (API-020), on one
 * shared log ({@link FeedLog}). Each subscriber ({@link FeedStream}) is a cursor into the log; its connection's I/O
 * thread takes what lies between its cursor and the head when it polls.
 *
 * <p>Publishing appends once (encode, copy into a segment) under the hub's lock, then wakes the subscribers that were
 * idle: each idle subscriber has pushed itself on a lock-free stack, and the publisher takes the whole stack with one
 * swap and wakes each adapter. Busy subscribers, the ones with a write in flight, are not touched: they find the new
 * events when their write completes. Up to {@value #INLINE_WAKES} wake-ups are made by the publisher itself (a small
 * feed spares each event a thread hop); the rest of the stack goes to the scheduler's thread. Nothing here waits for a
 * client, so the publisher never blocks on one (API-024).
 *
 * <p>Slow clients (API-024): the hub knows how many bytes the log has grown since its last lag check and the least
 * room any live subscriber had then; once the log has grown by that room, some subscriber may be over its bound, and
 * the hub checks them all. A feed whose readers keep up is checked about once per backlog bound of bytes published.
 *
 * <p>A feed shared by several servers ({@link FeedStore}) is filled by its store instead ({@link #deliver}): the same
 * log and fan-out, with the store's ids. When the store says events are lost, the hub starts a new log after them and
 * cuts every subscriber ({@link FeedStream#cut}); their resume meets the new log's gap comment.
 */
public final class FeedHub implements FeedStore.Sink {

    /** Wake-ups a publisher makes itself; the rest of the stack is woken on the scheduler's thread. */
    static final int INLINE_WAKES = 32;
    /** What a live subscriber may have queued of its own (the retry, a heartbeat) that the lag check does not read. */
    static final int SMALL_OWN = 64;
    /** Members up to which the publisher makes the lag check itself. */
    static final int INLINE_CHECK = 32;

    private final StreamContext ctx;
    private final Set<FeedStream> members = ConcurrentHashMap.newKeySet(); // joined and not finished
    private final Object lock = new Object(); // serialises appends
    private final int replayCapacity;
    private volatile FeedLog log; // replaced only when a store lost events
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    /** A request that waits for this server to have read up to {@code id} (a resume from a faster server). */
    private record Waiter(long id, CompletableFuture<Long> reached) {
    }

    private final AtomicReference<FeedStream> parked = new AtomicReference<>(); // the park stack's top
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Runnable wakeTask = this::wakeScheduled;
    private final AtomicInteger goneParked = new AtomicInteger(); // subscribers that left while on the stack

    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final Runnable checkTask = this::checkScheduled;
    private volatile long nextCheckAt; // log position at which some live subscriber may be over its bound

    public FeedHub(StreamContext ctx, int replayCapacity) {
        this.ctx = ctx;
        this.replayCapacity = replayCapacity;
        this.log = new FeedLog(replayCapacity, ctx.backlogBytes);
        this.nextCheckAt = 0; // the first publish checks and learns the room
    }

    FeedLog log() {
        return log;
    }

    /** The id of the newest published event, 0 before the first. */
    public long latest() {
        return log.latest();
    }

    /** Subscribers that have joined and not finished. */
    public int subscribers() {
        return members.size();
    }

    /** A subscriber that replays what follows {@code after}, or only live events when {@code after < 0}. */
    public FeedStream subscriber(long after) {
        return new FeedStream(ctx, this, after);
    }

    /** A stream that says why it cannot be served now and ends, so that the client resumes after {@code after}. */
    EventStream cutStream(long after, String reason) {
        return new CutStream(ctx, after, reason);
    }

    /** Publishes {@code data} to every subscriber; returns its id. */
    public long publish(String data) {
        long id;
        long total;
        synchronized (lock) {
            id = log.append(data).id;
            total = log.totalBytes();
        }
        fanOut(total);
        return id;
    }

    @Override
    public void deliver(long id, String data) {
        long total;
        synchronized (lock) {
            long latest = log.latest();
            if (id <= latest) {
                return; // read again after a reconnect
            }
            if (id > latest + 1 && latest == 0) {
                // a server joining a feed that has run for a while: nobody here has had an event yet, so those who
                // subscribed meanwhile simply start with this one
                log.restartAfter(id - 1);
                for (FeedStream s : members) {
                    s.startAfter(id - 1);
                }
            } else if (id > latest + 1) {
                restartLocked(id - 1, "events " + (latest + 1) + " to " + (id - 1)
                        + " could not be read from the feed's store");
            }
            log.append(data);
            total = log.totalBytes();
        }
        fanOut(total);
        wakeWaiters(id);
    }

    @Override
    public void lost(long upTo, String reason) {
        synchronized (lock) {
            if (upTo <= log.latest()) {
                // nothing this server has is lost: the log stays for replay, and only the subscribers are cut
                for (FeedStream s : members) {
                    s.cut(reason);
                }
                return;
            }
            restartLocked(upTo, reason);
        }
        wakeWaiters(upTo);
    }

    /** A new, empty log after {@code after}; every subscriber of the old one is told why, and its stream ends. */
    private void restartLocked(long after, String reason) {
        FeedLog fresh = new FeedLog(replayCapacity, ctx.backlogBytes);
        fresh.restartAfter(after);
        log = fresh;
        nextCheckAt = 0;
        for (FeedStream s : members) {
            s.cut(reason);
        }
    }

    /**
     * Completes once this server has the event {@code id} (at once if it has), or never: the caller bounds the wait.
     * Each waiter is one request in flight.
     */
    public CompletableFuture<Long> reached(long id) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (log.latest() >= id) {
            f.complete(log.latest());
            return f;
        }
        waiters.add(new Waiter(id, f));
        wakeWaiters(log.latest()); // it may have come in between
        f.whenComplete((v, e) -> waiters.removeIf(w -> w.reached == f)); // a timed-out waiter goes too
        return f;
    }

    private void wakeWaiters(long latest) {
        if (waiters.isEmpty()) {
            return;
        }
        for (Waiter w : waiters) {
            if (w.id <= latest) {
                w.reached.complete(latest);
            }
        }
    }

    /** Wakes the parked subscribers after an append, and checks for slow ones when one may be over its bound. */
    private void fanOut(long total) {
        if (parked.get() != null) {
            wakeParked(INLINE_WAKES);
        }
        if (total >= nextCheckAt) {
            if (members.size() <= INLINE_CHECK) {
                checkLag();
            } else if (checkPending.compareAndSet(false, true)) {
                ctx.scheduler.execute(checkTask);
            }
        }
    }

    /** A live subscriber with nothing to write waits for the next publish. Called under its monitor. */
    void park(FeedStream s) {
        while (true) {
            FeedStream top = parked.get();
            s.next = top;
            if (parked.compareAndSet(top, s)) {
                return;
            }
        }
    }

    /**
     * Takes the whole park stack and wakes up to {@code inline} subscribers on this thread; the rest go back to the
     * scheduler's thread. A subscriber's link is cleared before its flag, so it can park again at once.
     */
    private void wakeParked(int inline) {
        FeedStream s = parked.getAndSet(null);
        int woken = 0;
        while (s != null) {
            if (woken == inline) {
                handOff(s);
                return;
            }
            FeedStream next = s.next;
            s.next = null;
            s.parked = 0;
            if (!s.gone) {
                s.wakeAdapter(); // no lock; a spurious wake-up is harmless
            }
            woken++;
            s = next;
        }
    }

    /** Puts a popped chain back on the stack and lets the scheduler's thread wake it. */
    private void handOff(FeedStream chain) {
        FeedStream tail = chain;
        while (tail.next != null) {
            tail = tail.next;
        }
        while (true) {
            FeedStream top = parked.get();
            tail.next = top;
            if (parked.compareAndSet(top, chain)) {
                break;
            }
        }
        if (wakePending.compareAndSet(false, true)) {
            ctx.scheduler.execute(wakeTask);
        }
    }

    private void wakeScheduled() {
        wakePending.set(false);
        wakeParked(Integer.MAX_VALUE);
    }

    private void checkScheduled() {
        checkPending.set(false);
        checkLag();
    }

    /** Drops every live subscriber over its bound, and works out when the next check is due. */
    private void checkLag() {
        long total = log.totalBytes();
        long room = ctx.backlogBytes;
        for (FeedStream s : members) {
            if (!s.live()) {
                continue;
            }
            long lag = total - s.cursorEnd(); // its own few queued bytes (retry, heartbeat) are checked under its lock
            if (lag > ctx.backlogBytes - SMALL_OWN) {
                s.dropIfLagging(); // exact, under its lock; one that stays is checked again at the next publish
            }
            room = Math.min(room, ctx.backlogBytes - SMALL_OWN - lag);
        }
        nextCheckAt = total + Math.max(1, room);
    }

    /** A subscriber opens: it becomes a member and takes its cursor. */
    int join(FeedStream s) {
        synchronized (s) {
            if (!s.beginLocked()) {
                return 0; // shut down before it started: it never joins
            }
            members.add(s);
            return s.joinLocked(log, ctx.now());
        }
    }

    /**
     * A subscriber finished: no more lag checks. If it is on the park stack it stays there until the next wake pass;
     * once as many have left that way as there are members, a wake pass is made on the scheduler's thread, so a feed that
     * churns subscribers without publishing does not keep them all (the live ones it wakes park again).
     */
    void leave(FeedStream s) {
        members.remove(s);
        s.gone = true;
        if (s.parked != 0 && goneParked.incrementAndGet() > Math.max(64, members.size())) {
            goneParked.set(0);
            if (wakePending.compareAndSet(false, true)) {
                ctx.scheduler.execute(wakeTask);
            }
        }
    }
}
