// tag::conformance-it[]
package dev.ssekit.server.undertow;

import dev.ssekit.conformance.ServerConformance;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;

/** The server conformance suite against the Undertow adapter. */
class UndertowConformanceIT extends ServerConformance {

    @Override
    protected SseServer start(SseServerConfig config) {
        return UndertowSseServer.start(config);
    }
}
// end::conformance-it[]
