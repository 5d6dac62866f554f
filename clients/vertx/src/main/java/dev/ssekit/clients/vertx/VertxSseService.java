package dev.ssekit.clients.vertx;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;

/** The test service for Vert.x Web Client SSE: {@code java -cp ... dev.ssekit.clients.vertx.VertxSseService --port N}. */
public final class VertxSseService {

    private VertxSseService() {
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks one), logging to stdout; close it to stop. */
    public static TestService start(int port) throws IOException {
        return TestService.start(new VertxSseAdapter(), port, System.out);
    }

    public static void main(String[] args) throws Exception {
        System.exit(TestService.run(new VertxSseAdapter(), args, System.out, System.err));
    }
}
