package dev.ssekit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a target offers beyond a plain event stream ({@link Offer}): what it is declared to offer is taken as offered;
 * the rest is looked for: the kit's {@code /api/sse} contract (whether {@code doc=probe} is honoured),
 * {@code /api/stats} and the {@code /api/feed} broadcast. The suite's settings cannot be looked for. Cases that need
 * what is missing are {@code not-applicable}, with the reason from {@link #notes()} (keyed by {@link Offer#key()}).
 */
public record Features(Set<Offer> offered, Map<String, String> notes) {

    /** The probe document of the contract: 8 pieces, A, LF, space, 中, 😀, 👨, ZWJ, 👧. */
    public static final String PROBE_DOCUMENT = "A\n 中\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC67";
    static final String PROBE_PATH = "/api/sse?doc=probe&interval=0";
    private static final String DECLARED = "offered (declared by the subject)";

    public Features {
        offered = offered.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(offered));
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    public boolean has(Offer o) {
        return offered.contains(o);
    }

    /** Takes what is declared; asks the target about the rest, with short requests bounded by {@code timeoutMs}. */
    static Features detect(Target target, long timeoutMs, CaptureBound capture, Set<Offer> declared) {
        Map<String, String> notes = new LinkedHashMap<>();
        Set<Offer> offered = EnumSet.noneOf(Offer.class);
        offered.addAll(declared);
        long waitMs = Math.min(timeoutMs, 5_000);

        if (declared.contains(Offer.CONTRACT)) {
            notes.put(Offer.CONTRACT.key(), DECLARED);
        } else if (detectContract(target, waitMs, capture, notes)) {
            offered.add(Offer.CONTRACT);
        }
        if (declared.contains(Offer.STATS)) {
            notes.put(Offer.STATS.key(), DECLARED);
        } else if (detectStats(target, waitMs, capture, notes)) {
            offered.add(Offer.STATS);
        }
        if (declared.contains(Offer.FEED)) {
            notes.put(Offer.FEED.key(), DECLARED);
        } else if (detectFeed(target, waitMs, capture, notes)) {
            offered.add(Offer.FEED);
        }
        notes.put(Offer.SUITE_SETTINGS.key(), declared.contains(Offer.SUITE_SETTINGS)
                ? "the server runs with the suite's settings (" + SuiteSettings.STANDARD.describe() + ")"
                : "not assumed: vectors that need settings apply only when the server runs with "
                        + SuiteSettings.STANDARD.describe());
        return new Features(offered, notes);
    }

    private static boolean detectContract(Target target, long waitMs, CaptureBound capture, Map<String, String> notes) {
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
        return contract;
    }

    private static boolean detectStats(Target target, long waitMs, CaptureBound capture, Map<String, String> notes) {
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
        return hasStats;
    }

    private static boolean detectFeed(Target target, long waitMs, CaptureBound capture, Map<String, String> notes) {
        StreamCapture f = Exchange.run(target, HttpRequest.get(target.path("/api/feed")), waitMs, capture, StreamCapture::hasStatus);
        boolean feed = f.status == 200 && f.isEventStream();
        notes.put("feed", feed ? "/api/feed answers an event stream"
                : "GET " + target.path("/api/feed") + " answered " + statusOf(f)
                        + (f.status == 200 ? " with Content-Type " + f.header("Content-Type") : "") + ", so there is no feed");
        return feed;
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
