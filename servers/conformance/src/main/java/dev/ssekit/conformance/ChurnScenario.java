package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code churn}: {@code cycles} clients connect and go away; then {@code /api/stats} must settle to the expected
 * counts within {@code settleMs}: nothing is left behind.
 *
 * @param cycles connect-and-abort rounds (default 1000)
 * @param settleMs how long the counts may take to settle (default 5000)
 * @param stats expected: the counts {@code /api/stats} settles to (default none)
 */
record ChurnScenario(StreamVector.Request request, int cycles, long settleMs, Map<String, Long> stats) implements Scenario {

    /** Cycles between two progress reports. */
    static final int PROGRESS_EVERY = 100;
    /** Or this long, when cycles are slow. */
    static final long PROGRESS_MS = 5_000;

    static ChurnScenario from(ScenarioParams p) {
        return new ChurnScenario(p.params().request("request"), p.params().intOr("cycles", 1000),
                p.params().longOr("settleMs", 5000), p.expected().longs("stats"));
    }

    @Override
    public Set<Offer> needs() {
        Set<Offer> n = EnumSet.of(Offer.STATS);
        n.addAll(Offer.forPath(request.path()));
        return n;
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        HttpRequest req = x.request(request);
        int refused = 0;
        String firstError = null;
        long waitMs = Math.min(2_000, x.timeoutMs());
        long started = System.nanoTime();
        long reported = started;
        for (int i = 0; i < cycles; i++) {
            if (c.outOfBudget()) {
                return Results.notRun(c, "ran out of its time budget of " + c.budgetMs() + " ms after " + i + " of " + cycles
                        + " cycles (" + ScenarioContext.elapsedSince(started) + " ms; each waits up to " + waitMs
                        + " ms for a status line, which a buffering proxy holds back)");
            }
            if (i > 0 && (i % PROGRESS_EVERY == 0 || ScenarioContext.elapsedSince(reported) >= PROGRESS_MS)) {
                reported = System.nanoTime();
                c.progress(i + " of " + cycles + " cycles, " + ScenarioContext.elapsedSince(started) + " ms");
            }
            try {
                Exchange ex = x.send(req, 0);
                // Half the clients leave once the stream has started, half at once: both must leave nothing behind.
                if (i % 2 == 0) {
                    ex.read(ex.elapsedMs() + waitMs, StreamCapture::hasStatus);
                }
                ex.abort();
            } catch (IOException e) {
                refused++;
                if (firstError == null) {
                    firstError = "cycle " + (i + 1) + ": " + e;
                }
            }
        }
        Results.Mismatches m = new Results.Mismatches();
        if (refused > 0) {
            m.add("every one of " + cycles + " connections accepted", refused + " failed, first " + firstError);
        }
        long t0 = System.nanoTime();
        JsonNode last;
        while (true) {
            last = x.stats();
            if (last != null && ScenarioContext.matches(last, stats) || ScenarioContext.elapsedSince(t0) >= settleMs) {
                break;
            }
            ScenarioContext.sleep(ScenarioContext.POLL_MS);
        }
        long settled = ScenarioContext.elapsedSince(t0);
        if (last == null || !ScenarioContext.matches(last, stats)) {
            m.add("stats " + stats + " within " + settleMs + " ms after " + cycles + " cycles",
                    last == null ? "no JSON from /api/stats" : "stats " + ScenarioContext.pick(last, stats.keySet()) + " after "
                            + settled + " ms");
        }
        return m.result(c, cycles + " cycles; stats " + stats + " after " + settled + " ms");
    }
}
