package dev.ssekit.cli;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Runs the reference servers (every {@link SseServerProvider} on the class path, or the ones named) until interrupted. */
@Command(name = "serve",
        sortOptions = false,
        header = "Run the /api/sse reference servers (all of them by default, or the ones --server names).",
        description = {
            "Serves the tutorial's stream at /api/sse (one character a second as event 'lol',",
            "with ids, resume, heartbeats and a clean end), a demo page at /, stats at",
            "/api/stats, a broadcast feed at /api/feed, and the docs site with its live",
            "playground at /docs/. By default every server runs, on consecutive ports:",
            "Undertow on PORT and Vert.x on PORT+1. Stop with Ctrl-C: open streams are told",
            "to reconnect, and the servers stop within the grace period."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  stopped by a signal", "  2  bad usage, or the port is taken"})
final class ServeCommand implements Callable<Integer> {

    /** The servers the kit offers, for the help text and completion: their providers' names. */
    static final class ServerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SseServerProvider.all().stream().map(SseServerProvider::name).iterator();
        }
    }

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "NAME", completionCandidates = ServerNames.class,
            description = "Run only this server (repeatable): ${COMPLETION-CANDIDATES}. Default: all of them (also"
                    + " 'all' or 'both'), the first on PORT, the next on PORT+1 and so on.")
    private List<String> serverNames = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "" + SseServerConfig.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String host;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "Default milliseconds between pieces (default: ${DEFAULT-VALUE}).")
    private long intervalMs;

    @Option(names = "--event", paramLabel = "TYPE", defaultValue = "lol",
            description = "Default event type of the pieces (default: ${DEFAULT-VALUE}).")
    private String eventType;

    @Option(names = "--retry", paramLabel = "MS", defaultValue = "1000",
            description = "The retry every stream opens with (default: ${DEFAULT-VALUE}).")
    private long retryMs;

    @Option(names = "--heartbeat", paramLabel = "MS", defaultValue = "15000",
            description = "Heartbeat comment period on a quiet stream (default: ${DEFAULT-VALUE}).")
    private long heartbeatMs;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Grant credentialed CORS to this origin (repeatable), e.g. http://localhost:8080.")
    private List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--publish-token", paramLabel = "TOKEN",
            description = "Allow POST /api/feed with 'Authorization: Bearer TOKEN' (publishing is off without it).")
    private String publishToken;

    @Option(names = "--docs", paramLabel = "DIR",
            description = "The built docs site to serve at /docs/ (default: docs/target/site of the sse-kit checkout;"
                    + " the sse-kit launcher builds it when it is missing or older than its sources).")
    private Path docs;

    /** The launcher script passes its own directory as this system property. */
    static final String HOME_PROPERTY = "sse.kit.home";

    /** KIT-006: {@code <repo>/docs/target/site}, the repo being the launcher's directory, else the current one. */
    static Path defaultDocs() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
        return base.resolve("docs").resolve("target").resolve("site").toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws InterruptedException {
        Path docsRoot = (docs != null ? docs : defaultDocs()).toAbsolutePath().normalize();
        SseServerConfig config;
        try {
            config = SseServerConfig.defaults().withHost(host).withPort(port).withIntervalMs(intervalMs)
                    .withEventType(eventType).withRetryMs(retryMs).withHeartbeatMs(heartbeatMs)
                    .withAllowedOrigins(new LinkedHashSet<>(allowOrigins)).withPublishToken(publishToken)
                    .withDocsRoot(docsRoot);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<SseServerProvider> chosen = chosen();
        List<SseServer> servers = new ArrayList<>();
        try {
            // tag::start[]
            for (SseServerProvider provider : chosen) { // SseServerProvider.all(), or the ones --server names
                int next = port == 0 ? 0 : port + servers.size();
                servers.add(provider.start(config.withPort(next)));
            }
            // end::start[]
        } catch (RuntimeException e) {
            servers.forEach(SseServer::close);
            throw new CommandFailure(2, "sse-kit serve: cannot start: " + rootMessage(e));
        }
        // API-029: each server names itself and its neighbour, so the playground can use both.
        Map<String, Integer> ports = new LinkedHashMap<>();
        servers.forEach(s -> ports.put(s.name(), s.port()));
        servers.forEach(s -> s.announce(ports));
        PrintWriter out = main.io().outWriter();
        for (SseServer s : servers) {
            String base = s.baseUrl();
            out.printf("%-8s %s/  (demo page)%n", s.name(), base);
            out.printf("%-8s %s/api/sse  (stream; try: curl -N %s/api/sse)%n", "", base, base);
            out.printf("%-8s %s/api/stats  %s/api/feed%n", "", base, base);
        }
        String first = servers.get(0).baseUrl();
        if (Files.isDirectory(docsRoot)) {
            out.printf("docs     %s/docs/  (the docs site; live playground at %s/docs/playground/)%n", first, first);
        } else {
            out.printf("docs     %s/docs/  not built yet: %s is missing; ./sse-kit serve builds it (or ./mvnw verify),"
                    + " or pass --docs DIR%n", first, docsRoot);
        }
        out.println("Ctrl-C stops.");
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            servers.forEach(SseServer::close);
            stopped.countDown();
        }, "sse-kit-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return 0;
    }

    /** The providers to start: every one, or those --server names, in the providers' order. */
    private List<SseServerProvider> chosen() {
        List<SseServerProvider> all = SseServerProvider.all();
        if (all.isEmpty()) {
            throw new CommandFailure(2, "sse-kit serve: no server on the class path (no SseServerProvider)");
        }
        if (serverNames.isEmpty() || serverNames.contains("all") || serverNames.contains("both")) {
            return all;
        }
        Set<String> known = all.stream().map(SseServerProvider::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String name : serverNames) {
            if (!known.contains(name)) {
                throw new ParameterException(spec.commandLine(), "--server: no server named '" + name
                        + "'; the servers are: " + String.join(", ", known) + " (or all)");
            }
        }
        return all.stream().filter(p -> serverNames.contains(p.name())).toList();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
