package dev.ssekit.clients.spring;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;

/** The test service for Spring WebClient: {@code java -cp ... dev.ssekit.clients.spring.WebClientService --port N}. */
public final class WebClientService {

    private WebClientService() {
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks one), logging to stdout; close it to stop. */
    public static TestService start(int port) throws IOException {
        return TestService.start(new WebClientAdapter(), port, System.out);
    }

    public static void main(String[] args) throws Exception {
        System.exit(TestService.run(new WebClientAdapter(), args, System.out, System.err));
    }
}
