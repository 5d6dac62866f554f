package dev.ssekit.clients.node;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against node built-in EventSource (undici); its failures are findings, pinned in {@link #knownFailures()}. */
class UndiciConformanceIT extends ClientConformance {

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

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
