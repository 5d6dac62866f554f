package dev.ssekit.cli;

import dev.ssekit.server.FeedStore;
import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import dev.ssekit.server.redis.RedisFeedStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
        footer = {"  0  stopped by a signal", "  2  bad usage, the port is taken, or the key store cannot be used"})
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

    @Option(names = "--tls", description = "Serve HTTPS, with ALPN offering h2 and http/1.1. The certificate is the kit's"
            + " own self-signed one for localhost, made on first use and kept in the user's data folder, unless"
            + " --keystore gives one.")
    private boolean tls;

    @Option(names = "--keystore", paramLabel = "FILE", description = "The key store (PKCS12, or JKS by its .jks name)"
            + " with the private key and certificate to serve HTTPS with; implies --tls.")
    private Path keystore;

    @Option(names = "--storepass", paramLabel = "PASS", description = "The password of --keystore (and of its key).")
    private String storepass;

    @Option(names = "--h2c", description = "On plain HTTP, also accept HTTP/2 with prior knowledge (a connection that"
            + " opens with the HTTP/2 preface).")
    private boolean h2c;

    @Option(names = "--redis", paramLabel = "URL", description = "Put the broadcast feed on a Redis stream"
            + " (redis://HOST:PORT): every server given the same Redis and key shares one feed, with the same ids,"
            + " and resumes a Last-Event-ID from any of them.")
    String redis;

    @Option(names = "--redis-key", paramLabel = "KEY", defaultValue = RedisFeedStore.DEFAULT_KEY,
            description = "The Redis stream's key (default: ${DEFAULT-VALUE}).")
    String redisKey;

    @Option(names = "--nodes", paramLabel = "N", description = "Run a local cluster instead: N nodes (2 to 9; Undertow and"
            + " Vert.x in turn) as child processes on PORT+1..PORT+N, sharing the feed on --redis, behind HAProxy on PORT"
            + " (round robin, no stickiness).")
    private Integer nodes;

    @Option(names = "--balancer", paramLabel = "PATH", description = "The haproxy executable --nodes runs (default: haproxy"
            + " on PATH or in /usr/sbin; Debian's package haproxy).")
    private Path balancer;

    @Option(names = "--exit-with", paramLabel = "PID", hidden = true,
            description = "Stop when the process PID ends (serve --nodes gives its nodes its own pid).")
    private Long exitWith;

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
        if (nodes != null || balancer != null) {
            return cluster(docsRoot);
        }
        SseServerConfig config;
        try {
            config = SseServerConfig.defaults().withHost(host).withPort(port).withIntervalMs(intervalMs)
                    .withEventType(eventType).withRetryMs(retryMs).withHeartbeatMs(heartbeatMs)
                    .withAllowedOrigins(new LinkedHashSet<>(allowOrigins)).withPublishToken(publishToken)
                    .withDocsRoot(docsRoot);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ServerTls serverTls = serverTls();
        config = config.withTls(serverTls).withH2c(h2c).withFeedStore(feedStore());
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
        String offered = serverTls != null ? "HTTPS; ALPN offers h2 and http/1.1"
                : h2c ? "HTTP/1.1, and h2c with prior knowledge" : null;
        Path pem = serverTls != null && serverTls.generated() ? serverTls.keystore().resolveSibling("localhost.pem") : null;
        String curl = pem != null ? "curl --cacert " + pem + " -N" : "curl -N";
        for (SseServer s : servers) {
            String base = s.baseUrl();
            out.printf("%-8s %s/  (demo page)%n", s.name(), base);
            out.printf("%-8s %s/api/sse  (stream; try: %s %s/api/sse)%n", "", base, curl, base);
            out.printf("%-8s %s/api/stats  %s/api/feed%n", "", base, base);
        }
        if (offered != null) {
            out.printf("protocol %s%n", offered);
        }
        if (redis != null) {
            out.printf("feed     the Redis stream %s at %s, shared by every server given the same --redis and"
                    + " --redis-key%n", redisKey, RedisFeedStore.redacted(redis));
        }
        if (pem != null) {
            try {
                Files.writeString(pem, serverTls.certificatePem());
                out.printf("cert     the kit's self-signed certificate for localhost: %s%n", serverTls.keystore());
                out.printf("         trust it with curl: curl --cacert %s ...%n", pem);
            } catch (IOException e) {
                out.printf("cert     the kit's self-signed certificate for localhost: %s (cannot write %s: %s)%n",
                        serverTls.keystore(), pem, e.getMessage());
            }
            out.printf("         in Chromium: --ignore-certificate-errors-spki-list=%s%n", serverTls.spkiSha256());
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
        if (exitWith != null) {
            // a node of serve --nodes: when that serve is gone, even by SIGKILL, this node goes too
            ProcessHandle.of(exitWith).map(ProcessHandle::onExit)
                    .orElse(java.util.concurrent.CompletableFuture.completedFuture(null))
                    .thenRun(() -> System.exit(0));
        }
        stopped.await();
        return 0;
    }

    /** --nodes: the options are checked here, the cluster is {@link ClusterServe}'s. */
    private int cluster(Path docsRoot) throws InterruptedException {
        if (nodes == null) {
            throw new ParameterException(spec.commandLine(), "--balancer is for --nodes N");
        }
        if (nodes < 2 || nodes > 9) {
            throw new ParameterException(spec.commandLine(), "--nodes must be 2 to 9, not " + nodes);
        }
        if (redis == null) {
            throw new ParameterException(spec.commandLine(), "--nodes needs --redis URL: the nodes share the feed on a"
                    + " Redis stream (redis://HOST:PORT)");
        }
        if (tls || keystore != null || h2c) {
            throw new ParameterException(spec.commandLine(), "--nodes serves plain HTTP/1.1 behind HAProxy: --tls,"
                    + " --keystore and --h2c do not apply");
        }
        if (!serverNames.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--nodes runs Undertow and Vert.x in turn: --server does not"
                    + " apply");
        }
        if (!host.equals("127.0.0.1")) {
            throw new ParameterException(spec.commandLine(), "--nodes listens on 127.0.0.1 only: --host does not apply");
        }
        if (port != 0 && port + nodes > 65_535) {
            throw new ParameterException(spec.commandLine(), "--nodes " + nodes + " needs ports " + port + " to "
                    + (port + nodes) + ": give a lower --port");
        }
        feedStore(); // a bad URL or key is one usage error here, not one per node
        List<String> passThrough = new ArrayList<>(List.of("--interval", Long.toString(intervalMs), "--event", eventType,
                "--retry", Long.toString(retryMs), "--heartbeat", Long.toString(heartbeatMs), "--docs", docsRoot.toString()));
        allowOrigins.forEach(o -> passThrough.addAll(List.of("--allow-origin", o)));
        if (publishToken != null) {
            passThrough.addAll(List.of("--publish-token", publishToken));
        }
        ClusterServe.Settings settings = new ClusterServe.Settings(nodes, port, balancer, redis, redisKey, publishToken,
                passThrough);
        return new ClusterServe(settings, main.io().outWriter()).run();
    }

    /** The certificate --tls or --keystore asks for, or null; a key store that cannot be used exits 2 naming it. */
    private ServerTls serverTls() {
        if (h2c && (tls || keystore != null)) {
            throw new ParameterException(spec.commandLine(), "--h2c is HTTP/2 on plain HTTP; with --tls, ALPN offers h2"
                    + " already: give one of them");
        }
        if (storepass != null && keystore == null) {
            throw new ParameterException(spec.commandLine(), "--storepass needs --keystore FILE");
        }
        try {
            if (keystore != null) {
                if (storepass == null) {
                    throw new ParameterException(spec.commandLine(), "--keystore needs --storepass PASS");
                }
                ServerTls given = ServerTls.keystore(keystore.toAbsolutePath().normalize(), storepass);
                given.sslContext(); // read it now: a bad store is one line here, not a failure at the first handshake
                return given;
            }
            return tls ? ServerTls.selfSigned() : null;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new CommandFailure(2, "sse-kit serve: " + m);
        }
    }

    /** The feed's store --redis asks for, or null; a malformed URL or key is a usage error. */
    private FeedStore.Factory feedStore() {
        if (redis == null) {
            if (!RedisFeedStore.DEFAULT_KEY.equals(redisKey)) {
                throw new ParameterException(spec.commandLine(), "--redis-key needs --redis URL");
            }
            return null;
        }
        try {
            return RedisFeedStore.factory(redis, redisKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
        }
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
