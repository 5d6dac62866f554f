package dev.ssekit.server.undertow;

import dev.ssekit.server.SseServerConfig;
import java.io.IOException;

/**
 * A server in a child process, for what cannot be done to the test's own JVM (a lowered descriptor limit): prints
 * {@code READY <port>}, and stops when its standard input ends.
 */
public final class ChildServer {

    private ChildServer() {
    }

    public static void main(String[] args) throws IOException {
        long deadlineMs = Long.parseLong(args[0]);
        try (UndertowSseServer server = UndertowSseServer.start(SseServerConfig.defaults().withHost("127.0.0.1")
                .withPort(0).withRequestTimeoutMs(deadlineMs))) {
            System.out.println("READY " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our input
            }
        }
    }
}
