package dev.ssekit.clients.node;

import dev.ssekit.clientservice.NodeService;
import java.util.List;

/** Starts this module's test service (service.js around the eventsource npm package): for its tests and the harness. */
public final class EventsourceService {

    public static final String MODULE = "node-eventsource";

    private EventsourceService() {
    }

    /** Runs {@code node service.js} after {@code npm ci}; aborts (not-run) without node, see {@link NodeService}. */
    public static NodeService start() throws Exception {
        return NodeService.start(MODULE, List.of("node", "service.js"));
    }

    /** The eventsource version the lockfile pins, for the results' meta. */
    public static String version() {
        return NodeService.version(MODULE, "eventsource");
    }
}
