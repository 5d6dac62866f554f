package dev.ssekit.conformance;

import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * {@code broadcast}: {@code subscribers} clients of {@code /api/feed}, then {@code publish} is published with the
 * bearer {@code token}: every subscriber gets every event, with an id, in publish order.
 *
 * @param subscribers how many subscribe before publishing (default 3)
 * @param publish the data published, one event each
 * @param token the bearer token for publishing (default none)
 * @param count expected: how many events each subscriber gets (default: one per published item)
 * @param sameEventsForAll expected: every subscriber sees the same events, ids included (default true)
 */
record BroadcastScenario(int subscribers, List<String> publish, String token, int count, boolean sameEventsForAll)
        implements Scenario {

    static BroadcastScenario from(ScenarioParams p) {
        List<String> publish = p.params().texts("publish", List.of());
        return new BroadcastScenario(p.params().intOr("subscribers", 3), publish, p.params().textOr("token", ""),
                p.expected().intOr("count", publish.size()), p.expected().boolOr("sameEventsForAll", true));
    }

    @Override
    public Set<Offer> needs() {
        return Set.of(Offer.FEED);
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        List<Exchange> subs = new ArrayList<>();
        Results.Mismatches m = new Results.Mismatches();
        ExecutorService pool = Executors.newFixedThreadPool(subscribers, r -> {
            Thread t = new Thread(r, "sse-kit-check-subscriber");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < subscribers; i++) {
                String problem = x.subscribe(subs, null);
                if (problem != null) {
                    return Results.failure(c, "subscriber " + (i + 1) + " gets an event stream from /api/feed", problem);
                }
            }
            x.awaitSubscribers(subscribers);
            x.publishAll(publish, token, m);
            List<Future<StreamCapture>> reads = new ArrayList<>();
            for (Exchange ex : subs) {
                reads.add(pool.submit(() -> ex.read(ex.elapsedMs() + x.timeoutMs(), y -> y.events.size() >= count)));
            }
            List<List<ExpectedEvent>> seen = new ArrayList<>();
            for (Future<StreamCapture> f : reads) {
                StreamCapture s = x.await(f);
                if (s.cutAtBound() && s.events.size() < count) {
                    return Results.notRun(c, "subscriber " + (seen.size() + 1) + ": the response was " + s.describeEnd()
                            + " before " + count + " events arrived");
                }
                seen.add(s.eventList());
            }
            for (int i = 0; i < seen.size(); i++) {
                List<String> data = seen.get(i).stream().map(ExpectedEvent::data).collect(Collectors.toList());
                if (seen.get(i).size() != count || !data.equals(publish)) {
                    m.add("subscriber " + (i + 1) + ": " + count + " events with data " + ScenarioContext.quoted(publish),
                            StreamCapture.describe(seen.get(i)));
                }
                if (seen.get(i).stream().anyMatch(e -> e.lastEventId().isEmpty())) {
                    m.add("subscriber " + (i + 1) + ": every event with an id", StreamCapture.describe(seen.get(i)));
                }
            }
            for (int i = 1; i < seen.size() && sameEventsForAll; i++) {
                if (!seen.get(i).equals(seen.get(0))) {
                    m.add("subscriber " + (i + 1) + " sees what subscriber 1 sees: " + StreamCapture.describe(seen.get(0)),
                            StreamCapture.describe(seen.get(i)));
                }
            }
            return m.result(c, subscribers + " subscribers saw the same " + count + " events");
        } finally {
            subs.forEach(Exchange::abort);
            pool.shutdownNow();
        }
    }
}
