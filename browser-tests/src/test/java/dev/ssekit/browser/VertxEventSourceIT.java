package dev.ssekit.browser;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.vertx.VertxSseServer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Chromium EventSource against the Vert.x server")
class VertxEventSourceIT extends EventSourceSuite {

    @Override
    protected SseServer start(SseServerConfig config) {
        return VertxSseServer.start(config);
    }
}
