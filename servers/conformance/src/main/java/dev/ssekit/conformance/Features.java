package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a target offers beyond a plain event stream: the kit's {@code /api/sse} contract (detected by whether
 * {@code doc=probe} is honoured), {@code /api/stats}, the {@code /api/feed} broadcast, and the suite's settings.
 * Cases that need a missing feature are {@code not-applicable}, with the reason from {@link #notes()}.
 */
public record Features(boolean contract, boolean stats, boolean feed, boolean suiteConfig, Map<String, String> notes) {

    /** The probe document of the contract: 8 pieces, A, LF, space, 中, 😀, 👨, ZWJ, 👧. */
    public static final String PROBE_DOCUMENT = "A\n 中\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC67";
    static final String PROBE_PATH = "/api/sse?doc=probe&interval=0";

    /** Everything offered: a reference server needs no detection. */
    static Features all(boolean suiteConfig) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("contract", "reference server");
        return new Features(true, true, true, suiteConfig, notes);
    }

    /** Asks the target, with short requests bounded by {@code timeoutMs}. */
    static Features detect(Target target, long timeoutMs, CaptureBound capture, boolean suiteConfig) {
        Map<String, String> notes = new LinkedHashMap<>();
        long waitMs = Math.min(timeoutMs, 5_000);

        StreamCapture probe = Exchange.run(target, HttpRequest.get(target.path(PROBE_PATH)), waitMs, capture,
                c -> !c.events.isEmpty());
        boolean contract;
        if (probe.status != 200) {
            contract = false;
            notes.put("contract", "GET " + target.path(PROBE_PATH) + " answered " + statusOf(probe) + ", so doc=probe is not offered");
        } else if (probe.events.isEmpty()) {
            contract = false;
            notes.put("contract", "GET " + target.path(PROBE_PATH) + " sent no event within " + waitMs + " ms, so doc=probe is not offered");
        } else {
            String first = probe.events.get(0).value().data();
            contract = "A".equals(first);
            notes.put("contract", contract ? "doc=probe is honoured (first piece \"A\")"
                    : "doc=probe is ignored: the first event's data is " + Escapes.quote(first) + ", not \"A\"");
        }

        JsonNode stats = fetchStats(target, capture, waitMs);
        boolean hasStats = stats != null && stats.path("activeStreams").isIntegralNumber()
                && stats.path("scheduledTasks").isIntegralNumber();
        if (hasStats) {
            notes.put("stats", "/api/stats reports activeStreams and scheduledTasks");
        } else {
            StreamCapture s = Exchange.run(target, HttpRequest.get(target.path("/api/stats")).withHeader("Accept", "application/json"),
                    waitMs, capture);
            notes.put("stats", "GET " + target.path("/api/stats") + " answered " + statusOf(s)
                    + (s.status == 200 ? " without activeStreams and scheduledTasks" : "") + ", so there are no stats");
        }

        StreamCapture f = Exchange.run(target, HttpRequest.get(target.path("/api/feed")), waitMs, capture, StreamCapture::hasStatus);
        boolean feed = f.status == 200 && f.isEventStream();
        notes.put("feed", feed ? "/api/feed answers an event stream"
                : "GET " + target.path("/api/feed") + " answered " + statusOf(f)
                        + (f.status == 200 ? " with Content-Type " + f.header("Content-Type") : "") + ", so there is no feed");
        notes.put("suiteConfig", suiteConfig ? "the server runs with the suite's settings (" + SuiteConfig.describe() + ")"
                : "not assumed: vectors that need settings apply only when the server runs with " + SuiteConfig.describe());
        return new Features(contract, hasStats, feed, suiteConfig, notes);
    }

    /** GET /api/stats as JSON, or null when it is not a 200 JSON object. */
    static JsonNode fetchStats(Target target, CaptureBound capture, long timeoutMs) {
        StreamCapture s = Exchange.run(target, HttpRequest.get(target.path("/api/stats")).withHeader("Accept", "application/json"),
                timeoutMs, capture);
        if (s.status != 200 || s.cutAtBound()) {
            return null;
        }
        try {
            JsonNode n = SpecFiles.json().readTree(s.bodyBytes());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String statusOf(StreamCapture c) {
        return c.hasStatus() ? String.valueOf(c.status) : "no HTTP response (" + c.noResponse() + ")";
    }
}
