package dev.ssekit.server.vertx;

import dev.ssekit.conformance.HttpVersion;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;

import dev.ssekit.server.SuiteServers;

/** The server conformance suite against the Vert.x adapter over plain HTTP, speaking h2c with prior knowledge. */
class VertxH2cConformanceIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) {
        return SuiteServers.start(new VertxProvider(), settings, null, true);
    }

    @Override
    protected HttpVersion protocol() {
        return HttpVersion.HTTP_2;
    }
}
