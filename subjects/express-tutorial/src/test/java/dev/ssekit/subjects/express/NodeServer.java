package dev.ssekit.subjects.express;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tutorial's {@code server.js} run by node, its code unchanged, on 127.0.0.1 and a free port: node loads
 * {@code listen-on-loopback.js} first, which moves the tutorial's {@code app.listen(3000)} there and writes the port
 * to a file.
 */
final class NodeServer implements AutoCloseable {

    private static final long START_SECONDS = 20;

    private final Process node;
    private final int port;

    private NodeServer(Process node, int port) {
        this.node = node;
        this.port = port;
    }

    /** The folder of the tutorial's server: this module's. */
    static Path subjectDir() {
        String root = System.getProperty("sse.root");
        Path dir = root == null || root.isBlank() ? null : Path.of(root, "subjects", "express-tutorial");
        if (dir != null && Files.isRegularFile(dir.resolve("server.js"))) {
            return dir;
        }
        Path here = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(here.resolve("server.js"))) {
            return here;
        }
        throw new IllegalStateException("server.js not found in " + dir + " or " + here);
    }

    /** Null when node and npm run; otherwise what is missing. */
    static String missingTools(Path dir) {
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

    /** Installs the pinned packages when absent, starts node and waits until it listens. */
    static NodeServer start(Path dir) throws IOException, InterruptedException {
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            run(dir, 300, "npm", "ci", "--no-audit", "--no-fund");
        }
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path log = target.resolve("express-tutorial.log");
        Path portFile = target.resolve("express-tutorial.port");
        Files.deleteIfExists(portFile);
        ProcessBuilder pb = new ProcessBuilder("node", "--require", preload().toString(), "server.js").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SSE_KIT_PORT_FILE", portFile.toString());
        Process node = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!Files.isRegularFile(portFile)) {
            if (!node.isAlive()) {
                throw new IllegalStateException("node server.js exited with " + node.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                stop(node);
                throw new IllegalStateException("node server.js did not listen within " + START_SECONDS + " s; see " + log);
            }
            Thread.sleep(50);
        }
        return new NodeServer(node, Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim()));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            stop(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process node) throws InterruptedException {
        node.descendants().forEach(ProcessHandle::destroy);
        node.destroy();
        if (!node.waitFor(5, TimeUnit.SECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Path preload() {
        try {
            return Path.of(NodeServer.class.getResource("listen-on-loopback.js").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        File log = Path.of("target", "express-tutorial-npm.log").toAbsolutePath().toFile();
        log.getParentFile().mkdirs();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + seconds + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
        }
    }
}
