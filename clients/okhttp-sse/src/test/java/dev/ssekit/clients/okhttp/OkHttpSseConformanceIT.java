package dev.ssekit.clients.okhttp;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against okhttp-sse; its failures are findings, pinned in {@link #knownFailures()}. */
class OkHttpSseConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "okhttp-sse";
    }

    @Override
    protected String displayName() {
        return "okhttp-sse";
    }

    @Override
    protected String clientVersion() {
        return System.getProperty("sse.client.version");
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = OkHttpSseService.start(0);
        return TestService.of(s.uri(), s);
    }

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
