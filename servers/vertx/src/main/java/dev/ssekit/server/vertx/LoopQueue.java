package dev.ssekit.server.vertx;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams of one event loop that have bytes to write, pumped a bounded amount per loop turn.
 *
 * <p>Why: Netty 4.2 runs an event loop's queued tasks for up to a second before it looks at its sockets again, and a
 * stream whose write completes at once would pump its next write from inside the last one. Under a broadcast heavier
 * than the clients can take, one loop turn then drained stream after stream back to back while a new connection waited
 * (0.8 to 1 s for its first byte in the overload scenario). Here every pump goes through this queue; one run pumps for
 * at most {@value #BUDGET_MICROS} µs, and what is left waits for the next turn, after the loop has served its sockets
 * (accepts, reads, the next requests) again.
 */
final class LoopQueue {

    /** Time one run may spend pumping streams before it yields to the loop's sockets. */
    static final long BUDGET_MICROS = 2_000;

    private final EventLoop loop;
    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable run = this::run;

    LoopQueue(EventLoop loop) {
        this.loop = loop;
    }

    /** Queues a stream's pump (each queues itself at most once at a time); callable from any thread. */
    void add(Runnable t) {
        ready.add(t);
        if (scheduled.compareAndSet(false, true)) {
            submit(false);
        }
    }

    private void run() {
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(BUDGET_MICROS);
        int n = 0;
        Runnable t;
        while ((t = ready.poll()) != null) {
            t.run();
            if ((++n & 7) == 0 && System.nanoTime() > deadline) {
                // more than a turn's share: the rest after the loop has looked at its sockets
                submit(true);
                return;
            }
        }
        scheduled.set(false);
        if (!ready.isEmpty() && scheduled.compareAndSet(false, true)) {
            submit(false);
        }
    }

    /**
     * Runs the queue as a task, or, when it yields, as a timer with no delay: Netty moves due timers to its task queue
     * only at the start of a turn, so the run comes after the next look at the sockets.
     */
    private void submit(boolean yield) {
        try {
            if (yield) {
                loop.schedule(run, 0, TimeUnit.NANOSECONDS);
            } else {
                loop.execute(run);
            }
        } catch (RejectedExecutionException e) {
            // Vert.x is closing: its connections, the queued ones included, are gone.
        }
    }
}
