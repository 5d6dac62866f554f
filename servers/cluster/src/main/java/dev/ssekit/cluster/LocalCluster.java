package dev.ssekit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * N child JVMs of the same {@code java} as this one, each running the given main class with its own arguments on
 * 127.0.0.1: started together, then waited for until each answers {@code GET /api/stats} with 200. Each node's output
 * goes to {@code <logDir>/node-<i>-<name>.log}. {@link #close()} stops them all, and so does a shutdown hook should
 * the JVM end first; a failed start leaves no process.
 */
public final class LocalCluster implements AutoCloseable {

    /** How long all nodes together may take to answer. */
    public static final long DEFAULT_START_MILLIS = 60_000;

    /**
     * One node to start: its name (for logs and messages), its port (0: a free one) and its program arguments, made
     * from the port it gets.
     */
    public record Node(String name, int port, IntFunction<List<String>> args) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(args, "args");
        }
    }

    private final List<NodeProcess> nodes;
    private final Path logDir;
    private final Thread hook;
    private boolean closed;

    private LocalCluster(List<NodeProcess> nodes, Path logDir) {
        this.nodes = List.copyOf(nodes);
        this.logDir = logDir;
        this.hook = Processes.hook("local-cluster-reaper", this::close);
    }

    /** The {@code java} running this JVM, so that the nodes run the same one. */
    public static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's class path, absolute, for nodes that run the same code. */
    public static String currentClassPath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** {@link #start(String, List, String, List, Path, long)} with no JVM options and the default start time. */
    public static LocalCluster start(String classPath, String mainClass, List<Node> nodes, Path logDir) {
        return start(classPath, List.of(), mainClass, nodes, logDir, DEFAULT_START_MILLIS);
    }

    /**
     * Starts every node ({@code java [jvmOptions] -cp classPath mainClass args...}) and waits until each answers;
     * if one does not within {@code startMillis}, all are stopped and the exception carries that node's log tail.
     */
    public static LocalCluster start(String classPath, List<String> jvmOptions, String mainClass, List<Node> nodes,
            Path logDir, long startMillis) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        String java = currentJava();
        List<NodeProcess> started = new ArrayList<>();
        LocalCluster cluster = null;
        try {
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                int port = n.port() == 0 ? FreePorts.free() : n.port();
                List<String> cmd = new ArrayList<>();
                cmd.add(java);
                cmd.addAll(jvmOptions);
                cmd.addAll(List.of("-cp", classPath, mainClass));
                cmd.addAll(n.args().apply(port));
                Path log = logDir.toAbsolutePath().resolve("node-" + (i + 1) + "-" + n.name() + ".log");
                started.add(NodeProcess.launch(n.name(), port, cmd, log));
            }
            cluster = new LocalCluster(started, logDir.toAbsolutePath());
            long deadline = System.nanoTime() + startMillis * 1_000_000;
            for (NodeProcess n : started) {
                n.awaitReady(deadline);
            }
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                started.forEach(NodeProcess::kill);
            }
            throw e;
        }
    }

    public List<NodeProcess> nodes() {
        return nodes;
    }

    public NodeProcess node(int index) {
        return nodes.get(index);
    }

    /** The nodes' ports, in order (for a {@link Balancer}). */
    public List<Integer> ports() {
        return nodes.stream().map(NodeProcess::port).toList();
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops every node (SIGTERM together, then SIGKILL for any that linger); idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        nodes.forEach(NodeProcess::markClosing);
        try {
            for (NodeProcess n : nodes) {
                if (n.paused()) {
                    n.resume();
                }
            }
        } catch (RuntimeException ignored) {
            // a node that cannot be resumed is killed below
        }
        // SIGTERM to all first, so they stop side by side rather than one after the other
        nodes.forEach(n -> {
            if (n.alive()) {
                ProcessHandle.of(n.pid()).ifPresent(ProcessHandle::destroy);
            }
        });
        nodes.forEach(NodeProcess::close);
        Processes.unhook(hook);
    }
}
