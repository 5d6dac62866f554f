package dev.ssekit.clients.okhttp;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against okhttp-sse; its failures are findings, pinned in {@link #knownFailures()}. */
class OkHttpSseConformanceIT extends ClientConformance {

    /** A peer: its failures are findings, recorded and reported, never a build failure. */
    @Override
    protected boolean findingsFailTheBuild() {
        return false;
    }

    @Override
    protected String clientName() {
        return "okhttp-sse";
    }

    @Override
    protected String displayName() {
        return "okhttp-sse";
    }

    /** It never reconnects, so most scenarios only wait out their window: more at once costs nothing. */
    @Override
    protected int parallel() {
        return 16;
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = OkHttpSseService.start(0);
        return TestService.of(s.uri(), s);
    }

    /** Found by the run of 2026-12-06; each why is what the client did. */
    @Override
    protected Map<String, String> knownFailures() {
        return Map.ofEntries(
                Map.entry("client/body/bom-split-stripped", "delivers no event"),
                Map.entry("client/body/bom-stripped", "delivers no event"),
                Map.entry("client/body/bom-stripped-on-each-connection", "no reconnect within 10 s"),
                Map.entry("client/body/line-ends-cr", "delivers no event"),
                Map.entry("client/body/line-ends-mixed", "event 2 none (1 delivered)"),
                Map.entry("client/fail/status-204-on-reconnect", "no reconnect within 10 s"),
                Map.entry("client/fail/status-503-on-reconnect", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/cleared-by-empty-id", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/cleared-by-empty-id-with-colon", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/kept-across-events-without-id", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/latest-id-wins", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/not-set-by-id-with-nul", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/not-set-from-undispatched-block", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/sent-as-utf8", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/sent-on-reconnect", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/set-by-id-only-block", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-close-before-response", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-reset-before-response", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-reset-mid-stream", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-stream-ends", "no reconnect within 10 s"),
                Map.entry("client/reconnect/partial-event-discarded", "no reconnect within 10 s"),
                Map.entry("client/reconnect/repeatedly", "no reconnect within 10 s"),
                Map.entry("client/redirect/on-reconnect-keeps-last-event-id", "no reconnect within 10 s"),
                Map.entry("client/redirect/status-301", "no reconnect within 10 s"),
                Map.entry("client/redirect/status-302", "no reconnect within 10 s"),
                Map.entry("client/redirect/status-303", "no reconnect within 10 s"),
                Map.entry("client/redirect/status-307", "no reconnect within 10 s"),
                Map.entry("client/redirect/status-308", "no reconnect within 10 s"),
                Map.entry("client/request/cache-control-no-cache", "attempt 1: no Cache-Control"),
                Map.entry("client/request/custom-headers", "no reconnect within 10 s"),
                Map.entry("client/request/post-body-on-reconnect", "no reconnect within 10 s"),
                Map.entry("client/request/reconnect-headers", "no reconnect within 10 s"),
                Map.entry("client/retry/default-delay", "no reconnect within 10 s"),
                Map.entry("client/retry/honoured", "no reconnect within 8 s"),
                Map.entry("client/retry/invalid-exponent-ignored", "no reconnect within 10 s"),
                Map.entry("client/retry/invalid-suffix-ignored", "no reconnect within 10 s"));
    }
}
