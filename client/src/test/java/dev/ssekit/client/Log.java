package dev.ssekit.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records what an EventSource's callbacks got, in order, as short lines; tests wait on it. */
final class Log {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<MessageEvent> events = new CopyOnWriteArrayList<>();
    final List<ErrorEvent> errors = new CopyOnWriteArrayList<>();
    final List<OpenEvent> opens = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    /** A builder whose callbacks all write to this log. */
    EventSource.Builder attach(EventSource.Builder b) {
        return b.onOpen(o -> {
            threads.add(Thread.currentThread().getName());
            opens.add(o);
            add("open");
        }).onEvent(e -> {
            threads.add(Thread.currentThread().getName());
            events.add(e);
            add(e.type() + ":" + e.data() + "#" + e.lastEventId());
        }).onError(e -> {
            threads.add(Thread.currentThread().getName());
            errors.add(e);
            add("error:" + e.reason() + (e.willReconnect() ? " in " + e.reconnectDelay().toMillis() : " closed"));
        }).onRetry(d -> add("retry:" + d.toMillis()));
    }

    private void add(String line) {
        synchronized (this) {
            lines.add(line);
            notifyAll();
        }
    }

    /** Waits until some line matches; fails with everything logged after the timeout. */
    void await(Predicate<List<String>> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.test(new ArrayList<>(lines))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; logged: " + lines);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    void awaitLine(String line) throws InterruptedException {
        await(l -> l.contains(line), Duration.ofSeconds(10), "\"" + line + "\"");
    }

    void awaitCount(String prefix, int n) throws InterruptedException {
        await(l -> l.stream().filter(s -> s.startsWith(prefix)).count() >= n, Duration.ofSeconds(10), n + " x " + prefix);
    }

    /** The lines that are events, opens and errors (retry lines left out). */
    List<String> flow() {
        return lines.stream().filter(s -> !s.startsWith("retry:")).toList();
    }
}
