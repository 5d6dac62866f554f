package dev.ssekit.conformance;

import java.util.Set;

/**
 * What a subject may offer beyond a plain event stream. A case that needs something the subject lacks is
 * {@code not-applicable}, with the reason.
 */
public enum Offer {
    /** The kit's {@code /api/sse} contract ({@code spec/contract.md}): {@code doc=probe}, resume, the demo page. */
    CONTRACT("contract"),
    /** {@code GET /api/stats} with {@code activeStreams} and {@code scheduledTasks}. */
    STATS("stats"),
    /** The {@code /api/feed} broadcast: subscribe with GET, publish with POST and the bearer token. */
    FEED("feed"),
    /** The server runs with {@link SuiteSettings#STANDARD}, so the vectors that name settings apply. */
    SUITE_SETTINGS("suiteConfig");

    private final String key;

    Offer(String key) {
        this.key = key;
    }

    /** Its name in the results file's {@code meta} ({@code feature.<key>}). */
    public String key() {
        return key;
    }

    /** What a request to {@code path} needs: the contract's routes, its stats or its feed. */
    static Set<Offer> forPath(String path) {
        if (path.startsWith("/api/stats")) {
            return Set.of(STATS);
        }
        if (path.startsWith("/api/feed")) {
            return Set.of(FEED);
        }
        if (path.startsWith("/api/sse") || "/".equals(path)) {
            return Set.of(CONTRACT);
        }
        return Set.of();
    }
}
