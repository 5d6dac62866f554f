package dev.ssekit.clientcheck;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How to check a client: its test service, its names for the results, which scenarios ({@code run}, {@code skip}:
 * regular expressions found in the scenario ID, null for all / none), how many at once, and the deadlines.
 *
 * @param name the results file is {@code client-<name>.json}
 * @param displayName the client as people know it ({@code meta.client})
 * @param version the version checked ({@code meta.version}), or null when unknown
 */
public record ClientCheckOptions(URI service, String name, String displayName, String version, Pattern run, Pattern skip,
        int parallel, long scenarioTimeoutMs, long overallTimeoutMs) {

    public static final int DEFAULT_PARALLEL = 4;
    /** Long enough for the slowest scenario (a 10 s window after a 3 s retry) with room to spare. */
    public static final long DEFAULT_SCENARIO_TIMEOUT_MS = 40_000;
    public static final long DEFAULT_OVERALL_TIMEOUT_MS = 15 * 60_000;

    public ClientCheckOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be 1 or more, not " + parallel);
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("a client name is letters, digits, '.', '_' and '-', not " + name);
        }
    }

    /** Every scenario, 4 at a time, with the default deadlines. */
    public static ClientCheckOptions of(URI service, String name, String displayName, String version) {
        return new ClientCheckOptions(service, name, displayName, version, null, null, DEFAULT_PARALLEL,
                DEFAULT_SCENARIO_TIMEOUT_MS, DEFAULT_OVERALL_TIMEOUT_MS);
    }

    public ClientCheckOptions withSelection(Pattern runOnly, Pattern skipping) {
        return new ClientCheckOptions(service, name, displayName, version, runOnly, skipping, parallel, scenarioTimeoutMs,
                overallTimeoutMs);
    }

    public ClientCheckOptions withParallel(int n) {
        return new ClientCheckOptions(service, name, displayName, version, run, skip, n, scenarioTimeoutMs, overallTimeoutMs);
    }

    public ClientCheckOptions withTimeouts(long scenarioMs, long overallMs) {
        return new ClientCheckOptions(service, name, displayName, version, run, skip, parallel, scenarioMs, overallMs);
    }

    /** The subject of the results: {@code client-<name>}. */
    public String subject() {
        return "client-" + name;
    }
}
