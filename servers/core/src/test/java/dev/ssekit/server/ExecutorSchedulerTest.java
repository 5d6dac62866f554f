package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The production scheduler: one named thread, exact pending counts, nothing left after close. */
class ExecutorSchedulerTest {

    @Test
    @DisplayName("[API-017] pendingTasks counts scheduled tasks until they run or are cancelled; periodic ones until cancelled")
    void pendingTasksCountsLiveTasks() throws Exception {
        try (ExecutorScheduler s = new ExecutorScheduler()) {
            assertEquals(0, s.pendingTasks());
            Scheduler.Cancellable a = s.schedule(() -> { }, 3_600_000);
            Scheduler.Cancellable b = s.scheduleAtFixedRate(() -> { }, 3_600_000);
            assertEquals(2, s.pendingTasks());
            a.cancel();
            a.cancel();
            assertEquals(1, s.pendingTasks(), "cancel counts once");
            b.cancel();
            assertEquals(0, s.pendingTasks());
            CountDownLatch ran = new CountDownLatch(1);
            s.schedule(ran::countDown, 0);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            CountDownLatch settled = new CountDownLatch(1);
            s.execute(settled::countDown); // runs after the one-shot task finished
            assertTrue(settled.await(10, TimeUnit.SECONDS));
            assertEquals(0, s.pendingTasks(), "a one-shot task that ran is no longer pending");
        }
    }

    @Test
    @DisplayName("[API-016] tasks run on one non-daemon thread named sse-kit-scheduler, which close() ends")
    void oneNamedThreadEndedByClose() throws Exception {
        ExecutorScheduler s = new ExecutorScheduler();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(2);
        s.execute(() -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        });
        s.execute(() -> {
            assertEquals(thread.get(), Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertEquals("sse-kit-scheduler", thread.get().getName());
        assertFalse(thread.get().isDaemon());
        s.scheduleAtFixedRate(() -> { }, 1);
        s.close();
        thread.get().join(5000);
        assertFalse(thread.get().isAlive());
        assertEquals(0, s.pendingTasks(), "nothing is pending on a closed scheduler");
        Scheduler.Cancellable late = s.schedule(() -> { }, 1);
        late.cancel();
        assertEquals(0, s.pendingTasks());
    }

    @Test
    @DisplayName("[API-010] a periodic task that throws keeps running")
    void throwingPeriodicTaskKeepsRunning() throws Exception {
        try (ExecutorScheduler s = new ExecutorScheduler()) {
            CountDownLatch three = new CountDownLatch(3);
            Scheduler.Cancellable c = s.scheduleAtFixedRate(() -> {
                three.countDown();
                throw new IllegalStateException("expected by the test");
            }, 1);
            assertTrue(three.await(10, TimeUnit.SECONDS));
            c.cancel();
        }
    }
}
