package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.util.Set;

/**
 * {@code heartbeat}: comment lines arrive while no event is due.
 *
 * @param withinMs how long to wait for them (default 1000)
 * @param commentLines expected: how many arrive in that time (default 1)
 */
record HeartbeatScenario(StreamVector.Request request, long withinMs, int commentLines) implements Scenario {

    static HeartbeatScenario from(ScenarioParams p) {
        return new HeartbeatScenario(p.params().request("request"), p.params().longOr("withinMs", 1000),
                p.expected().intOr("commentLines", 1));
    }

    @Override
    public Set<Offer> needs() {
        return Offer.forPath(request.path());
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        int want = commentLines;
        StreamCapture s = x.read(x.request(request), withinMs, y -> y.comments.size() >= want);
        if (s.cutAtBound() && s.comments.size() < want) {
            return Results.notRun(c, "the response was " + s.describeEnd() + " before " + want + " comment line(s) arrived");
        }
        if (s.comments.size() >= want) {
            return Results.pass(c, want + " comment line(s), the first after " + s.comments.get(0).atMs() + " ms");
        }
        return Results.failure(c, want + " comment line(s) within " + withinMs + " ms",
                s.comments.size() + " comment lines (" + s.summary() + ")");
    }
}
