package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The torture engine, plain Java: every torture vector of the spec against one {@link TortureSubject}, one
 * {@link ResultEntry} each. {@code send} vectors run several at a time, each on its own connection; scenarios run
 * after them, one at a time, since they measure the server's memory and counters. A vector whose {@code needs} the
 * subject lacks is {@code not-applicable}; one the runner cannot carry out for reasons of its own is {@code not-run},
 * with the reason. One line per finished vector goes to the progress stream.
 */
public final class TortureRunner implements AutoCloseable {

    private final TortureSubject subject;
    private final TortureOptions options;
    private final List<TortureCase> cases;
    private final Map<TortureCase, CompletableFuture<ResultEntry>> results = new LinkedHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private ExecutorService pool;

    public TortureRunner(TortureSubject subject, TortureOptions options) {
        this.subject = subject;
        this.options = options;
        List<TortureCase> list = new ArrayList<>();
        for (TortureVector v : Vectors.torture()) {
            list.add(new TortureCase(v, this));
        }
        this.cases = Collections.unmodifiableList(list);
    }

    /** One case per torture vector, in the spec's order. */
    public List<TortureCase> cases() {
        return cases;
    }

    /** Runs every vector (those not run yet) and returns the results in the spec's order. */
    public List<ResultEntry> runAll() {
        List<ResultEntry> out = new ArrayList<>();
        for (TortureCase c : cases) {
            out.add(c.result());
        }
        return out;
    }

    /** Facts for a results file's {@code meta}. */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("subject", subject.name());
        m.put("address", subject.authority());
        m.put("offers", subject.offers());
        m.put("requestDeadlineMs", subject.requestDeadlineMs() > 0 ? String.valueOf(subject.requestDeadlineMs()) : "none declared");
        m.put("seed", String.valueOf(options.seed()));
        m.put("concurrency", String.valueOf(options.concurrency()));
        return m;
    }

    synchronized ResultEntry result(TortureCase c) {
        CompletableFuture<ResultEntry> f = results.get(c);
        if (f == null && !c.vector().isScenario()) {
            startSends();
            f = results.get(c);
        }
        if (f == null) {
            // A scenario measures the server alone: every send vector has finished first.
            startSends();
            results.values().forEach(CompletableFuture::join);
            f = CompletableFuture.completedFuture(timed(c));
            results.put(c, f);
        }
        return f.join();
    }

    /** Runs one vector now, on the calling thread, whatever else has run. */
    ResultEntry runAlone(TortureVector v) {
        return timed(new TortureCase(v, this));
    }

    /** Submits every send vector not yet started to the pool. */
    private void startSends() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
                Thread t = new Thread(r, "sse-kit-torture-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        for (TortureCase c : cases) {
            if (!c.vector().isScenario() && !results.containsKey(c)) {
                results.put(c, CompletableFuture.supplyAsync(() -> timed(c), pool));
            }
        }
    }

    /** Runs one case, times it, reports progress; never throws. */
    private ResultEntry timed(TortureCase c) {
        long t0 = System.nanoTime();
        ResultEntry e;
        try {
            e = run(c.vector());
        } catch (Scenario.BadParams ex) {
            e = Verdict.notRun(c.vector(), "the vector's parameters are not what this runner reads: " + ex.getMessage());
        } catch (RuntimeException ex) {
            // The runner's own fault, not the subject's: it is reported as such, never as a failure of the server.
            e = Verdict.notRun(c.vector(), "the runner stopped with " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        ResultEntry done = new ResultEntry(e.id(), ResultEntry.VECTOR, e.requirements(), e.outcome(), e.expected(), e.actual(),
                e.detail(), ms);
        if (options.progress() != null) {
            options.progress().println(String.format(Locale.ROOT, "[torture %s] %-58s %-14s %7.0f ms", subject.name(), c.id(),
                    done.outcome().word(), ms));
        }
        return done;
    }

    private ResultEntry run(TortureVector v) {
        List<String> missing = subject.missing(v.needs());
        if (!missing.isEmpty()) {
            return Verdict.notApplicable(v, "the subject does not offer " + String.join("; ", missing));
        }
        if (!v.isScenario()) {
            return new SendVectors(subject).run(v);
        }
        Scenario s = Scenario.of(v, subject, options);
        if (s == null) {
            return Verdict.notRun(v, "this runner does not know the scenario \"" + v.scenario() + "\"");
        }
        return s.run();
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
