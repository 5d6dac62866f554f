package dev.ssekit.torture;

import java.io.IOException;

/** A server started in a child process for one scenario (descriptor exhaustion); closing it stops the process. */
public interface ChildServer extends AutoCloseable {

    String host();

    int port();

    /** Everything the process wrote to stderr so far (bounded; the start is kept). */
    String stderr();

    boolean isAlive();

    /** Stops the process, gracefully if it can, within a few seconds. */
    @Override
    void close();

    /** Starts the subject's server in a child process whose open-files limit is {@code descriptorLimit}. */
    @FunctionalInterface
    interface Launcher {
        ChildServer start(int descriptorLimit) throws IOException;
    }
}
