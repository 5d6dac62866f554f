package dev.ssekit.clients.launchdarkly;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against LaunchDarkly okhttp-eventsource; its failures are findings, pinned in {@link #knownFailures()}. */
class LaunchDarklyConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "launchdarkly";
    }

    @Override
    protected String displayName() {
        return "LaunchDarkly okhttp-eventsource";
    }

    @Override
    protected String clientVersion() {
        return System.getProperty("sse.client.version");
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = LaunchDarklyService.start(0);
        return TestService.of(s.uri(), s);
    }

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
