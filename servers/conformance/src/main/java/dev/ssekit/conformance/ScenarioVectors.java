package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The behaviours one request cannot show (spec README, "Stream vectors"): flush, heartbeat, churn, slow-reader,
 * broadcast and broadcast-replay. Every wait is bounded by the vector's own numbers or the run's timeout.
 */
final class ScenarioVectors {

    /** A slow reader's receive buffer: small, so the server's backlog fills instead of the kernel's buffers. */
    static final int SLOW_READER_RCVBUF = 4096;
    /** Bound on heap growth while a slow reader is connected (API-024): generous, the point is "not unbounded". */
    static final long HEAP_GROWTH_LIMIT = 64L << 20;
    private static final long POLL_MS = 50;

    private final Target target;
    private final long timeoutMs;
    private final CaptureBound bound;
    private final LongSupplier heapProbe;

    ScenarioVectors(Target target, long timeoutMs, CaptureBound bound, LongSupplier heapProbe) {
        this.target = target;
        this.timeoutMs = timeoutMs;
        this.bound = bound;
        this.heapProbe = heapProbe;
    }

    ResultEntry run(ConformanceCheck c, StreamVector v) {
        return switch (v.scenario()) {
            case "flush" -> flush(c, v);
            case "heartbeat" -> heartbeat(c, v);
            case "churn" -> churn(c, v);
            case "slow-reader" -> slowReader(c, v);
            case "broadcast" -> broadcast(c, v);
            case "broadcast-replay" -> broadcastReplay(c, v);
            default -> Results.notRun(c, "this runner does not know the scenario " + Escapes.quote(v.scenario()));
        };
    }

    private HttpRequest request(JsonNode r) {
        Map<String, String> headers = new LinkedHashMap<>();
        r.path("headers").properties().forEach(f -> headers.put(f.getKey(), f.getValue().asText()));
        return RequestVectors.request(target, new StreamVector.Request(r.path("method").asText("GET"), r.path("path").asText(),
                headers, r.hasNonNull("body") ? r.get("body").asText() : null));
    }

    private ResultEntry flush(ConformanceCheck c, StreamVector v) {
        long within = v.params().path("withinMs").asLong(1500);
        int want = v.scenarioExpected().path("eventsWithin").asInt(1);
        boolean retry = v.scenarioExpected().path("opensWithRetry").asBoolean(false);
        StreamCapture s = Exchange.run(target, request(v.params().path("request")), within, bound, x -> x.events.size() >= want);
        if (s.cutAtBound() && s.events.size() < want) {
            return Results.notRun(c, "the response was " + s.describeEnd() + " before " + want + " event(s) arrived");
        }
        Results.Mismatches m = new Results.Mismatches();
        if (s.events.size() < want) {
            m.add(want + " event(s) within " + within + " ms", s.events.size() + " within " + within + " ms (" + s.summary() + ")");
        }
        if (retry && !s.opensWithRetry()) {
            m.add("the body opens with a retry field within " + within + " ms", "first line " + s.firstLine());
        }
        return m.result(c, want + " event(s) after " + (s.events.isEmpty() ? "-" : s.events.get(want - 1).atMs()) + " ms");
    }

    private ResultEntry heartbeat(ConformanceCheck c, StreamVector v) {
        long within = v.params().path("withinMs").asLong(1000);
        int want = v.scenarioExpected().path("commentLines").asInt(1);
        StreamCapture s = Exchange.run(target, request(v.params().path("request")), within, bound, x -> x.comments.size() >= want);
        if (s.cutAtBound() && s.comments.size() < want) {
            return Results.notRun(c, "the response was " + s.describeEnd() + " before " + want + " comment line(s) arrived");
        }
        if (s.comments.size() >= want) {
            return Results.pass(c, want + " comment line(s), the first after " + s.comments.get(0).atMs() + " ms");
        }
        return Results.failure(c, want + " comment line(s) within " + within + " ms",
                s.comments.size() + " comment lines (" + s.summary() + ")");
    }

