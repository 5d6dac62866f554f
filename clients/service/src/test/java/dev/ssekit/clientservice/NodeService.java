package dev.ssekit.clientservice;

import dev.ssekit.conformance.junit.NodeApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A node test service in {@code clients/<module>}, started as the node subjects are ({@link NodeApp}: {@code npm ci}
 * when needed, then the command on 127.0.0.1 and a free port). Without node or npm, {@link #start} aborts the caller
 * (not-run, with the reason) unless {@code -Dsse.express.required=true}, which makes it a failure.
 */
public final class NodeService implements AdapterChecks.Service {

    private final NodeApp app;
    private final ProcessHandle node;

    private NodeService(NodeApp app, ProcessHandle node) {
        this.app = app;
        this.node = node;
    }

    /** {@code <sse.root>/clients/<module>}, else the working directory (a module's build runs there). */
    public static Path dir(String module) {
        String root = System.getProperty("sse.root");
        if (root != null && !root.isBlank() && Files.isRegularFile(Path.of(root, "clients", module, "package.json"))) {
            return Path.of(root, "clients", module);
        }
        return Path.of("").toAbsolutePath();
    }

    /** The version of {@code pkg} that the module's package-lock.json pins. */
    public static String version(String module, String pkg) {
        return NodeApp.lockedVersion(dir(module), pkg);
    }

    /** Starts {@code command} (e.g. {@code node service.js}) in {@code clients/<module>}. */
    public static NodeService start(String module, List<String> command) throws Exception {
        Path dir = dir(module);
        String missing = NodeApp.missingTools(dir);
        if (missing != null) {
            if (Boolean.getBoolean("sse.express.required")) {
                throw new IllegalStateException("node clients are required (-Dsse.express.required=true) but " + missing);
            }
            Assumptions.abort("not-run: " + module + " needs node and npm: " + missing);
        }
        NodeApp app = NodeApp.start(module, dir, List.of(), command);
        // NodeApp keeps its Process to itself: the newest child of this JVM running the command is ours
        Optional<ProcessHandle> node = ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).containsAll(command.subList(1, command.size())))
                        .orElse(false))
                .max(Comparator.comparing(p -> p.info().startInstant().orElse(java.time.Instant.EPOCH)));
        if (node.isEmpty()) {
            app.close();
            throw new IllegalStateException("started " + command + " but found no such child process");
        }
        return new NodeService(app, node.get());
    }

    @Override
    public URI uri() {
        return URI.create(app.baseUrl() + "/");
    }

    /** True once the node process has exited by itself. */
    @Override
    public boolean awaitGone(Duration timeout) throws InterruptedException {
        try {
            node.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !node.isAlive();
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
