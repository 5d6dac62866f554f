package dev.ssekit.clients.spring;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against Spring WebClient; its failures are findings, pinned in {@link #knownFailures()}. */
class WebClientConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "spring-webclient";
    }

    @Override
    protected String displayName() {
        return "Spring WebClient";
    }

    @Override
    protected String clientVersion() {
        return System.getProperty("sse.client.version");
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = WebClientService.start(0);
        return TestService.of(s.uri(), s);
    }

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
