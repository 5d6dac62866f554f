package dev.ssekit.server.undertow;

import dev.ssekit.conformance.HttpVersion;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;

import dev.ssekit.server.SuiteServers;

/** The server conformance suite against the Undertow adapter over plain HTTP, speaking h2c with prior knowledge. */
class UndertowH2cConformanceIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) {
        return SuiteServers.start(new UndertowProvider(), settings, null, true);
    }

    @Override
    protected HttpVersion protocol() {
        return HttpVersion.HTTP_2;
    }
}
