package dev.ssekit.server;

import dev.ssekit.conformance.Offer;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;

/**
 * The reference servers as subjects of the conformance suite: configured with its settings, offering the whole
 * contract, running in the test's JVM, held to every SHOULD. Shared through this module's test-jar by the adapters' and the torture tests.
 */
public final class SuiteServers {

    private SuiteServers() {
    }

    /** The server configuration that applies {@code s}, on 127.0.0.1 and a free port. */
    public static SseServerConfig config(SuiteSettings s) {
        return SseServerConfig.defaults().withHost("127.0.0.1").withPort(0).withAllowedOrigins(s.allowedOrigins())
                .withPublishToken(s.publishToken()).withHeartbeatMs(s.heartbeatMs()).withBacklogBytes(s.backlogBytes())
                .withReplayCapacity(s.replayCapacity()).withRetryMs(s.retryMs());
    }

    /** Starts the provider's server with {@code s} and describes it to the suite. */
    public static Subject start(SseServerProvider provider, SuiteSettings s) {
        return start(provider, s, null, false);
    }

    /**
     * As {@link #start(SseServerProvider, SuiteSettings)}, over TLS with {@code tls} (the subject is named
     * {@code <server>-h2}: the suite speaks h2 to it) or, with {@code h2c}, accepting HTTP/2 with prior knowledge on
     * plain HTTP ({@code <server>-h2c}).
     */
    public static Subject start(SseServerProvider provider, SuiteSettings s, ServerTls tls, boolean h2c) {
        SseServer server = provider.start(config(s).withTls(tls).withH2c(h2c));
        String name = server.name() + (tls != null ? "-h2" : h2c ? "-h2c" : "");
        return Subject.at(name, server.baseUrl(), server::close).offering(Offer.values())
                .inThisJvm(server.config().shutdownGraceMs()).strict();
    }
}
