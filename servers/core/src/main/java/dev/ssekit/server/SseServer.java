package dev.ssekit.server;

/** A running reference server (one adapter over one {@link SseCore}). */
public interface SseServer extends AutoCloseable {

    /** {@code undertow} or {@code vertx}. */
    String name();

    /** The port it listens on (useful when started on port 0). */
    int port();

    /** The host it is bound to. */
    String host();

    SseCore core();

    /** The base URL, e.g. {@code http://127.0.0.1:3000}. */
    default String baseUrl() {
        return "http://" + (host().contains(":") ? "[" + host() + "]" : host()) + ":" + port();
    }

    /**
     * Graceful shutdown: stop accepting, tell open streams to retry (they end, so EventSource reconnects),
     * cancel every timer, and return within {@link SseServerConfig#shutdownGraceMs()} plus a small margin.
     */
    @Override
    void close();
}
