package dev.ssekit.clientservice;

/** One client instance the harness created; the adapter's handle on it. */
public interface StreamClient {

    /** Stops the client for good (the harness's {@code DELETE}); must leave nothing running. */
    void close();

    /** The {@code listen} command (capability {@code event-type-listeners}): deliver events of this type too. */
    default void listen(String type) {
        throw new UnsupportedOperationException("listen");
    }

    /** The {@code restart} command (capability {@code restart}): drop the connection and reconnect. */
    default void restart() {
        throw new UnsupportedOperationException("restart");
    }
}
