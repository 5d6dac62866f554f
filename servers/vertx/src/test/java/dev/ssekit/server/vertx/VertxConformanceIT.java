package dev.ssekit.server.vertx;

import dev.ssekit.conformance.ServerConformance;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;

/** The server conformance suite against the Vert.x adapter. */
class VertxConformanceIT extends ServerConformance {

    @Override
    protected SseServer start(SseServerConfig config) {
        return VertxSseServer.start(config);
    }
}
