package dev.ssekit.server.internal;

import dev.ssekit.server.Outbox;
import dev.ssekit.server.SseStream;
import dev.ssekit.server.Transport;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One open event stream: its bounded backlog ({@link Outbox}), its lifecycle, and the rules every stream shares.
 *
 * <p>Backlog: the bytes queued and not yet polled by the adapter. An offer that would take them over
 * {@code backlogBytes} is refused, and the stream is dropped as a slow client: {@link Transport#abort()}, counted
 * in {@code slowClientsDropped}, the refused events counted in {@code eventsDroppedForSlowClients}. A backlog that
 * is empty always takes one event, however large, so the bound may be smaller than the largest event. Nothing
 * here ever blocks or waits for the client.
 *
 * <p>Threads: the adapter calls {@link #poll()}, {@link #onDrained()} and {@link #onClosed()} from its I/O thread,
 * producers call from the scheduler's thread or a request thread. All state is guarded by this object's monitor,
 * held only for a few field updates; the {@link Transport} is always called after the monitor is released (the
 * {@code apply} of an effect set), so an adapter that runs a wake-up on the calling thread can call straight back.
 * Lock order where two are held: broadcast hub, then stream.
 */
public abstract class EventStream implements SseStream, Outbox {

    /** Effects computed under the monitor and applied after it is released. */
    protected static final int WAKE = 1;
    protected static final int END = 2;
    protected static final int ABORT = 4;
    protected static final int SLOW = 8;
    protected static final int FINISHED = 16;

    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private enum State { NEW, OPEN, DROPPING, FINISHED }

    protected final StreamContext ctx;
    private volatile Transport transport;

    // Guarded by this.
    private State state = State.NEW;
    private ByteBuffer[] items; // allocated on the first offer and dropped on each poll: an idle stream holds none
    private int count;
    private long queued;
    private boolean wakePending;
    private boolean inFlight;
    private boolean refilling;
    private boolean refillAgain;
    private long lastOfferMs;
    private int pollEffects; // effects decided inside moreLocked, applied once poll releases the monitor

    protected EventStream(StreamContext ctx) {
        this.ctx = ctx;
    }

    /** Starts the stream on the adapter's transport; called once, by {@code SseResponse.Stream#open}. */
    public final SseStream open(Transport t) {
        if (transport != null) {
            throw new IllegalStateException("stream already opened");
        }
        transport = t;
        if (!ctx.registry.add(this)) { // the core is closing: end at once, the client comes back later
            synchronized (this) {
                state = State.FINISHED;
            }
            t.end();
            return this;
        }
        apply(start());
        return this;
    }

    /**
     * Queues the opening events; the subclass takes its own locks (hub before stream) and begins with
     * {@link #beginLocked()}.
     */
    protected abstract int start();

    /** Pull production after the adapter drained the backlog; called outside every lock, never re-entered. */
    protected int refill() {
        return 0;
    }

    /** The stream enters DROPPING or FINISHED: cancel its own timers. Called under the monitor. */
    protected void stopProducingLocked() {
    }

    /** The stream has finished and left the registry; called once, with no lock held. */
    protected void finished() {
    }

    /**
     * A stream that reads from a shared source (the feed's log) appends what it takes to the buffers {@code own} the
     * adapter is about to get, under the monitor, while the stream is open. It may drop the stream instead
     * ({@link #dropOnPollLocked(int)}). The default takes nothing.
     */
    protected ByteBuffer[] moreLocked(ByteBuffer[] own, long now) {
        return own;
    }

    /** Bytes the shared source holds for this stream beyond its own backlog; 0 by default. */
    protected long moreBytesLocked() {
        return 0;
    }

    /**
     * The adapter found nothing to write and nothing is in flight: a stream that waits on a shared source registers to
     * be woken here. Returns effects (WAKE when something arrived meanwhile).
     */
    protected int idleLocked() {
        return 0;
    }

    // ---- Outbox -------------------------------------------------------------------------------------------

    @Override
    public final Outbox outbox() {
        return this;
    }

    @Override
    public final ByteBuffer[] poll() {
        ByteBuffer[] out;
        int fx = 0;
        synchronized (this) {
            wakePending = false;
            if (count == 0) {
                out = NONE;
            } else {
                out = count == items.length ? items : Arrays.copyOf(items, count);
                items = null;
                count = 0;
                queued = 0;
            }
            if (state == State.OPEN) {
                out = moreLocked(out, ctx.now());
                fx = pollEffects;
                pollEffects = 0;
                if ((fx & ABORT) != 0) {
                    out = NONE;
                } else if (out.length == 0) {
                    fx |= idleLocked();
                }
            }
            if (out.length > 0) {
                inFlight = true;
            }
        }
        apply(fx);
        return out;
    }

    @Override
    public synchronized long queuedBytes() {
        return queued + (state == State.OPEN ? moreBytesLocked() : 0);
    }

    // ---- SseStream ----------------------------------------------------------------------------------------

    @Override
    public final void onDrained() {
        int fx;
        synchronized (this) {
            inFlight = false;
            if (state == State.DROPPING && count == 0) {
                fx = finishLocked(ABORT); // API-018: the cut comes after the last piece is written
            } else {
                fx = wakeLocked();
                if (fx == 0 && state == State.OPEN && count == 0 && moreBytesLocked() == 0) {
                    fx = idleLocked();
                }
            }
        }
        apply(fx);
        refillLoop();
    }

    @Override
    public final void onClosed() {
        int fx = 0;
        synchronized (this) {
            clearLocked();
            if (state != State.FINISHED) {
                fx = finishLocked(0); // API-016: timers go at once
            }
        }
        apply(fx);
    }

    // ---- for the core -------------------------------------------------------------------------------------

    /** Graceful close: the response ends after what is queued, and EventSource reconnects (PROC-011). */
    public final void shutdown() {
        int fx;
        synchronized (this) {
            if (state == State.FINISHED) {
                return;
            }
            fx = finishLocked(END) | wakeLocked();
        }
        apply(fx);
    }

    /** A comment for a stream that had nothing queued for {@code heartbeatMs} and is not being written. */
    final void heartbeat(long now) {
        int fx;
        synchronized (this) {
            if (state != State.OPEN || count > 0 || inFlight || now - lastOfferMs < ctx.heartbeatMs) {
                return;
            }
            add(ctx.heartbeat());
            lastOfferMs = now;
            fx = wakeLocked();
        }
        apply(fx);
    }

    // ---- for subclasses (the *Locked methods need the monitor) --------------------------------------------

    /** NEW to OPEN; false if the stream was already shut down. */
    protected final boolean beginLocked() {
        if (state != State.NEW) {
            return false;
        }
        state = State.OPEN;
        lastOfferMs = ctx.now();
        return true;
    }

    protected final boolean isOpenLocked() {
        return state == State.OPEN;
    }

    protected final long queuedLocked() {
        return queued;
    }

    /**
     * Queues a buffer the stream owns (a fresh view); false if it would take the backlog over its bound, and then
     * the caller returns {@link #dropSlowLocked(int)}.
     */
    protected final boolean offerLocked(ByteBuffer own, int events, long now) {
        int n = own.remaining();
        if (count > 0 && queued + n > ctx.backlogBytes) {
            return false;
        }
        add(own);
        lastOfferMs = now;
        if (events > 0) {
            ctx.counters.eventsSent.add(events);
        }
        return true;
    }

    /** {@link #dropSlowLocked(int)} from inside {@link #moreLocked}: the poll returns nothing and the stream is cut. */
    protected final ByteBuffer[] dropOnPollLocked(int refusedEvents) {
        pollEffects |= dropSlowLocked(refusedEvents);
        return NONE;
    }

    /** Counts events handed to the adapter by {@link #moreLocked} (pieces queued with an offer count themselves). */
    protected final void sentLocked(int events, long now) {
        ctx.counters.eventsSent.add(events);
        lastOfferMs = now;
    }

    /** API-024: the client is too slow; drop it now (it can resume with Last-Event-ID). */
    protected final int dropSlowLocked(int refusedEvents) {
        ctx.counters.eventsDroppedForSlowClients.add(refusedEvents);
        return finishLocked(ABORT) | SLOW;
    }

    /** Closes the connection once everything queued so far is written (fault injection, API-018). */
    protected final int abortAfterFlushLocked() {
        if (count == 0 && !inFlight) {
            return finishLocked(ABORT);
        }
        state = State.DROPPING;
        stopProducingLocked();
        return 0;
    }

    /** Ends (END) or aborts (ABORT) the stream; the effects to apply. */
    protected final int finishLocked(int how) {
        state = State.FINISHED;
        stopProducingLocked();
        if ((how & ABORT) != 0) {
            clearLocked();
        }
        return how | FINISHED;
    }

    /** WAKE if there is something to poll and the adapter was not told yet. */
    protected final int wakeLocked() {
        if ((count > 0 || state == State.OPEN && moreBytesLocked() > 0) && !wakePending) {
            wakePending = true;
            return WAKE;
        }
        return 0;
    }

    /** Tells the adapter there may be something to poll, with no lock held; a spurious call is harmless. */
    protected final void wakeAdapter() {
        Transport t = transport;
        if (t != null) {
            t.wakeUp();
        }
    }

    /** Applies effects; call with no lock held. */
    protected final void apply(int fx) {
        if (fx == 0) {
            return;
        }
        if ((fx & FINISHED) != 0) {
            ctx.registry.remove(this);
            finished();
        }
        if ((fx & SLOW) != 0) {
            ctx.counters.slowClientsDropped.increment();
        }
        Transport t = transport;
        if ((fx & ABORT) != 0) {
            t.abort();
            return;
        }
        if ((fx & WAKE) != 0) {
            t.wakeUp();
        }
        if ((fx & END) != 0) {
            t.end();
        }
    }

    private void add(ByteBuffer b) {
        if (items == null) {
            items = new ByteBuffer[4];
        } else if (count == items.length) {
            items = Arrays.copyOf(items, count * 2);
        }
        items[count++] = b;
        queued += b.remaining();
    }

    private void clearLocked() {
        items = null;
        count = 0;
        queued = 0;
    }

    /**
     * Runs {@link #refill()} until no drain arrived meanwhile. An adapter may poll and report the drain on the
     * calling thread inside {@code wakeUp()}; that nested call only marks the loop to go round again, so the stack
     * stays flat however fast the client reads.
     */
    private void refillLoop() {
        synchronized (this) {
            if (refilling) {
                refillAgain = true;
                return;
            }
            refilling = true;
        }
        while (true) {
            apply(refill());
            synchronized (this) {
                if (!refillAgain) {
                    refilling = false;
                    return;
                }
                refillAgain = false;
            }
        }
    }
}
