package dev.ssekit.server.undertow;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;

/** Registers the Undertow reference server with the kit (META-INF/services). */
public final class UndertowProvider implements SseServerProvider {

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public SseServer start(SseServerConfig config) {
        return UndertowSseServer.start(config);
    }
}
