package dev.ssekit.clients.launchdarkly;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;

/** The test service for LaunchDarkly okhttp-eventsource: {@code java -cp ... dev.ssekit.clients.launchdarkly.LaunchDarklyService --port N}. */
public final class LaunchDarklyService {

    private LaunchDarklyService() {
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks one), logging to stdout; close it to stop. */
    public static TestService start(int port) throws IOException {
        return TestService.start(new LaunchDarklyAdapter(), port, System.out);
    }

    public static void main(String[] args) throws Exception {
        System.exit(TestService.run(new LaunchDarklyAdapter(), args, System.out, System.err));
    }
}
