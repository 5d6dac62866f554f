package dev.ssekit.clients.java;

import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.io.PrintStream;

/** The test service around the kit's Java client; {@code sse-kit client-service --port N} runs it. */
public final class JavaClientService {

    private JavaClientService() {
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 picks one), logging to {@code log}; close it to stop. */
    public static TestService start(int port, PrintStream log) throws IOException {
        return TestService.start(new JavaClientAdapter(), port, log);
    }

    /** As {@link #start(int, PrintStream)} with an adapter configured in code (TLS trust, HTTP version). */
    public static TestService start(int port, PrintStream log, JavaClientAdapter adapter) throws IOException {
        return TestService.start(adapter, port, log);
    }

    public static void main(String[] args) throws Exception {
        System.exit(TestService.run(new JavaClientAdapter(), args, System.out, System.err));
    }
}
