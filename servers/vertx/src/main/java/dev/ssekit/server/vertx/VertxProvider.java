package dev.ssekit.server.vertx;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;

/** Registers the Vert.x reference server with the kit (META-INF/services). */
public final class VertxProvider implements SseServerProvider {

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public SseServer start(SseServerConfig config) {
        return VertxSseServer.start(config);
    }
}
