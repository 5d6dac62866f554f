package dev.ssekit.cli;

import dev.ssekit.clients.java.JavaClientAdapter;
import dev.ssekit.clientservice.TestService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the Java client's test service, so that any harness of the protocol can drive the kit's client. */
@Command(name = "client-service",
        sortOptions = false,
        header = "Run the kit's Java EventSource as a test service (LaunchDarkly's sse-contract-tests protocol).",
        description = {
            "Listens on 127.0.0.1:PORT and wraps the kit's Java client in the test-service protocol",
            "of LaunchDarkly's sse-contract-tests, so that their harness, or sse-kit client-check,",
            "can drive it: GET / lists the capabilities, POST / starts a client, DELETE on its",
            "Location closes it, DELETE / stops the service. One line is printed per client started.",
            "--trust FILE makes the clients trust the certificates in FILE (PEM, or PKCS12 with",
            "--trust-pass) and no others, as client-check --http2 needs; --http 2 makes every",
            "request ask for HTTP/2, --http 1.1 for HTTP/1.1.",
            "Ctrl-C stops it too."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  stopped by DELETE / or Ctrl-C", "  2  bad usage, or the port is taken"})
final class ClientServiceCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8111",
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "Certificates the clients trust, and no others: PEM, or PKCS12 (.p12) with --trust-pass.")
    private Path trust;

    @Option(names = "--trust-pass", paramLabel = "P", description = "The PKCS12 --trust file's password.")
    private String trustPass;

    @Option(names = "--http", paramLabel = "V", description = "The HTTP version each request asks for: 2 or 1.1"
            + " (default: negotiated).")
    private String http;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = new PrintStream(main.io().out(), true, StandardCharsets.UTF_8);
        if (port < 0 || port > 65535) {
            throw new CommandFailure(2, "sse-kit client-service: --port must be 0..65535, not " + port);
        }
        JavaClientAdapter adapter;
        try {
            HttpClient.Version v = http == null ? null : switch (http) {
                case "2" -> HttpClient.Version.HTTP_2;
                case "1.1" -> HttpClient.Version.HTTP_1_1;
                default -> throw new IllegalArgumentException("--http is 2 or 1.1, not " + http);
            };
            adapter = trust == null && v == null ? new JavaClientAdapter() // the sse.client.* system properties, if any
                    : new JavaClientAdapter(trust == null ? null
                            : JavaClientAdapter.httpClient(JavaClientAdapter.trustOnly(trust, trustPass)), v);
        } catch (RuntimeException e) {
            throw new CommandFailure(2, "sse-kit client-service: " + e.getMessage());
        }
        TestService service;
        try {
            service = TestService.start(adapter, port, out);
        } catch (BindException e) {
            throw new CommandFailure(2, "sse-kit client-service: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        try (service) {
            service.runUntilStopped(out);
        }
        return 0;
    }
}
