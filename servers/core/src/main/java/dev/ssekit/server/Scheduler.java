package dev.ssekit.server;

/**
 * Time for the core: every delay and timer goes through here, so unit tests drive time by hand
 * ({@code ManualScheduler}) and need no sleeps.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} once after {@code delayMs}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayMs);

    /** Runs {@code task} every {@code periodMs}, first after {@code periodMs}. */
    Cancellable scheduleAtFixedRate(Runnable task, long periodMs);

    /** Runs {@code task} as soon as possible on the scheduler's thread. */
    void execute(Runnable task);

    /** Monotonic milliseconds. */
    long nowMs();

    /** Tasks scheduled and not yet run or cancelled (periodic tasks count until cancelled). */
    int pendingTasks();

    @Override
    void close();

    interface Cancellable {
        void cancel();
    }
}
