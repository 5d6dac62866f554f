package dev.ssekit.clientcheck;

import java.net.URI;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * How to check a client: its test service, its names for the results, which scenarios ({@code run}, {@code skip}:
 * regular expressions found in the scenario ID, null for all / none), how many at once, and the deadlines.
 *
 * @param name the results file is {@code client-<name>.json}
 * @param displayName the client as people know it ({@code meta.client})
 * @param version the version checked ({@code meta.version}), or null when unknown
 * @param http2 null: the scripts are served over plain HTTP/1.1; else the key and certificate of an HTTPS server that
 *     offers h2 by ALPN (http/1.1 as the fallback), on which a request that does not come over h2 leaves its scenario
 *     not-run. The client under test must trust the certificate. Its {@code server.url} is {@code https://127.0.0.1:...}
 *     with one port per scenario, so that a connection-level step ends only that scenario's connection.
 */
public record ClientCheckOptions(URI service, String name, String displayName, String version, Pattern run, Pattern skip,
        int parallel, long scenarioTimeoutMs, long overallTimeoutMs, SSLContext http2) {

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
                DEFAULT_SCENARIO_TIMEOUT_MS, DEFAULT_OVERALL_TIMEOUT_MS, null);
    }

    public ClientCheckOptions withSelection(Pattern runOnly, Pattern skipping) {
        return new ClientCheckOptions(service, name, displayName, version, runOnly, skipping, parallel, scenarioTimeoutMs,
                overallTimeoutMs, http2);
    }

    public ClientCheckOptions withParallel(int n) {
        return new ClientCheckOptions(service, name, displayName, version, run, skip, n, scenarioTimeoutMs, overallTimeoutMs,
                http2);
    }

    public ClientCheckOptions withTimeouts(long scenarioMs, long overallMs) {
        return new ClientCheckOptions(service, name, displayName, version, run, skip, parallel, scenarioMs, overallMs, http2);
    }

    /**
     * Serves the scripts over HTTP/2 on TLS with this server context ({@code client-check --http2}); null goes back to
     * plain HTTP/1.1.
     */
    public ClientCheckOptions withHttp2(SSLContext serverContext) {
        return new ClientCheckOptions(service, name, displayName, version, run, skip, parallel, scenarioTimeoutMs,
                overallTimeoutMs, serverContext);
    }

    /** The subject of the results: {@code client-<name>}. */
    public String subject() {
        return "client-" + name;
    }
}
