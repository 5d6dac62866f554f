package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code slow-reader}: a client of {@code request} that reads nothing must be cut off once its bounded backlog is
 * full, while the server keeps answering others and, for a feed, publishing never waits (API-024).
 *
 * @param publishBytes the size of each event published meanwhile; 0 publishes nothing (default 0)
 * @param maxPublishes the most events published (default 0)
 * @param token the bearer token for publishing (default none)
 * @param withinMs how long the server may take to cut the reader off (default 20000)
 * @param connectionClosed expected: the server closes the reader's connection (default false)
 * @param statsIncrease expected: {@code /api/stats} counters that must grow (default none)
 */
record SlowReaderScenario(StreamVector.Request request, int publishBytes, int maxPublishes, String token, long withinMs,
        boolean connectionClosed, List<String> statsIncrease) implements Scenario {

    /** A slow reader's receive buffer: small, so the server's backlog fills instead of the kernel's buffers. */
    static final int RECEIVE_BUFFER = 4096;
    /** Bound on heap growth while a slow reader is connected (API-024): generous, the point is "not unbounded". */
    static final long HEAP_GROWTH_LIMIT = 64L << 20;

    static SlowReaderScenario from(ScenarioParams p) {
        if (p.params().intOr("readBytes", 0) != 0) {
            throw new IllegalArgumentException("params.readBytes: this runner's slow reader reads nothing (0)");
        }
        return new SlowReaderScenario(p.params().request("request"), p.params().intOr("publishBytes", 0),
                p.params().intOr("maxPublishes", 0), p.params().textOr("token", ""), p.params().longOr("withinMs", 20_000),
                p.expected().boolOr("connectionClosed", false), p.expected().texts("statsIncrease", List.of()));
    }

    @Override
    public Set<Offer> needs() {
        Set<Offer> n = EnumSet.of(Offer.STATS);
        n.addAll(Offer.forPath(request.path()));
        return n;
    }

    @Override
    public ResultEntry run(ConformanceCheck c, ScenarioContext x) {
        Results.Mismatches m = new Results.Mismatches();
        JsonNode before = x.stats();
        if (before == null) {
            return Results.failure(c, "JSON from /api/stats", "none (cannot see the counters before the slow reader)");
        }
        long heapBefore = x.heapProbe() == null ? -1 : x.heapProbe().getAsLong();
        Exchange ex;
        try {
            ex = x.send(x.request(request), RECEIVE_BUFFER);
        } catch (IOException e) {
            return Results.failure(c, "a connection for the slow reader", e.toString());
        }
        String payload = publishBytes > 0 ? "x".repeat(publishBytes) : null;
        if (payload != null) {
            x.awaitSubscribers(before.path("feedSubscribers").asInt(0) + 1);
        }
        long t0 = System.nanoTime();
        JsonNode after = before;
        int unanswered = 0;
        int published = 0;
        long slowest = 0;
        long slowestPublish = 0;
        try (ex) {
            // Never read the stream; meanwhile the server must keep answering others, and publishing never waits.
            while (ScenarioContext.elapsedSince(t0) < withinMs) {
                boolean publishing = payload != null && published < maxPublishes;
                if (publishing) {
                    long q = System.nanoTime();
                    StreamCapture r = x.publish(payload, token);
                    slowestPublish = Math.max(slowestPublish, ScenarioContext.elapsedSince(q));
                    published++;
                    if (r.status / 100 != 2) {
                        m.add("POST /api/feed with " + publishBytes + " bytes is accepted (2xx) while a subscriber stalls",
                                "publish " + published + ": " + r.summary());
                        break;
                    }
                }
                long q = System.nanoTime();
                JsonNode now = x.stats();
                slowest = Math.max(slowest, ScenarioContext.elapsedSince(q));
                if (now == null) {
                    unanswered++;
                } else {
                    after = now;
                    if (increased(before, after)) {
                        break;
                    }
                }
                if (!publishing) {
                    ScenarioContext.sleep(200);
                }
            }
            long droppedAfter = ScenarioContext.elapsedSince(t0);
            long heapAfter = heapBefore >= 0 ? x.heapProbe().getAsLong() : -1;
            // Now read what is left: a cut connection ends without the response's proper end.
            StreamCapture s = ex.read(ex.elapsedMs() + x.shortWaitMs(), y -> false);
            if (s.cutAtBound()) {
                return Results.notRun(c, "reading what was left, the response was " + s.describeEnd()
                        + ", so whether the server closed it is unknown");
            }
            if (s.end == StreamCapture.End.COMPLETE && !increased(before, after)) {
                // The whole response fit in the socket buffers: no backlog ever built up, so there is nothing to judge.
                return Results.notRun(c, "the response (" + s.bodyBytes + " bytes) ended normally once read: it fit in the"
                        + " socket buffers, so the server's backlog never filled; the scenario needs a stream longer than"
                        + " the backlog plus the kernel's buffers");
            }
            if (connectionClosed && !s.closedByServer()) {
                m.add("the server closes the connection of a client that stops reading",
                        s.describeEnd() + " (" + s.bodyBytes + " bytes read once the client read again)");
            }
            for (String f : statsIncrease) {
                if (!(after.path(f).asLong(0) > before.path(f).asLong(0))) {
                    m.add(f + " increases within " + withinMs + " ms", f + " " + before.path(f) + " -> " + after.path(f));
                }
            }
            if (unanswered > 0) {
                m.add("the server answers /api/stats while the slow reader is connected", unanswered + " requests unanswered");
            }
            String heap = heapNote(before, after);
            if (heapBefore >= 0) {
                long growth = heapAfter - heapBefore;
                heap = "heap after GC " + ScenarioContext.mib(heapBefore) + " -> " + ScenarioContext.mib(heapAfter);
                // The feed's replay ring legitimately keeps what was published; anything beyond that is the backlog's.
                long limit = HEAP_GROWTH_LIMIT + (long) published * publishBytes;
                if (growth > limit) {
                    m.add("heap growth below " + ScenarioContext.mib(limit), heap);
                }
            }
            JsonNode last = after;
            String load = payload == null ? "" : published + " publishes of " + publishBytes + " bytes (slowest POST "
                    + slowestPublish + " ms); ";
            String how = s.end == StreamCapture.End.COMPLETE ? "the response was ended (" + s.bodyBytes + " bytes were still in flight)"
                    : "the connection was cut (" + s.bodyBytes + " bytes were still in flight)";
            return m.result(c, load + how + " about " + droppedAfter + " ms in; " + statsIncrease.stream()
                    .map(f -> f + " " + before.path(f) + " -> " + last.path(f)).collect(Collectors.joining(", "))
                    + "; slowest /api/stats " + slowest + " ms; " + heap);
        }
    }

    private boolean increased(JsonNode before, JsonNode after) {
        return !statsIncrease.isEmpty() && statsIncrease.stream().allMatch(f -> after.path(f).asLong(0) > before.path(f).asLong(0));
    }

    /** The server's heap, when its stats report one: any numeric member whose name mentions heap. */
    private static String heapNote(JsonNode before, JsonNode after) {
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.toLowerCase(Locale.ROOT).contains("heap") && after.get(f).isNumber()) {
                return f + " " + before.path(f) + " -> " + after.get(f);
            }
        }
        return "heap not reported by /api/stats (not judged)";
    }
}
