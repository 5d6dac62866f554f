package dev.ssekit.server.undertow;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioIoThread;

/**
 * The streams of one XNIO I/O thread that were woken, drained by one task. A broadcast wakes every idle subscriber;
 * handing each its own task would cost XNIO's task-queue lock and a selector wake-up per subscriber and per event,
 * where this costs one task per I/O thread per burst of wake-ups.
 */
final class IoThreadQueue {

    private final XnioIoThread thread;
    private final ConcurrentLinkedQueue<UndertowTransport> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable run = this::run;

    IoThreadQueue(XnioIoThread thread) {
        this.thread = thread;
    }

    /** Queues a transport to drain (it queues itself at most once at a time); callable from any thread. */
    void add(UndertowTransport t) {
        ready.add(t);
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(run);
            } catch (RejectedExecutionException e) {
                // The worker is shutting down; it closes the connections itself, which reports their close.
            }
        }
    }

    private void run() {
        while (true) {
            UndertowTransport t;
            while ((t = ready.poll()) != null) {
                t.run();
            }
            scheduled.set(false);
            if (ready.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