    private ResultEntry churn(ConformanceCheck c, StreamVector v) {
        int cycles = v.params().path("cycles").asInt(1000);
        long settleMs = v.params().path("settleMs").asLong(5000);
        HttpRequest req = request(v.params().path("request"));
        int refused = 0;
        String firstError = null;
        for (int i = 0; i < cycles; i++) {
            try {
                Exchange ex = Exchange.send(target, req, 0, bound);
                // Half the clients leave once the stream has started, half at once: both must leave nothing behind.
                if (i % 2 == 0) {
                    ex.read(ex.elapsedMs() + 2_000, StreamCapture::hasStatus);
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
        Map<String, Long> want = new LinkedHashMap<>();
        v.scenarioExpected().path("stats").properties().forEach(f -> want.put(f.getKey(), f.getValue().asLong()));
        long t0 = System.nanoTime();
        JsonNode last = null;
        while (true) {
            last = Features.fetchStats(target, bound, Math.min(timeoutMs, 5_000));
            if (last != null && matches(last, want)) {
                break;
            }
            if (elapsedSince(t0) >= settleMs) {
                break;
            }
            sleep(POLL_MS);
        }
        long settled = elapsedSince(t0);
        if (last == null || !matches(last, want)) {
            m.add("stats " + want + " within " + settleMs + " ms after " + cycles + " cycles",
                    last == null ? "no JSON from /api/stats" : "stats " + pick(last, want.keySet()) + " after " + settled + " ms");
        }
        return m.result(c, cycles + " cycles; stats " + want + " after " + settled + " ms");
    }

    private ResultEntry slowReader(ConformanceCheck c, StreamVector v) {
        long within = v.params().path("withinMs").asLong(20_000);
        JsonNode x = v.scenarioExpected();
        List<String> increase = new ArrayList<>();
        x.path("statsIncrease").forEach(n -> increase.add(n.asText()));
        boolean wantClosed = x.path("connectionClosed").asBoolean(false);
        long statsBound = Math.min(timeoutMs, 5_000);

        Results.Mismatches m = new Results.Mismatches();
        JsonNode before = Features.fetchStats(target, bound, statsBound);
        if (before == null) {
            return Results.failure(c, "JSON from /api/stats", "none (cannot see the counters before the slow reader)");
        }
        long heapBefore = heapProbe == null ? -1 : heapProbe.getAsLong();
        Exchange ex;
        try {
            ex = Exchange.send(target, request(v.params().path("request")), SLOW_READER_RCVBUF, bound);
        } catch (IOException e) {
            return Results.failure(c, "a connection for the slow reader", e.toString());
        }
        // Feed variant: publish big events while the subscriber reads nothing, until the server drops it.
        int publishBytes = v.params().path("publishBytes").asInt(0);
        int maxPublishes = v.params().path("maxPublishes").asInt(0);
        String token = v.params().path("token").asText("");
        String payload = publishBytes > 0 ? "x".repeat(publishBytes) : null;
        if (payload != null) {
            awaitSubscribers(before.path("feedSubscribers").asInt(0) + 1);
        }
        long t0 = System.nanoTime();
        JsonNode after = before;
        int unanswered = 0;
        int published = 0;
        long slowest = 0;
        long slowestPublish = 0;
        try (ex) {
            // Never read the stream; meanwhile the server must keep answering others, and publishing never waits.
            while (elapsedSince(t0) < within) {
                boolean publishing = payload != null && published < maxPublishes;
                if (publishing) {
                    long q = System.nanoTime();
                    HttpRequest post = HttpRequest.get(target.path("/api/feed")).withHeader("Authorization", "Bearer " + token)
                            .withBody("POST", payload);
                    StreamCapture r = Exchange.run(target, post, statsBound, bound);
                    slowestPublish = Math.max(slowestPublish, elapsedSince(q));
                    published++;
                    if (r.status / 100 != 2) {
                        m.add("POST /api/feed with " + publishBytes + " bytes is accepted (2xx) while a subscriber stalls",
                                "publish " + published + ": " + r.summary());
                        break;
                    }
                }
                long q = System.nanoTime();
                JsonNode now = Features.fetchStats(target, bound, statsBound);
                slowest = Math.max(slowest, elapsedSince(q));
                if (now == null) {
                    unanswered++;
                } else {
                    after = now;
                    if (increased(before, after, increase)) {
                        break;
                    }
                }
                if (!publishing) {
                    sleep(200);
                }
            }
            long droppedAfter = elapsedSince(t0);
            long heapAfter = heapBefore >= 0 ? heapProbe.getAsLong() : -1;
            // Now read what is left: a cut connection ends without the response's proper end.
            StreamCapture s = ex.read(ex.elapsedMs() + Math.min(timeoutMs, 5_000), y -> false);
            boolean closed = s.closedByServer();
            if (s.cutAtBound()) {
                return Results.notRun(c, "reading what was left, the response was " + s.describeEnd()
                        + ", so whether the server closed it is unknown");
            }
            if (s.end == StreamCapture.End.COMPLETE && !increased(before, after, increase)) {
                // The whole response fit in the socket buffers: no backlog ever built up, so there is nothing to judge.
                return Results.notRun(c, "the response (" + s.bodyBytes + " bytes) ended normally once read: it fit in the"
                        + " socket buffers, so the server's backlog never filled; the scenario needs a stream longer than"
                        + " the backlog plus the kernel's buffers");
            }
            if (wantClosed && !closed) {
                m.add("the server closes the connection of a client that stops reading",
                        s.describeEnd() + " (" + s.bodyBytes + " bytes read once the client read again)");
            }
            for (String f : increase) {
                if (!(after.path(f).asLong(0) > before.path(f).asLong(0))) {
                    m.add(f + " increases within " + within + " ms", f + " " + before.path(f) + " -> " + after.path(f));
                }
            }
            if (unanswered > 0) {
                m.add("the server answers /api/stats while the slow reader is connected", unanswered + " requests unanswered");
            }
            String heap = heapNote(before, after);
            if (heapBefore >= 0) {
                long growth = heapAfter - heapBefore;
                heap = "heap after GC " + mib(heapBefore) + " -> " + mib(heapAfter);
                // The feed's replay ring legitimately keeps what was published; anything beyond that is the backlog's.
                long limit = HEAP_GROWTH_LIMIT + (long) published * publishBytes;
                if (growth > limit) {
                    m.add("heap growth below " + mib(limit), heap);
                }
            }
            JsonNode last = after;
            String load = payload == null ? "" : published + " publishes of " + publishBytes + " bytes (slowest POST "
                    + slowestPublish + " ms); ";
            String how = s.end == StreamCapture.End.COMPLETE ? "the response was ended (" + s.bodyBytes + " bytes were still in flight)"
                    : "the connection was cut (" + s.bodyBytes + " bytes were still in flight)";
            return m.result(c, load + how + " about " + droppedAfter + " ms in; " + increase.stream()
                    .map(f -> f + " " + before.path(f) + " -> " + last.path(f)).collect(Collectors.joining(", "))
                    + "; slowest /api/stats " + slowest + " ms; " + heap);
        }
    }

    /** The server's heap, when its stats report one: any numeric member whose name mentions heap. */
    private static String heapNote(JsonNode before, JsonNode after) {
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.toLowerCase(java.util.Locale.ROOT).contains("heap") && after.get(f).isNumber()) {
                return f + " " + before.path(f) + " -> " + after.get(f);
            }
        }
        return "heap not reported by /api/stats (not judged)";
    }

    private ResultEntry broadcast(ConformanceCheck c, StreamVector v) {
        int n = v.params().path("subscribers").asInt(3);
        List<String> publish = strings(v.params().path("publish"));
        String token = v.params().path("token").asText();
        int count = v.scenarioExpected().path("count").asInt(publish.size());
        List<Exchange> subs = new ArrayList<>();
        Results.Mismatches m = new Results.Mismatches();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "sse-kit-check-subscriber");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < n; i++) {
                String problem = subscribe(subs, null);
                if (problem != null) {
                    return Results.failure(c, "subscriber " + (i + 1) + " gets an event stream from /api/feed", problem);
                }
            }
            awaitSubscribers(n);
            publishAll(publish, token, m);
            List<Future<StreamCapture>> reads = new ArrayList<>();
            for (Exchange ex : subs) {
                reads.add(pool.submit(() -> ex.read(ex.elapsedMs() + timeoutMs, x -> x.events.size() >= count)));
            }
            List<List<ExpectedEvent>> seen = new ArrayList<>();
            for (Future<StreamCapture> f : reads) {
                StreamCapture s = await(f);
                if (s.cutAtBound() && s.events.size() < count) {
                    return Results.notRun(c, "subscriber " + (seen.size() + 1) + ": the response was " + s.describeEnd()
                            + " before " + count + " events arrived");
                }
                seen.add(s.eventList());
            }
            for (int i = 0; i < seen.size(); i++) {
                List<String> data = seen.get(i).stream().map(ExpectedEvent::data).collect(Collectors.toList());
                if (seen.get(i).size() != count || !data.equals(publish)) {
                    m.add("subscriber " + (i + 1) + ": " + count + " events with data " + quoted(publish),
                            StreamCapture.describe(seen.get(i)));
                }
                if (seen.get(i).stream().anyMatch(e -> e.lastEventId().isEmpty())) {
                    m.add("subscriber " + (i + 1) + ": every event with an id", StreamCapture.describe(seen.get(i)));
                }
            }
            for (int i = 1; i < seen.size(); i++) {
                if (!seen.get(i).equals(seen.get(0))) {
                    m.add("subscriber " + (i + 1) + " sees what subscriber 1 sees: " + StreamCapture.describe(seen.get(0)),
                            StreamCapture.describe(seen.get(i)));
                }
            }
            return m.result(c, n + " subscribers saw the same " + count + " events");
        } finally {
            subs.forEach(Exchange::abort);
            pool.shutdownNow();
        }
    }

    private ResultEntry broadcastReplay(ConformanceCheck c, StreamVector v) {
        List<String> publish = strings(v.params().path("publish"));
        int after = v.params().path("resumeAfterIndex").asInt(2);
        String token = v.params().path("token").asText();
        List<String> replayed = strings(v.scenarioExpected().path("replayedData"));
        List<Exchange> subs = new ArrayList<>();
        Results.Mismatches m = new Results.Mismatches();
        try {
            String problem = subscribe(subs, null);
            if (problem != null) {
                return Results.failure(c, "an event stream from /api/feed", problem);
            }
            awaitSubscribers(1);
            publishAll(publish, token, m);
            Exchange first = subs.get(0);
            StreamCapture s = first.read(first.elapsedMs() + timeoutMs, x -> x.events.size() >= publish.size());
            if (s.events.size() < publish.size() || after < 1 || after > s.events.size()) {
                m.add(publish.size() + " published events to learn their ids", StreamCapture.describe(s.eventList()));
                return m.result(c, null);
            }
            String id = s.events.get(after - 1).value().lastEventId();
            problem = subscribe(subs, id);
            if (problem != null) {
                m.add("a replaying event stream from /api/feed with Last-Event-ID: " + Escapes.quote(id), problem);
                return m.result(c, null);
            }
            Exchange late = subs.get(1);
            StreamCapture r = late.read(late.elapsedMs() + timeoutMs, x -> x.events.size() >= replayed.size());
            List<String> data = r.events.stream().map(e -> e.value().data()).collect(Collectors.toList());
            if (!data.equals(replayed)) {
                m.add("Last-Event-ID: " + Escapes.quote(id) + " replays " + quoted(replayed), StreamCapture.describe(r.eventList()));
                return m.result(c, null);
            }
            // "then live events": the replaying subscriber carries on with what is published next.
            String live = "live-after-replay";
            publishAll(List.of(live), token, m);
            int total = replayed.size() + 1;
            r = late.read(late.elapsedMs() + timeoutMs, x -> x.events.size() >= total);
            if (r.events.size() < total || !live.equals(r.events.get(total - 1).value().data())) {
                m.add("after the replay, the live event " + Escapes.quote(live), StreamCapture.describe(r.eventList()));
            }
            return m.result(c, "Last-Event-ID: " + Escapes.quote(id) + " replayed " + quoted(replayed) + ", then the live event");
        } finally {
            subs.forEach(Exchange::abort);
        }
    }

    /** Opens a subscription and waits for its status; returns a problem or null (and adds the exchange). */
    private String subscribe(List<Exchange> subs, String lastEventId) {
        HttpRequest req = HttpRequest.get(target.path("/api/feed"));
        if (lastEventId != null) {
            req = req.withHeader("Last-Event-ID", lastEventId);
        }
        try {
            Exchange ex = Exchange.send(target, req, 0, bound);
            subs.add(ex);
            StreamCapture s = ex.read(ex.elapsedMs() + Math.min(timeoutMs, 5_000), StreamCapture::hasStatus);
            if (s.status != 200 || !s.isEventStream()) {
                return s.summary() + (s.hasStatus() ? ", Content-Type " + s.header("Content-Type") : "");
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits until the stats count the subscribers, where they do; subscribing is asynchronous on some servers. */
    private void awaitSubscribers(int n) {
        long t0 = System.nanoTime();
        while (elapsedSince(t0) < Math.min(timeoutMs, 5_000)) {
            JsonNode stats = Features.fetchStats(target, bound, Math.min(timeoutMs, 5_000));
            if (stats == null || !stats.path("feedSubscribers").isNumber()) {
                sleep(200);
                return;
            }
            if (stats.path("feedSubscribers").asInt() >= n) {
                return;
            }
            sleep(POLL_MS);
        }
    }

    private void publishAll(List<String> publish, String token, Results.Mismatches m) {
        for (String p : publish) {
            HttpRequest post = HttpRequest.get(target.path("/api/feed")).withHeader("Authorization", "Bearer " + token)
                    .withBody("POST", p);
            StreamCapture r = Exchange.run(target, post, Math.min(timeoutMs, 5_000), bound);
            if (r.status / 100 != 2) {
                m.add("POST /api/feed " + Escapes.quote(p) + " with the token is accepted (2xx)", r.summary());
            }
        }
    }

    private StreamCapture await(Future<StreamCapture> f) {
        try {
            return f.get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading subscribers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a subscriber's read failed: " + e, e);
        }
    }

    private static boolean matches(JsonNode stats, Map<String, Long> want) {
        return want.entrySet().stream().allMatch(e -> stats.path(e.getKey()).isNumber() && stats.get(e.getKey()).asLong() == e.getValue());
    }

    private static boolean increased(JsonNode before, JsonNode after, List<String> fields) {
        return !fields.isEmpty() && fields.stream().allMatch(f -> after.path(f).asLong(0) > before.path(f).asLong(0));
    }

    private static Map<String, String> pick(JsonNode stats, Iterable<String> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put(f, stats.has(f) ? stats.get(f).toString() : "absent"));
        return out;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String quoted(List<String> list) {
        return list.stream().map(Escapes::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static long elapsedSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
