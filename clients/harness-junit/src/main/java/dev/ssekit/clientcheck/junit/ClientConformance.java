package dev.ssekit.clientcheck.junit;

import dev.ssekit.clientcheck.ClientCheck;
import dev.ssekit.clientcheck.ClientCheckOptions;
import dev.ssekit.clientcheck.TestService;
import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The client scenarios as JUnit 5 tests: a client joins with a subclass that names it and starts its test service
 * (LaunchDarkly's sse-contract-tests protocol). Every scenario runs once, {@link #parallel()} at a
 * time, then each is one dynamic test ({@code [REQ-IDS] <scenario id>}). The results go to
 * {@code client-<name>.json} in {@code sse.conformance.dir} (default {@code target/conformance}) when the class ends.
 * A test fails when its scenario fails (fail or non-strict) and is not in {@link #knownFailures()}, or is listed
 * there and passes; not-applicable and not-run never fail a test (not-run is reported as aborted). A peer
 * ({@link #findingsFailTheBuild()} false) reports such a change as an aborted test instead: its failures are findings.
 *
 * <p>Over HTTP/2: a subclass whose {@link #http2()} gives a server TLS context has the scripts served over h2 on TLS
 * (its test service must trust the certificate and ask for h2); one more test then requires every request of the run
 * to have come over h2 ({@link #requireProtocol}), since a scenario whose requests did not is not-run, never failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClientConformance {

    private TestService service;
    private ClientCheck check;
    private List<ResultEntry> results;

    /** The results file is {@code client-<name>.json}: letters, digits, '.', '_', '-'. */
    protected abstract String clientName();

    /** The client as people know it, e.g. {@code okhttp-sse}. */
    protected abstract String displayName();

    /** The version checked, or null when unknown: by default the failsafe property {@code sse.client.version}. */
    protected String clientVersion() {
        return System.getProperty("sse.client.version");
    }

    /** Starts the client's test service; it is closed when the class ends. */
    protected abstract TestService startService() throws Exception;

    /**
     * Whether a change in this client's findings fails the build: true for the kit's own client (every failure is a
     * defect to fix), false for a peer, whose failures are findings: recorded in the results and reported by the test
     * (aborted, with the change), never a build failure.
     */
    protected boolean findingsFailTheBuild() {
        return true;
    }

    /** Starts the why of a known failure that depends on timing or chance: its scenario may also pass. */
    public static final String SOMETIMES = "sometimes: ";

    /**
     * The scenarios this client is known to fail (its findings), by ID, each with why. Their failures are recorded as
     * they are and their tests pass; one that passes fails its test, so the list stays true, unless its why starts
     * with {@link #SOMETIMES} (a finding that depends on timing, such as a jittered delay).
     */
    protected Map<String, String> knownFailures() {
        return Map.of();
    }

    /**
     * How many scenarios run at once: 8 by default (most of a scenario's time is waiting for a client that does not
     * reconnect); a browser that allows 6 connections per host needs 5 or fewer.
     */
    protected int parallel() {
        return 8;
    }

    /**
     * The server TLS context (key and certificate) to serve the scripts over HTTP/2 with, or null (the default) for
     * plain HTTP/1.1. The HTTP/2 server needs Netty (netty-codec-http2, netty-handler 4.2.9.Final) on the test class
     * path.
     */
    protected SSLContext http2() {
        return null;
    }

    @TestFactory
    @DisplayName("[PROC-011,PROC-015] the client scenarios")
    Stream<DynamicTest> scenarios() throws Exception {
        service = startService();
        SSLContext h2 = http2();
        check = ClientCheck.prepare(ClientCheckOptions.of(service.baseUri(), clientName(), displayName(), clientVersion())
                .withParallel(parallel()).withHttp2(h2));
        results = check.run((s, e) -> { });
        List<ClientScenario> all = check.scenarios();
        Map<String, String> known = knownFailures();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ResultEntry e = results.get(i);
            String name = "[" + String.join(",", e.requirements()) + "] " + e.id();
            tests.add(DynamicTest.dynamicTest(name, () -> conclude(e, known, findingsFailTheBuild())));
        }
        if (h2 != null) {
            Map<String, List<String>> protocols = check.protocols();
            tests.add(DynamicTest.dynamicTest("[KIT-016] every request of the run came over h2",
                    () -> requireProtocol(protocols, "h2", findingsFailTheBuild())));
        }
        return tests.stream();
    }

    /**
     * Fails (a peer: aborts) when a request of the run came over another protocol than {@code wanted}, naming the
     * scenarios, or when no request came at all: a run over h2 whose client fell back to HTTP/1.1 tested nothing of h2.
     *
     * @param protocols the protocol of each request, by scenario ({@link ClientCheck#protocols()})
     */
    public static void requireProtocol(Map<String, List<String>> protocols, String wanted, boolean strict) {
        Map<String, List<String>> other = new TreeMap<>();
        int total = 0;
        for (Map.Entry<String, List<String>> e : protocols.entrySet()) {
            total += e.getValue().size();
            if (e.getValue().stream().anyMatch(p -> !p.equals(wanted))) {
                other.put(e.getKey(), e.getValue());
            }
        }
        String problem = total == 0 ? "no request came at all, so nothing showed the client over " + wanted
                : other.isEmpty() ? null
                : other.size() + " scenario(s) saw requests over another protocol than " + wanted + " (they are not-run): "
                        + other;
        if (problem == null) {
            return;
        }
        if (strict) {
            Assertions.fail(problem);
        }
        Assumptions.abort(problem);
    }

    /** The entries of the run, in scenario order (null before the factory ran). */
    protected final List<ResultEntry> results() {
        return results;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (check != null) {
                check.report().writeTo(resultsDir());
                check.close();
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    static Path resultsDir() {
        return Path.of(System.getProperty("sse.conformance.dir", "target/conformance"));
    }

    static void conclude(ResultEntry e, Map<String, String> known) {
        conclude(e, known, true);
    }

    /**
     * Judges one scenario's entry. With {@code strict} false (a peer), a failure that is not listed, or a listed one
     * that passes, is reported (the test is aborted with the change) but never fails the build.
     */
    static void conclude(ResultEntry e, Map<String, String> known, boolean strict) {
        boolean failed = e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT;
        Assumptions.assumeTrue(e.outcome() != Outcome.NOT_RUN, () -> "not run: " + e.detail());
        String change = null;
        if (known.containsKey(e.id())) {
            if (!failed && e.outcome() == Outcome.PASS && !known.get(e.id()).startsWith(SOMETIMES)) {
                change = e.id() + " is listed in knownFailures() (" + known.get(e.id()) + ") but passes now: take it off the list";
            }
        } else if (failed) {
            change = e.detail();
        }
        if (change == null) {
            return;
        }
        if (strict) {
            Assertions.fail(change);
        }
        Assumptions.abort("a finding changed (a peer's findings never fail the build): " + change);
    }
}
