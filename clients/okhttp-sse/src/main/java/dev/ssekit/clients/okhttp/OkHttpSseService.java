package dev.ssekit.clients.okhttp;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;

/** The test service for okhttp-sse: {@code java -cp ... dev.ssekit.clients.okhttp.OkHttpSseService --port N}. */
public final class OkHttpSseService {

    private OkHttpSseService() {
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks one), logging to stdout; close it to stop. */
    public static TestService start(int port) throws IOException {
        return TestService.start(new OkHttpSseAdapter(), port, System.out);
    }

    public static void main(String[] args) throws Exception {
        System.exit(TestService.run(new OkHttpSseAdapter(), args, System.out, System.err));
    }
}
