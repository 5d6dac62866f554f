package dev.ssekit.clients.vertx;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against Vert.x Web Client (BodyCodec.sseStream); its failures are findings, pinned in {@link #knownFailures()}. */
class VertxSseConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "vertx";
    }

    @Override
    protected String displayName() {
        return "Vert.x Web Client (BodyCodec.sseStream)";
    }

    @Override
    protected String clientVersion() {
        return System.getProperty("sse.client.version");
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = VertxSseService.start(0);
        return TestService.of(s.uri(), s);
    }

    @Override
    protected Map<String, String> knownFailures() {
        return Map.of();
    }
}
