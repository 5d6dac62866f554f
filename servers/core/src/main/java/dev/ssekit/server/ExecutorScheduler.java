package dev.ssekit.server;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link Scheduler}: one thread, {@code sse-kit-scheduler}, not a daemon, stopped by
 * {@link #close()}. Cancelled tasks leave the queue at once, so a core with no clients holds no task. A task that
 * throws is reported and, if periodic, keeps running.
 */
public final class ExecutorScheduler implements Scheduler {

    private static final System.Logger LOG = System.getLogger(ExecutorScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread thread;
    private volatile boolean closed;

    public ExecutorScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sse-kit-scheduler");
            t.setDaemon(false);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        Handle h = new Handle();
        pending.incrementAndGet();
        try {
            h.attach(executor.schedule(() -> {
                if (h.finish()) {
                    run(task);
                }
            }, Math.max(0, delayMs), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            h.cancel(); // closed: the task never runs
        }
        return h;
    }

    @Override
    public Cancellable scheduleAtFixedRate(Runnable task, long periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("periodMs must be > 0, got " + periodMs);
        }
        Handle h = new Handle();
        pending.incrementAndGet();
        try {
            h.attach(executor.scheduleAtFixedRate(() -> {
                if (!h.done.get()) {
                    run(task);
                }
            }, periodMs, periodMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            h.cancel();
        }
        return h;
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "scheduler closed; task dropped");
        }
    }

    @Override
    public long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public int pendingTasks() {
        return closed ? 0 : pending.get();
    }

    /**
     * Stops the thread; tasks not yet run never run, and none is pending any more. Waits up to a second for a
     * running task to finish. Tasks scheduled later never run.
     */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled task failed", e);
        }
    }

    private final class Handle implements Cancellable {

        final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> future;

        void attach(ScheduledFuture<?> f) {
            future = f;
            if (done.get() && !f.isDone()) {
                f.cancel(false); // cancelled before the future existed
            }
        }

        /** Marks a one-shot task as run; false if it was cancelled first. */
        boolean finish() {
            if (done.compareAndSet(false, true)) {
                pending.decrementAndGet();
                return true;
            }
            return false;
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                pending.decrementAndGet();
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
            }
        }
    }
}
