// tag::conformance-it[]
package dev.ssekit.server.undertow;

import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.junit.ServerConformance;
import dev.ssekit.server.SuiteServers;

/** The server conformance suite against the Undertow adapter. */
class UndertowConformanceIT extends ServerConformance {

    @Override
    protected Subject start(SuiteSettings settings) {
        return SuiteServers.start(new UndertowProvider(), settings);
    }
}
// end::conformance-it[]
