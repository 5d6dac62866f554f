package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code churn}: {@code cycles} connections to the given paths, each aborted (a reset) at a random point: right after
 * sending, after the response head, or after 1 to {@link #MAX_BODY_BYTES} body bytes. The plan (path, point, bytes of
 * every cycle) comes from the run's seed, stated in the result; {@link #WORKERS} clients carry it out at once. Then
 * {@code activeStreams} and {@code scheduledTasks} in {@code /api/stats} return to 0 within {@link #SETTLE_MS}:
 * nothing is left behind by a client that went away.
 */
final class Churn extends Scenario {

    static final long SETTLE_MS = 5_000;
    static final long READ_MS = 2_000;
    static final int WORKERS = 8;
    static final int MAX_BODY_BYTES = 16;
    /** The runner's own cap on the cycles' time; a run that hits it says so. */
    static final long CYCLES_MAX_MS = 30_000;

    record Params(int cycles, List<String> paths, boolean streamsReturnToZero) {
        static Params of(TortureVector v) {
            List<String> paths = new ArrayList<>();
            need(v.params(), "params", "paths").forEach(n -> paths.add(n.asText()));
            if (paths.isEmpty()) {
                throw new BadParams("params.paths is empty");
            }
            return new Params(needInt(v.params(), "params", "cycles"), paths, flag(v.expected(), "streamsReturnToZero"));
        }
    }

    /** One cycle of the plan: where to connect and when to leave (0 after sending, 1 after the head, 2 after body bytes). */
    private record Cycle(String path, int point, int bodyBytes) {
    }

    Churn(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        StatsProbe.Reading before = settle();
        if (!before.ok()) {
            Verdict m = new Verdict(vector);
            m.add("GET /api/stats answers before the churn", before.problem());
            return m.result(null);
        }
        if (!before.has("activeStreams") || !before.has("scheduledTasks")) {
            Verdict m = new Verdict(vector);
            m.add("/api/stats with activeStreams and scheduledTasks", before.json().toString());
            return m.result(null);
        }
        if (!zero(before)) {
            return Verdict.notRun(vector, "streams were already open before the churn (activeStreams " + before.get("activeStreams")
                    + ", scheduledTasks " + before.get("scheduledTasks") + " after " + SETTLE_MS + " ms), so a return to 0 cannot be"
                    + " told from what earlier vectors left");
        }
        Random random = new Random(options.seed());
        List<Cycle> plan = new ArrayList<>();
        for (int i = 0; i < p.cycles(); i++) {
            plan.add(new Cycle(p.paths().get(random.nextInt(p.paths().size())), random.nextInt(3), 1 + random.nextInt(MAX_BODY_BYTES)));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger[] atPoint = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger noHead = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "sse-kit-torture-churn");
            t.setDaemon(true);
            return t;
        });
        for (int w = 0; w < WORKERS; w++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < plan.size() && (System.nanoTime() - t0) / 1_000_000 < CYCLES_MAX_MS) {
                    Cycle cy = plan.get(i);
                    RawConnection c;
                    try {
                        c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0);
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, "cycle " + (i + 1) + ": " + RawConnection.message(e));
                        continue;
                    }
                    try {
                        long deadline = System.nanoTime() + READ_MS * 1_000_000;
                        c.expect("GET");
                        c.write(SendVectors.latin1("GET " + cy.path() + " HTTP/1.1\r\nHost: " + subject.authority()
                                + "\r\nAccept: text/event-stream\r\n\r\n"), deadline);
                        if (cy.point() == 1) {
                            c.readUntil(deadline, () -> !c.responses.isEmpty());
                        } else if (cy.point() == 2) {
                            c.readUntil(deadline, () -> !c.responses.isEmpty() && c.first().bodyBytes >= cy.bodyBytes());
                        }
                        if (cy.point() > 0 && c.responses.isEmpty()) {
                            noHead.incrementAndGet();
                        }
                        atPoint[cy.point()].incrementAndGet();
                    } finally {
                        c.abort();
                    }
                }
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CYCLES_MAX_MS + READ_MS + 10_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long cyclesMs = (System.nanoTime() - t0) / 1_000_000;
        int done = Math.min(next.get(), plan.size());
        StatsProbe.Reading after = settle();
        Verdict m = new Verdict(vector);
        if (p.streamsReturnToZero()) {
            if (!after.ok()) {
                m.add("activeStreams and scheduledTasks back to 0 within " + SETTLE_MS + " ms", "/api/stats: " + after.problem());
            } else if (!zero(after)) {
                m.add("activeStreams and scheduledTasks back to 0 within " + SETTLE_MS + " ms",
                        "activeStreams " + after.get("activeStreams") + ", scheduledTasks " + after.get("scheduledTasks")
                                + " after " + SETTLE_MS + " ms");
            }
        }
        String measured = done + " cycles in " + cyclesMs + " ms by " + WORKERS + " clients (seed " + options.seed() + ") over "
                + p.paths() + ": " + atPoint[0] + " aborted after sending, " + atPoint[1] + " after the head, " + atPoint[2]
                + " after 1-" + MAX_BODY_BYTES + " body bytes"
                + (noHead.get() > 0 ? " (" + noHead + " saw no head within " + READ_MS + " ms)" : "")
                + (failed.get() > 0 ? "; " + failed + " failed to connect, first " + firstFailure.get() : "")
                + (done < p.cycles() ? "; stopped at the runner's cap of " + CYCLES_MAX_MS + " ms" : "")
                + "; then activeStreams " + after.get("activeStreams") + ", scheduledTasks " + after.get("scheduledTasks")
                + " after " + after.ms() + " ms of polling";
        return m.result(measured);
    }

    /** Polls /api/stats every 100 ms until both counters are 0, for at most {@link #SETTLE_MS}; returns the last reading. */
    private StatsProbe.Reading settle() {
        long t0 = System.nanoTime();
        StatsProbe.Reading r;
        do {
            r = stats(5_000);
            if (r.ok() && zero(r)) {
                break;
            }
            Memory.sleep(100);
        } while ((System.nanoTime() - t0) / 1_000_000 < SETTLE_MS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new StatsProbe.Reading(r.json(), ms, r.problem());
    }

    private static boolean zero(StatsProbe.Reading r) {
        return r.get("activeStreams") == 0 && r.get("scheduledTasks") == 0;
    }
}
