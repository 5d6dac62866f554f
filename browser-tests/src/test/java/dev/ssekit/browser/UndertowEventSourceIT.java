package dev.ssekit.browser;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Chromium EventSource against the Undertow server")
class UndertowEventSourceIT extends EventSourceSuite {

    @Override
    protected SseServer start(SseServerConfig config) {
        return UndertowSseServer.start(config);
    }
}
