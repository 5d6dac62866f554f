package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The cases only HTTP/2 has (RFC 9113): the stream's response head carries no connection-specific field and no
 * Content-Length; many streams share one connection; a stream the client resets leaves the others alone and is
 * released. Over HTTP/1.1 they are not-applicable, saying why.
 */
final class H2Checks {

    static final String KIND = ResultEntry.TEST;
    /** RFC 9113, 6.5.2: SETTINGS_MAX_CONCURRENT_STREAMS is recommended to be no smaller than 100. */
    static final int CONCURRENT_STREAMS = 100;
    /** The streams of the reset case: the first is reset, the others must go on. */
    static final int RESET_STREAMS = 3;
    /** The pace of the contract's streams in the reset case: slow enough to outlast it, quick enough to show events. */
    static final String RESET_INTERVAL_MS = "300";

    private final Target target;
    private final String streamPath;
    private final long timeoutMs;
    private final CaptureBound bound;
    private final boolean stats;
    private final boolean contract;

    /**
     * @param streamPath the checked stream; a contract stream ({@code /api/sse}) is paced for the reset case
     * @param stats whether the target offers {@code /api/stats}, which then shows the reset stream gone
     */
    H2Checks(Target target, String streamPath, long timeoutMs, CaptureBound bound, boolean stats) {
        this.target = target;
        this.streamPath = streamPath;
        this.timeoutMs = timeoutMs;
        this.bound = bound;
        this.stats = stats;
        this.contract = streamPath.startsWith(target.path("/api/sse"));
    }

    List<ConformanceCheck> checks() {
        List<ConformanceCheck> list = new ArrayList<>();
        add(list, "check/h2/connection-specific-fields", List.of("H2-001"),
                "Over h2 the stream's response carries no connection-specific field (Connection, Keep-Alive,"
                        + " Proxy-Connection, Transfer-Encoding, Upgrade).", this::connectionSpecific);
        add(list, "check/h2/no-content-length", List.of("H2-002"),
                "Over h2 the stream's response has no Content-Length.", this::noContentLength);
        add(list, "check/h2/concurrent-streams", List.of("H2-003"),
                "At least " + CONCURRENT_STREAMS + " event streams at once on one h2 connection all receive their events.",
                this::concurrentStreams);
        add(list, "check/h2/reset-stream", List.of("H2-004"),
                "A stream the client resets (RST_STREAM CANCEL) leaves the others on the connection receiving events,"
                        + " and is released.", this::resetStream);
        return list;
    }

    private void add(List<ConformanceCheck> list, String id, List<String> reqs, String description,
            Function<ConformanceCheck, ResultEntry> body) {
        list.add(new ConformanceCheck(id, reqs, description, KIND, c -> target.isH2() ? body.apply(c)
                : Results.notApplicable(c, "the run speaks " + target.protocolName() + ": the h2 cases need HTTP/2 (an"
                        + " https URL whose server picks h2 by ALPN, or --http2)")));
    }

    private long shortWaitMs() {
        return Math.min(timeoutMs, 5_000);
    }

    /** The stream's response head, or why there is none to judge. */
    private StreamCapture head() {
        return Exchange.run(target, HttpRequest.get(streamPath).withHeader("Cache-Control", "no-cache"), timeoutMs, bound,
                StreamCapture::hasStatus);
    }

