package dev.ssekit.server.vertx;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.server.SuiteServers;

/** The server conformance suite against the Vert.x adapter. */
class VertxConformanceIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) {
        return SuiteServers.start(new VertxProvider(), settings);
    }
}
