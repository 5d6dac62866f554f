// tag::torture-it[]
package dev.ssekit.torture;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;

/** The torture suite against the Undertow adapter. */
class UndertowTortureIT extends TortureSuite {

    @Override
    protected SseServer start(SseServerConfig config) {
        return UndertowSseServer.start(config);
    }
}
// end::torture-it[]