    /** H2-001: RFC 9113, 8.2.2; TE is allowed with "trailers" alone, and only in requests. */
    ResultEntry connectionSpecific(ConformanceCheck c) {
        StreamCapture s = head();
        if (!s.hasStatus()) {
            return Results.failure(c, "a response head over h2", s.summary());
        }
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> h : s.headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (H2Exchange.CONNECTION_SPECIFIC.contains(name) || name.equals("te")) {
                found.add(name + ": " + Escapes.quote(h.getValue()));
            }
        }
        if (!found.isEmpty()) {
            return Results.failure(c, "no connection-specific field: over h2 a recipient must treat a response with one"
                    + " as malformed (RFC 9113, 8.2.2)", String.join("; ", found));
        }
        return Results.pass(c, "status " + s.status + ", fields " + names(s));
    }

    /** H2-002: an event stream has no length; over h2 a Content-Length the DATA does not match resets the stream. */
    ResultEntry noContentLength(ConformanceCheck c) {
        StreamCapture s = head();
        if (!s.hasStatus()) {
            return Results.failure(c, "a response head over h2", s.summary());
        }
        String why = s.notAnEventStream();
        if (why != null) {
            return Results.notRun(c, why);
        }
        String cl = s.header("content-length");
        if (cl != null) {
            return Results.failure(c, "no Content-Length on the event stream (RFC 9113, 8.1.1: it must equal the DATA,"
                    + " which a stream never ends)", "content-length: " + Escapes.quote(cl));
        }
        return Results.pass(c, "status " + s.status + ", fields " + names(s));
    }

    private static String names(StreamCapture s) {
        return s.headers.stream().map(Map.Entry::getKey).toList().toString();
    }

    /** H2-003: the server allows 100 streams on one connection, and every one of them gets its events. */
    ResultEntry concurrentStreams(ConformanceCheck c) {
        long t0 = System.nanoTime();
        H2Connection conn;
        try {
            conn = H2Connection.open(target, Exchange.CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            // the run spoke h2 already: a second connection that fails says nothing sure about the server's streams
            return Results.notRun(c, "a further h2 connection could not be opened: " + e);
        }
        List<H2Exchange> open = new ArrayList<>();
        try {
            long max = conn.maxConcurrentStreams();
            if (max >= 0 && max < CONCURRENT_STREAMS) {
                return Results.failure(c, "SETTINGS_MAX_CONCURRENT_STREAMS of " + CONCURRENT_STREAMS + " or more (RFC 9113,"
                        + " 6.5.2 recommends no fewer than 100)", "SETTINGS_MAX_CONCURRENT_STREAMS " + max);
            }
            HttpRequest req = HttpRequest.get(streamPath).withHeader("Cache-Control", "no-cache");
            for (int i = 0; i < CONCURRENT_STREAMS; i++) {
                try {
                    open.add(H2Exchange.on(conn, target, req, bound));
                } catch (IOException e) {
                    return Results.failure(c, CONCURRENT_STREAMS + " streams opened on one connection",
                            "stream " + (i + 1) + " could not be opened: " + e.getMessage());
                }
            }
            c.progress(CONCURRENT_STREAMS + " streams open, reading their first events");
            List<String> missed = new ArrayList<>();
            int ok = 0;
            for (int i = 0; i < open.size(); i++) {
                H2Exchange ex = open.get(i);
                // one deadline for them all: the case is bounded by the timeout, however many streams stall
                long left = timeoutMs - ScenarioContext.elapsedSince(t0);
                StreamCapture s = ex.read(ex.elapsedMs() + Math.max(1, left), y -> !y.events.isEmpty());
                if (s.status == 200 && s.isEventStream() && !s.events.isEmpty()) {
                    ok++;
                } else if (missed.size() < 5) {
                    missed.add("stream " + (i + 1) + ": " + (s.hasStatus() ? "status " + s.status + ", "
                            + s.events.size() + " events, " + s.describeEnd() : s.summary()));
                } else {
                    missed.add("...");
                }
            }
            String setting = "SETTINGS_MAX_CONCURRENT_STREAMS " + (max < 0 ? "not set (no limit)" : String.valueOf(max));
            if (ok == 0 && open.stream().allMatch(ex -> ex.capture().status == 200 && ex.capture().isEventStream()
                    && ex.capture().end == StreamCapture.End.TIMEOUT)) {
                return Results.notRun(c, "all " + CONCURRENT_STREAMS + " streams opened but none brought an event within "
                        + timeoutMs + " ms: a quiet stream, so whether each would get its events is not known"
                        + " (--timeout-ms) (" + setting + ")");
            }
            if (ok < CONCURRENT_STREAMS) {
                return Results.failure(c, "each of " + CONCURRENT_STREAMS + " streams on one connection receives an event"
                        + " within " + timeoutMs + " ms", ok + " did; " + String.join("; ", missed.stream().distinct().toList())
                        + " (" + setting + ")");
            }
            return Results.pass(c, CONCURRENT_STREAMS + " streams on one connection each received an event within "
                    + ScenarioContext.elapsedSince(t0) + " ms; " + setting);
        } finally {
            open.forEach(H2Exchange::abort);
            conn.close();
        }
    }

    /**
     * H2-004: with {@value #RESET_STREAMS} streams open on one connection, the first is reset; the others keep
     * receiving events, and {@code /api/stats}, where offered, counts the reset one gone.
     */
    ResultEntry resetStream(ConformanceCheck c) {
        String path = contract ? Pacing.withParam(streamPath, "interval", RESET_INTERVAL_MS) : streamPath;
        H2Connection conn;
        try {
            conn = H2Connection.open(target, Exchange.CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            // the run spoke h2 already: a second connection that fails says nothing sure about the server's streams
            return Results.notRun(c, "a further h2 connection could not be opened: " + e);
        }
        List<H2Exchange> open = new ArrayList<>();
        try {
            HttpRequest req = HttpRequest.get(path).withHeader("Cache-Control", "no-cache");
            for (int i = 0; i < RESET_STREAMS; i++) {
                try {
                    open.add(H2Exchange.on(conn, target, req, bound));
                } catch (IOException e) {
                    return Results.failure(c, RESET_STREAMS + " streams on one connection", "stream " + (i + 1)
                            + " could not be opened: " + e.getMessage());
                }
            }
            for (int i = 0; i < open.size(); i++) {
                H2Exchange ex = open.get(i);
                StreamCapture s = ex.read(ex.elapsedMs() + timeoutMs, y -> !y.events.isEmpty());
                if (s.status != 200 || !s.isEventStream() || s.events.isEmpty()) {
                    return Results.notRun(c, "stream " + (i + 1) + " of " + RESET_STREAMS + " brought no event to begin"
                            + " with, so there is nothing to disturb: " + (s.hasStatus() ? "status " + s.status + ", "
                            + s.describeEnd() : s.summary()));
                }
            }
            JsonNode before = stats ? Features.fetchStats(target, bound, shortWaitMs()) : null;
            long activeBefore = before == null ? -1 : before.path("activeStreams").asLong(-1);
            int[] seen = new int[open.size()];
            for (int i = 1; i < open.size(); i++) {
                seen[i] = open.get(i).capture().events.size();
            }
            long resetAt = System.nanoTime();
            open.get(0).abort();
            Results.Mismatches m = new Results.Mismatches();
            String released = "";
            if (activeBefore >= 0) {
                // the reset stream is gone once the count drops by one, the other streams still open
                JsonNode now = null;
                while (ScenarioContext.elapsedSince(resetAt) < shortWaitMs()) {
                    now = Features.fetchStats(target, bound, shortWaitMs());
                    if (now != null && now.path("activeStreams").asLong(-1) <= activeBefore - 1) {
                        break;
                    }
                    ScenarioContext.sleep(ScenarioContext.POLL_MS);
                }
                long after = now == null ? -1 : now.path("activeStreams").asLong(-1);
                if (after < 0 || after > activeBefore - 1) {
                    m.add("/api/stats activeStreams drops from " + activeBefore + " to " + (activeBefore - 1)
                            + " within " + shortWaitMs() + " ms of the reset",
                            now == null ? "no JSON from /api/stats" : "activeStreams " + after);
                } else {
                    released = "; activeStreams " + activeBefore + " -> " + after + " after "
                            + ScenarioContext.elapsedSince(resetAt) + " ms";
                }
            }
            List<String> quiet = new ArrayList<>();
            for (int i = 1; i < open.size(); i++) {
                H2Exchange ex = open.get(i);
                int had = seen[i];
                StreamCapture s = ex.read(ex.elapsedMs() + timeoutMs, y -> y.events.size() > had);
                if (s.events.size() > had || s.end == StreamCapture.End.COMPLETE) {
                    continue;
                }
                if (s.end == StreamCapture.End.TIMEOUT && !contract) {
                    quiet.add("stream " + (i + 1));
                    continue;
                }
                m.add("stream " + (i + 1) + " keeps receiving events after stream 1 was reset",
                        "stream " + (i + 1) + ": " + s.describeEnd() + ", " + (s.events.size() - had) + " events after the reset");
            }
            if (conn.gone() != null) {
                // events queued before the reset may still have been read: the connection itself must have stayed
                m.add("the connection stays open after stream 1 was reset", conn.gone());
            }
            if (!m.isEmpty()) {
                return m.result(c, null);
            }
            if (!quiet.isEmpty()) {
                return Results.notRun(c, String.join(", ", quiet) + " stayed open but brought no event within " + timeoutMs
                        + " ms after the reset; the stream's pace is unknown, so whether it was disturbed is not known"
                        + " (--timeout-ms)");
            }
            return Results.pass(c, "after stream 1 was reset, streams 2 to " + RESET_STREAMS + " went on receiving events"
                    + (stats ? released : "; /api/stats not offered, so the release is not seen"));
        } finally {
            open.forEach(H2Exchange::abort);
            conn.close();
        }
    }
}
