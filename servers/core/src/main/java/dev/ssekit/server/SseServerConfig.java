package dev.ssekit.server;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of a reference server. Defaults are the tutorial's: port 3000, event type {@code lol},
 * one piece a second. Immutable; the {@code with*} methods return changed copies.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param eventType event type of document pieces (query {@code event} overrides it)
 * @param intervalMs default delay between pieces (query {@code interval} overrides it)
 * @param retryMs the {@code retry} every stream opens with
 * @param heartbeatMs period of heartbeat comments on an otherwise quiet stream
 * @param backlogBytes per-connection bound on queued, unwritten bytes; a stream over it is closed
 * @param allowedOrigins origins granted credentialed CORS (echoed, with Allow-Credentials); empty by default
 * @param publishToken bearer token that allows {@code POST /api/feed}; null disables publishing
 * @param replayCapacity events kept by the broadcast feed for {@code Last-Event-ID} replay
 * @param shutdownGraceMs how long a graceful shutdown waits for streams to finish
 * @param docsRoot directory served at {@code /docs/} (the built docs site, API-028); null serves none
 * @param requestTimeoutMs the request deadline (API-030): a connection that has not delivered a whole request (head
 *     and body) this long after it was accepted, or after the end of its previous response, gets 408 and is closed
 * @param tls the certificate to serve HTTPS with (ALPN offers h2 and http/1.1); null serves plain HTTP
 * @param h2c on plain HTTP, also accept HTTP/2 with prior knowledge (a connection that opens with the h2 preface)
 * @param feedStore where the broadcast feed keeps its events when several servers share it (a Redis stream); null
 *     keeps them in this server's memory
 */
public record SseServerConfig(String host, int port, String eventType, long intervalMs, long retryMs, long heartbeatMs,
        int backlogBytes, Set<String> allowedOrigins, String publishToken, int replayCapacity, long shutdownGraceMs,
        Path docsRoot, long requestTimeoutMs, ServerTls tls, boolean h2c, FeedStore.Factory feedStore) {

    public static final int DEFAULT_PORT = 3000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

    public SseServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (intervalMs < 0 || retryMs < 0 || heartbeatMs <= 0 || backlogBytes <= 0 || replayCapacity <= 0
                || shutdownGraceMs < 0 || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("intervalMs, retryMs, shutdownGraceMs >= 0; heartbeatMs, backlogBytes,"
                    + " replayCapacity, requestTimeoutMs > 0");
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    public static SseServerConfig defaults() {
        return new SseServerConfig("127.0.0.1", DEFAULT_PORT, "lol", 1000, 1000, 15_000, 256 * 1024, Set.of(), null,
                1024, 2000, null, DEFAULT_REQUEST_TIMEOUT_MS, null, false, null);
    }

    public SseServerConfig withHost(String v) {
        return new SseServerConfig(v, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withPort(int v) {
        return new SseServerConfig(host, v, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withEventType(String v) {
        return new SseServerConfig(host, port, v, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withIntervalMs(long v) {
        return new SseServerConfig(host, port, eventType, v, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withRetryMs(long v) {
        return new SseServerConfig(host, port, eventType, intervalMs, v, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withHeartbeatMs(long v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, v, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withBacklogBytes(int v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, v, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withAllowedOrigins(Set<String> v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, v, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withPublishToken(String v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, v, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withReplayCapacity(int v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, v, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withShutdownGraceMs(long v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, v, docsRoot, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withDocsRoot(Path v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, v, requestTimeoutMs, tls, h2c, feedStore);
    }

    public SseServerConfig withRequestTimeoutMs(long v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, v, tls, h2c, feedStore);
    }

    public SseServerConfig withTls(ServerTls v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, v, h2c, feedStore);
    }

    public SseServerConfig withH2c(boolean v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, v, feedStore);
    }

    public SseServerConfig withFeedStore(FeedStore.Factory v) {
        return new SseServerConfig(host, port, eventType, intervalMs, retryMs, heartbeatMs, backlogBytes, allowedOrigins, publishToken, replayCapacity, shutdownGraceMs, docsRoot, requestTimeoutMs, tls, h2c, v);
    }

    /** The scheme clients use: {@code https} with {@link #tls()}, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }
}
