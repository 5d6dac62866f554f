package dev.ssekit.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose clock moves only when a test says so: {@link #advance(long)} runs every task that falls
 * due, in due-time order (ties in the order scheduled), each at its own due time. No threads, no sleeps.
 */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.seq));
    private long now;
    private long seq;
    private boolean closed;
    private int ran;

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMs) {
        return add(task, Math.max(0, delayMs), 0);
    }

    @Override
    public synchronized Cancellable scheduleAtFixedRate(Runnable task, long periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("periodMs must be > 0");
        }
        return add(task, periodMs, periodMs);
    }

    @Override
    public synchronized void execute(Runnable task) {
        add(task, 0, 0);
    }

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized int pendingTasks() {
        return queue.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Tasks run so far (a periodic task counts once per run). */
    public synchronized int tasksRun() {
        return ran;
    }

    /** Moves the clock forward by {@code ms}, running each task as its time comes. */
    public void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = t.due;
                if (t.period > 0) {
                    t.due += t.period;
                    t.seq = seq++;
                    queue.add(t);
                }
                ran++;
            }
            t.task.run();
        }
    }

    /** Runs what is due now (tasks given to {@link #execute}). */
    public void runDue() {
        advance(0);
    }

    /** Due times of the pending tasks, soonest first. */
    public synchronized List<Long> dueTimes() {
        List<Long> out = new ArrayList<>();
        for (Task t : queue) {
            out.add(t.due);
        }
        out.sort(null);
        return out;
    }

    private Task add(Runnable task, long delay, long period) {
        if (closed) {
            throw new IllegalStateException("scheduler closed");
        }
        Task t = new Task(task, now + delay, period, seq++);
        queue.add(t);
        return t;
    }

    private final class Task implements Cancellable {

        final Runnable task;
        final long period;
        long due;
        long seq;

        Task(Runnable task, long due, long period, long seq) {
            this.task = task;
            this.due = due;
            this.period = period;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                queue.remove(this);
            }
        }
    }
}
