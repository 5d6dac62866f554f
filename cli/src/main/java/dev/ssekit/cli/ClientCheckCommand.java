package dev.ssekit.cli;

import dev.ssekit.clientcheck.ClientCheck;
import dev.ssekit.clientcheck.ClientCheckOptions;
import dev.ssekit.clientcheck.ServiceUnreachableException;
import dev.ssekit.server.ServerTls;
import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Checks an SSE client through its test service: every client scenario, judged. */
@Command(name = "client-check",
        sortOptions = false,
        header = "Check an SSE client through its test service (LaunchDarkly's sse-contract-tests protocol).",
        description = {
            "URL is a test service that wraps the client: GET URL lists its capabilities,",
            "POST URL creates a stream, commands and DELETE go to the Location it returns,",
            "and the client's events and errors come back as callbacks (the protocol of",
            "LaunchDarkly's sse-contract-tests, unchanged: any service written for it works).",
            "Each scenario is played on a scripted server on 127.0.0.1 (a fresh path per",
            "scenario; every response carries Access-Control-Allow-Origin: *, so a browser",
            "page on another origin can read it) and judged: the requests of each attempt,",
            "the reconnect delays, retry, Last-Event-ID, 204 and other ways to stop, redirects,",
            "Content-Type, BOM, line ends. A failure prints the requirement, then Expected",
            "and Actual. A scenario that needs a capability the service does not claim is",
            "not-applicable; one the harness could not judge (the service refused or did not",
            "answer, a deadline passed) is not-run. Results go to DIR/client-NAME.json.",
            "With --http2 the scripts are served over HTTP/2 on HTTPS (ALPN h2, one port per",
            "scenario), with the kit's self-signed certificate or --keystore; its PEM is",
            "written to DIR/client-check-trust.pem for the client to trust (sse-kit",
            "client-service --trust FILE --http 2). A scenario whose requests did not come",
            "over h2 is not-run, naming the protocol they came over."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  no MUST failed (non-strict, not-applicable and not-run scenarios may be reported)",
                "  1  some scenario failed a MUST",
                "  2  bad usage, or the test service does not answer GET URL"})
final class ClientCheckCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The test service's base URL (http).")
    private String url;

    @Option(names = "--name", paramLabel = "N", defaultValue = "client",
            description = "Client name: the results file is DIR/client-N.json (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--client-version", paramLabel = "V", description = "The version of the client checked, for the results.")
    private String clientVersion;

    @Option(names = "--run", paramLabel = "REGEX",
            description = "Runs only the scenarios whose ID contains a match; the others are not-run, \"not selected by --run\".")
    private String run;

    @Option(names = "--skip", paramLabel = "REGEX",
            description = "Does not run the scenarios whose ID contains a match; they are not-run, \"skipped by --skip\".")
    private String skip;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also writes the results as JUnit XML: failures with the text printed here, not-run and"
                    + " not-applicable scenarios skipped with the reason.")
    private Path junit;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + ClientCheckOptions.DEFAULT_PARALLEL,
            description = "Scenarios run at once (default: ${DEFAULT-VALUE}).")
    private int parallel;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/conformance",
            description = "Folder of the results file (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "" + ClientCheckOptions.DEFAULT_SCENARIO_TIMEOUT_MS,
            description = "Deadline of each scenario; one that runs past it is not-run (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--http2", description = "Serves the scripts over HTTP/2 on TLS (ALPN h2); requests over another"
            + " protocol leave their scenario not-run.")
    private boolean http2;

    @Option(names = "--keystore", paramLabel = "FILE", description = "With --http2: the PKCS12 key store of the server"
            + " certificate (default: the kit's self-signed one for 127.0.0.1, kept in the user's data folder).")
    private Path keystore;

    @Option(names = "--storepass", paramLabel = "P", description = "The --keystore's password.")
    private String storepass;

    @Override
    public Integer call() {
        URI service;
        try {
            service = new URI(url);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "URL is not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(service.getScheme()) || service.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "URL must be an http URL with a host, not " + url);
        }
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be 1 or more, not " + parallel);
        }
        if (timeoutMs < 1000) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be at least 1000, not " + timeoutMs);
        }
        ClientCheckOptions options;
        try {
            options = ClientCheckOptions.of(service, name, name, clientVersion)
                    .withSelection(regex("--run", run), regex("--skip", skip)).withParallel(parallel)
                    .withTimeouts(timeoutMs, ClientCheckOptions.DEFAULT_OVERALL_TIMEOUT_MS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage());
        }
        if (keystore != null && !http2) {
            throw new ParameterException(spec.commandLine(), "--keystore needs --http2");
        }
        Path trust = null;
        if (http2) {
            ServerTls tls;
            try {
                tls = keystore != null ? ServerTls.keystore(keystore, storepass == null ? "" : storepass) : ServerTls.selfSigned();
                options = options.withHttp2(tls.sslContext());
                Files.createDirectories(out);
                trust = Files.writeString(out.resolve("client-check-trust.pem"), tls.certificatePem());
            } catch (IOException | RuntimeException e) {
                throw new CommandFailure(2, "sse-kit client-check: --http2: " + e.getMessage());
            }
        }
        PrintWriter o = main.io().outWriter();
        PrintWriter err = main.io().errWriter();
        try (ClientCheck check = ClientCheck.prepare(options)) {
            List<ClientScenario> all = check.scenarios();
            o.println("sse-kit client-check " + service + " (client " + name + ", " + all.size() + " scenarios, " + parallel
                    + " at a time)");
            o.println("  capabilities: " + (check.capabilities().isEmpty() ? "none" : String.join(", ", check.capabilities())));
            if (trust != null) {
                o.println("  over h2 (HTTPS, ALPN); the client must trust " + trust);
            }
            o.println();
            o.flush();
            int width = String.valueOf(all.size()).length();
            AtomicInteger done = new AtomicInteger();
            List<ResultEntry> entries = check.run(new ClientCheck.Listener() {
                @Override
                public void started(ClientScenario s) {
                    synchronized (err) {
                        err.println(s.id() + " ...");
                        err.flush();
                    }
                }

                @Override
                public void finished(ClientScenario s, ResultEntry e) {
                    synchronized (o) {
                        o.printf("%s %-14s [%s] %s%n", String.format("[%" + width + "d/%d]", done.incrementAndGet(), all.size()),
                                e.outcome().word(), s.id(), s.title());
                        if (e.detail() != null && e.outcome() != Outcome.PASS) {
                            o.println("    " + e.detail().replace("\n", "\n    "));
                        }
                        o.flush();
                    }
                }
            });
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            entries.forEach(e -> counts.merge(e.outcome(), 1, Integer::sum));
            o.println();
            o.println(CheckCommand.summary(counts));
            Path written;
            try {
                written = check.report().writeTo(out);
            } catch (UncheckedIOException e) {
                throw new CommandFailure(2, "sse-kit client-check: " + e.getMessage());
            }
            o.println("results: " + written);
            if (junit != null) {
                try {
                    JUnitReport.write(junit, "client-check", options.subject(), entries, false);
                } catch (IOException e) {
                    throw new CommandFailure(2, "sse-kit client-check: --junit " + junit + ": cannot write: " + e.getMessage());
                }
                o.println("junit: " + junit);
            }
            o.flush();
            return counts.getOrDefault(Outcome.FAIL, 0) > 0 ? 1 : 0;
        } catch (ServiceUnreachableException e) {
            throw new CommandFailure(2, "sse-kit client-check: " + e.getMessage());
        }
    }

    private Pattern regex(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + " is not a regular expression: " + value);
        }
    }
}
