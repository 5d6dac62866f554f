package dev.ssekit.torture;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.vertx.VertxSseServer;

/** The torture suite against the Vert.x adapter. */
class VertxTortureIT extends TortureSuite {

    @Override
    protected SseServer start(SseServerConfig config) {
        return VertxSseServer.start(config);
    }
}
