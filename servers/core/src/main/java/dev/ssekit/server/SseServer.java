package dev.ssekit.server;

import java.util.Map;

/**
 * A running reference server: one adapter over one {@link SseCore}. What callers need of the core (stats, publishing,
 * the neighbours for {@code /api/info}, the settings) is here; the core itself stays the adapter's.
 */
public interface SseServer extends AutoCloseable {

    /** {@code undertow} or {@code vertx}: the name of its {@link SseServerProvider}. */
    String name();

    /** The port it listens on (useful when started on port 0). */
    int port();

    /** The host it is bound to. */
    String host();

    /** The settings it was started with. */
    SseServerConfig config();

    /** What {@code GET /api/stats} reports. */
    Stats stats();

    /** Publishes to the feed without HTTP or token (for embedding, tests and benchmarks); returns the event's id. */
    long publish(String data);

    /**
     * Names the servers running next to this one (itself included), by name and port, for {@code GET /api/info}
     * (API-029).
     */
    void announce(Map<String, Integer> servers);

    /** The base URL, e.g. {@code http://127.0.0.1:3000}, or {@code https://} when it serves TLS. */
    default String baseUrl() {
        return config().scheme() + "://" + (host().contains(":") ? "[" + host() + "]" : host()) + ":" + port();
    }

    /**
     * Graceful shutdown: stop accepting, tell open streams to retry (they end, so EventSource reconnects),
     * cancel every timer, and return within {@link SseServerConfig#shutdownGraceMs()} plus a small margin.
     */
    @Override
    void close();
}
