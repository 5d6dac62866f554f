package dev.ssekit.clients.node;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against eventsource (npm); its failures are findings, pinned in {@link #knownFailures()}. */
class EventsourceConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "node-eventsource";
    }

    @Override
    protected String displayName() {
        return "eventsource (npm)";
    }

    @Override
    protected String clientVersion() {
        return EventsourceService.version();
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.NodeService s = EventsourceService.start();
        return TestService.of(s.uri(), s);
    }

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
