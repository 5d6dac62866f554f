package dev.ssekit.cli;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import dev.ssekit.server.vertx.VertxSseServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Runs the reference servers until interrupted. */
@Command(name = "serve",
        sortOptions = false,
        header = "Run the /api/sse reference server (Undertow, Vert.x, or both).",
        description = {
            "Serves the tutorial's stream at /api/sse (one character a second as event 'lol',",
            "with ids, resume, heartbeats and a clean end), a demo page at /, stats at",
            "/api/stats, a broadcast feed at /api/feed, and the docs site with its live",
            "playground at /docs/. By default both servers run: Undertow on PORT and",
            "Vert.x on PORT+1. Stop with Ctrl-C: open streams are told to reconnect, and",
            "the servers stop within the grace period."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  stopped by a signal", "  2  bad usage, or the port is taken"})
final class ServeCommand implements Callable<Integer> {

    enum Which { undertow, vertx, both }

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "NAME", defaultValue = "both",
            description = "undertow, vertx or both (default: ${DEFAULT-VALUE}: Undertow on PORT, Vert.x on PORT+1).")
    private Which which;

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
                    + " build it with ./mvnw verify).")
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
        List<SseServer> servers = new ArrayList<>();
        try {
            // tag::start[]
            if (which != Which.vertx) {
                servers.add(UndertowSseServer.start(config));
            }
            if (which != Which.undertow) {
                int vertxPort = which == Which.both && port != 0 ? port + 1 : port;
                servers.add(VertxSseServer.start(config.withPort(vertxPort)));
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
            out.printf("docs     %s/docs/  not built yet: %s is missing; run ./mvnw verify, or pass --docs DIR%n",
                    first, docsRoot);
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
