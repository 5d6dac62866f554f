package dev.ssekit.clientcheck;

import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks an SSE client through its test service (LaunchDarkly's sse-contract-tests protocol): plays every client
 * scenario ({@link Vectors#client()}) on a scripted server on 127.0.0.1 and judges what the client did. Every
 * response of the scripted server carries {@code Access-Control-Allow-Origin: *} (unless a scenario says otherwise),
 * so a test service that is a browser page on another origin can read the streams.
 *
 * <pre>{@code
 * try (ClientCheck check = ClientCheck.prepare(ClientCheckOptions.of(uri, "java", "sse-kit client", "0.1.0"))) {
 *     List<ResultEntry> entries = check.run(listener);   // one per scenario, in scenario order
 *     check.report().writeTo(dir);                       // client-java.json
 * }
 * }</pre>
 *
 * Outcomes: pass; fail (a MUST) or non-strict (only SHOULDs); not-applicable (a capability the service does not
 * claim, named); not-run when the harness could not tell (the service refused or did not answer, a deadline passed,
 * or the scenario was not selected). Closing stops the servers; every stream created is DELETEd, also on failure.
 *
 * <p>With {@link ClientCheckOptions#withHttp2} the scripts are served over HTTP/2 on TLS ({@link H2ScriptedServer});
 * each request's protocol is recorded ({@link #protocols()}), and a scenario with a request that did not come over h2
 * is not-run, naming the protocol (KIT-016: over HTTP/1.1 the client showed nothing of h2). The results' meta
 * {@code protocol} says which ({@code h2} or {@code http/1.1}).
 */
public final class ClientCheck implements AutoCloseable {

    /** Progress of a run; called from the run's threads. */
    public interface Listener {

        default void started(ClientScenario scenario) {
        }

        void finished(ClientScenario scenario, ResultEntry entry);
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final ClientCheckOptions options;
    private final ServiceClient service;
    private final Set<String> capabilities;
    private final ScriptServer server;
    private final CallbackServer callbacks;
    private final ConformanceReport report;
    private final String runKey = "r" + RUNS.incrementAndGet();
    private final Map<String, List<String>> protocols = new java.util.concurrent.ConcurrentHashMap<>();

    private ClientCheck(ClientCheckOptions options, ServiceClient service, Set<String> capabilities) throws IOException {
        this.options = options;
        this.service = service;
        this.capabilities = capabilities;
        this.server = options.http2() == null ? new ScriptedServer() : new H2ScriptedServer(options.http2());
        CallbackServer cb;
        try {
            cb = new CallbackServer();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.callbacks = cb;
        this.report = ConformanceReport.of(options.subject());
        report.meta("kind", "client");
        report.meta("client", options.displayName());
        report.meta("version", options.version() == null ? "?" : options.version());
        report.meta("capabilities", String.join(",", capabilities));
        report.meta("protocol", options.http2() == null ? "http/1.1" : RecordedRequest.H2);
        report.meta("generator", "sse-kit client-check");
    }

    /** Asks the service for its capabilities and starts the servers. */
    public static ClientCheck prepare(ClientCheckOptions options) throws ServiceUnreachableException {
        ServiceClient service = new ServiceClient(options.service(), Duration.ofSeconds(10));
        Set<String> caps;
        try {
            caps = service.capabilities();
        } catch (IOException | ServiceClient.Refused e) {
            throw new ServiceUnreachableException("the test service at " + options.service() + " does not answer GET: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException("interrupted", e);
        }
        try {
            return new ClientCheck(options, service, caps);
        } catch (IOException e) {
            throw new ServiceUnreachableException("cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    public Set<String> capabilities() {
        return capabilities;
    }

    /** Every scenario, selected or not, in scenario order. */
    public List<ClientScenario> scenarios() {
        return Vectors.client();
    }

    /** The results of this client; {@link #run} records into it. */
    public ConformanceReport report() {
        return report;
    }

    /** What the results' meta says (kind, client, version, capabilities). */
    public Map<String, String> meta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "client");
        m.put("client", options.displayName());
        m.put("version", options.version() == null ? "?" : options.version());
        m.put("capabilities", String.join(",", capabilities));
        m.put("protocol", protocol());
        return m;
    }

    /** What the scripted server speaks: {@code h2} (over TLS) or {@code http/1.1}. */
    public String protocol() {
        return options.http2() == null ? "http/1.1" : RecordedRequest.H2;
    }

    /**
     * The protocol of each request of each scenario played so far, by scenario ID, in order of arrival: what a run
     * over h2 shows the client really used ({@code h2}, or the request line's {@code HTTP/1.1}).
     */
    public Map<String, List<String>> protocols() {
        return Map.copyOf(protocols);
    }

    /** Runs the selected scenarios, {@code parallel} at a time; one entry per scenario, in scenario order. */
    public List<ResultEntry> run(Listener listener) {
        List<ClientScenario> all = scenarios();
        ResultEntry[] results = new ResultEntry[all.size()];
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), r -> {
            Thread t = new Thread(r, "sse-kit-client-check-scenario");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        long overall = System.nanoTime() + options.overallTimeoutMs() * 1_000_000;
        try {
            for (int i = 0; i < all.size(); i++) {
                ClientScenario s = all.get(i);
                int index = i;
                String skipped = skipReason(s);
                if (skipped != null) {
                    results[i] = new ResultEntry(s.id(), ResultEntry.VECTOR, s.requirements(), Outcome.NOT_RUN, null, null, skipped, 0);
                    continue;
                }
                futures.add(pool.submit(() -> {
                    if (System.nanoTime() - overall > 0) {
                        results[index] = notRun(s, "the run's overall deadline of " + options.overallTimeoutMs() + " ms passed");
                        return;
                    }
                    listener.started(s);
                    ScenarioRun played = new ScenarioRun(s, server, callbacks, service, capabilities, runKey + "s" + index,
                            options.scenarioTimeoutMs());
                    ResultEntry e = played.run();
                    protocols.put(s.id(), played.protocols());
                    results[index] = e;
                    report.record(e);
                    listener.finished(s, e);
                }));
            }
            for (Future<?> f : futures) {
                long left = overall - System.nanoTime();
                try {
                    f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (ExecutionException e) {
                    // recorded below as not-run
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ResultEntry> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ResultEntry e = results[i];
            if (e == null) {
                e = notRun(all.get(i), "the run ended before this scenario finished (overall deadline "
                        + options.overallTimeoutMs() + " ms, or an internal error)");
            }
            if (!report.has(e.id()) || e.outcome() == Outcome.NOT_RUN) {
                report.record(e);
            }
            out.add(e);
        }
        return out;
    }

    private String skipReason(ClientScenario s) {
        if (options.run() != null && !options.run().matcher(s.id()).find()) {
            return "not selected by --run " + options.run().pattern();
        }
        if (options.skip() != null && options.skip().matcher(s.id()).find()) {
            return "skipped by --skip " + options.skip().pattern();
        }
        return null;
    }

    private static ResultEntry notRun(ClientScenario s, String why) {
        return new ResultEntry(s.id(), ResultEntry.VECTOR, s.requirements(), Outcome.NOT_RUN, null, null, why, 0);
    }

    /** Stops the scripted and callback servers. */
    @Override
    public void close() {
        server.close();
        callbacks.close();
    }
}
