package dev.ssekit.clients.node;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against node built-in EventSource (undici); its failures are findings, pinned in {@link #knownFailures()}. */
class UndiciConformanceIT extends ClientConformance {

    /** A peer: its failures are findings, recorded and reported, never a build failure. */
    @Override
    protected boolean findingsFailTheBuild() {
        return false;
    }

    @Override
    protected String clientName() {
        return "node-undici";
    }

    @Override
    protected String displayName() {
        return "node built-in EventSource (undici)";
    }

    @Override
    protected String clientVersion() {
        return UndiciService.version();
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.NodeService s = UndiciService.start();
        return TestService.of(s.uri(), s);
    }

    /** Found by the run of 2026-12-06; each why is what the client did. */
    @Override
    protected Map<String, String> knownFailures() {
        return Map.ofEntries(
                Map.entry("client/last-event-id/cleared-by-empty-id", "attempt 2: Last-Event-ID: \"1\""),
                Map.entry("client/last-event-id/cleared-by-empty-id-with-colon", "attempt 2: Last-Event-ID: \"1\""),
                Map.entry("client/last-event-id/sent-as-utf8", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-close-before-response", "no reconnect within 10 s"),
                Map.entry("client/reconnect/after-reset-before-response", "no reconnect within 10 s"));
    }
}
