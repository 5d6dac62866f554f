package dev.ssekit.conformance.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node application as a subject, built and run as its users would ({@code npm ci}, {@code npm run build},
 * {@code node ...}), listening on 127.0.0.1 and a port picked here (env {@code HOST} and {@code PORT}). The node
 * process and its children are stopped on {@link #close()}, when starting fails, and at the latest when this JVM
 * exits. Logs go to {@code target/<name>.log} and {@code target/<name>-npm.log}.
 */
public final class NodeApp implements AutoCloseable {

    private static final long START_SECONDS = 30;
    private static final int NPM_SECONDS = 300;

    private final Process node;
    private final int port;
    private final Thread reaper;

    private NodeApp(Process node, int port, Thread reaper) {
        this.node = node;
        this.port = port;
        this.reaper = reaper;
    }

    /** This module's folder: {@code <sse.root>/subjects/<module>}, else the working directory. */
    public static Path subjectDir(String module) {
        String root = System.getProperty("sse.root");
        Path dir = root == null || root.isBlank() ? null : Path.of(root, "subjects", module);
        if (dir != null && Files.isRegularFile(dir.resolve("package.json"))) {
            return dir;
        }
        Path here = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(here.resolve("package.json"))) {
            return here;
        }
        throw new IllegalStateException("package.json not found in " + dir + " or " + here);
    }

    /** Null when node and npm run; otherwise what is missing. */
    public static String missingTools(Path dir) {
        for (String tool : List.of("node", "npm")) {
            try {
                Process p = new ProcessBuilder(tool, "--version").directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return tool + " --version failed";
                }
            } catch (IOException e) {
                return tool + " is not installed (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    /**
     * Installs the locked packages when they are absent or older than the lockfile, runs each of {@code steps} (e.g.
     * {@code npm run build}), then starts {@code command} and waits until it accepts connections.
     */
    public static NodeApp start(String name, Path dir, List<List<String>> steps, List<String> command)
            throws IOException, InterruptedException {
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.isRegularFile(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0) {
            run(name, dir, List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        for (List<String> step : steps) {
            run(name, dir, step);
        }
        Path log = target().resolve(name + ".log");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("NO_COLOR", "1");
        Process node = pb.start();
        // a JVM that ends without close() (a killed fork) still takes node with it
        Thread reaper = new Thread(() -> stopQuietly(node), name + "-node-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        NodeApp server = new NodeApp(node, port, reaper);
        try {
            server.awaitListening(String.join(" ", command), log);
            return server;
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitListening(String what, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            if (!node.isAlive()) {
                throw new IllegalStateException(what + " exited with " + node.exitValue() + "; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not listen on port " + port + " within " + START_SECONDS
                        + " s; see " + log);
            }
            Thread.sleep(50);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stopQuietly(node);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private static void stopQuietly(Process node) {
        try {
            node.descendants().forEach(ProcessHandle::destroy);
            node.destroy();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on now; node binds it a moment later (the window is small on a test machine). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path target() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        return target;
    }

    private static void run(String name, Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = target().resolve(name + "-npm.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(NPM_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + NPM_SECONDS + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    /** The version of {@code pkg} that package-lock.json pins, for the results' meta; "?" when it does not say. */
    public static String lockedVersion(Path dir, String pkg) {
        try {
            JsonNode lock = SpecFiles.json().readTree(dir.resolve("package-lock.json").toFile());
            return lock.path("packages").path("node_modules/" + pkg).path("version").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
