package dev.ssekit.conformance;

import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code broadcast-replay}: one subscriber learns the ids of {@code publish}; a second one that sends the id of the
 * {@code resumeAfterIndex}-th event as {@code Last-Event-ID} gets {@code replayedData} replayed, then live events.
 *
 * @param publish the data published, one event each
 * @param resumeAfterIndex the 1-based index of the event whose id the late subscriber sends (default 2)
 * @param token the bearer token for publishing (default none)
 * @param replayedData expected: the data replayed to the late subscriber, in order
 */
record BroadcastReplayScenario(List<String> publish, int resumeAfterIndex, String token, List<String> replayedData)
        implements Scenario {

    /** Published after the replay: the late subscriber must go on with it. */
    static final String LIVE = "live-after-replay";

    static BroadcastReplayScenario from(ScenarioParams p) {
        return new BroadcastReplayScenario(p.params().texts("publish", List.of()), p.params().intOr("resumeAfterIndex", 2),
                p.params().textOr("token", ""), p.expected().texts("replayedData", List.of()));
    }

    @Override
    public Set<Offer> needs() {
        return Set.of(Offer.FEED);
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        int after = resumeAfterIndex;
        List<Exchange> subs = new ArrayList<>();
        Results.Mismatches m = new Results.Mismatches();
        try {
            String problem = x.subscribe(subs, null);
            if (problem != null) {
                return Results.failure(c, "an event stream from /api/feed", problem);
            }
            x.awaitSubscribers(1);
            x.publishAll(publish, token, m);
            Exchange first = subs.get(0);
            StreamCapture s = first.read(first.elapsedMs() + x.timeoutMs(), y -> y.events.size() >= publish.size());
            if (s.events.size() < publish.size() || after < 1 || after > s.events.size()) {
                m.add(publish.size() + " published events to learn their ids", StreamCapture.describe(s.eventList()));
                return m.result(c, null);
            }
            String id = s.events.get(after - 1).value().lastEventId();
            problem = x.subscribe(subs, id);
            if (problem != null) {
                m.add("a replaying event stream from /api/feed with Last-Event-ID: " + Escapes.quote(id), problem);
                return m.result(c, null);
            }
            Exchange late = subs.get(1);
            StreamCapture r = late.read(late.elapsedMs() + x.timeoutMs(), y -> y.events.size() >= replayedData.size());
            List<String> data = r.events.stream().map(e -> e.value().data()).collect(Collectors.toList());
            if (!data.equals(replayedData)) {
                m.add("Last-Event-ID: " + Escapes.quote(id) + " replays " + ScenarioContext.quoted(replayedData),
                        StreamCapture.describe(r.eventList()));
                return m.result(c, null);
            }
            // "then live events": the replaying subscriber carries on with what is published next.
            x.publishAll(List.of(LIVE), token, m);
            int total = replayedData.size() + 1;
            r = late.read(late.elapsedMs() + x.timeoutMs(), y -> y.events.size() >= total);
            if (r.events.size() < total || !LIVE.equals(r.events.get(total - 1).value().data())) {
                m.add("after the replay, the live event " + Escapes.quote(LIVE), StreamCapture.describe(r.eventList()));
            }
            return m.result(c, "Last-Event-ID: " + Escapes.quote(id) + " replayed " + ScenarioContext.quoted(replayedData)
                    + ", then the live event");
        } finally {
            subs.forEach(Exchange::abort);
        }
    }
}
