package dev.ssekit.clients.node;

import dev.ssekit.clientservice.NodeService;
import java.util.List;

/**
 * Starts this module's test service (service.js around node's built-in EventSource): for its tests and the harness.
 * Node 20 has the global EventSource only with {@code --experimental-eventsource}, so it is started with that flag;
 * the service names the EventSource it runs in its status resource.
 */
public final class UndiciService {

    public static final String MODULE = "node-undici";

    private UndiciService() {
    }

    /** Runs {@code node --experimental-eventsource service.js} after {@code npm ci}; aborts (not-run) without node. */
    public static NodeService start() throws Exception {
        return NodeService.start(MODULE, List.of("node", "--experimental-eventsource", "service.js"));
    }

    /** The undici version the lockfile pins (the fallback, and the one node 20.20 bundles), for the results' meta. */
    public static String version() {
        return NodeService.version(MODULE, "undici");
    }
}
