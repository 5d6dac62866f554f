package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.util.Set;

/**
 * {@code flush}: events arrive within {@code withinMs} although more are due later, so nothing waits in a buffer.
 *
 * @param withinMs how long the first events may take (default 1500)
 * @param eventsWithin expected: how many events arrive in that time (default 1)
 * @param opensWithRetry expected: the body opens with a retry field (default false)
 */
record FlushScenario(StreamVector.Request request, long withinMs, int eventsWithin, boolean opensWithRetry)
        implements Scenario {

    static FlushScenario from(ScenarioParams p) {
        return new FlushScenario(p.params().request("request"), p.params().longOr("withinMs", 1500),
                p.expected().intOr("eventsWithin", 1), p.expected().boolOr("opensWithRetry", false));
    }

    @Override
    public Set<Offer> needs() {
        return Offer.forPath(request.path());
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        int want = eventsWithin;
        StreamCapture s = x.read(x.request(request), withinMs, y -> y.events.size() >= want);
        if (s.cutAtBound() && s.events.size() < want) {
            return Results.notRun(c, "the response was " + s.describeEnd() + " before " + want + " event(s) arrived");
        }
        Results.Mismatches m = new Results.Mismatches();
        if (s.events.size() < want) {
            m.add(want + " event(s) within " + withinMs + " ms", s.events.size() + " within " + withinMs + " ms (" + s.summary() + ")");
        }
        if (opensWithRetry && !s.opensWithRetry()) {
            m.add("the body opens with a retry field within " + withinMs + " ms", "first line " + s.firstLine());
        }
        return m.result(c, want + " event(s) after " + (s.events.isEmpty() ? "-" : s.events.get(want - 1).atMs()) + " ms");
    }
}
