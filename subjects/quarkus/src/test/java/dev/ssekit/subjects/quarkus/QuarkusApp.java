package dev.ssekit.subjects.quarkus;

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
 * The application as Quarkus builds it ({@code target/quarkus-app/quarkus-run.jar}, made by the plugin in
 * {@code package}), run by {@code java -jar} as a child process on 127.0.0.1 and a free port, the way a user runs it.
 */
final class QuarkusApp implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final Process process;
    private final int port;
    private final Thread reaper;

    private QuarkusApp(Process process, int port, Thread reaper) {
        this.process = process;
        this.port = port;
        this.reaper = reaper;
    }

    /** Null when the built application is there; otherwise what is missing. */
    static String missing() {
        Path jar = jar();
        return Files.isRegularFile(jar) ? null : jar + " is missing: the quarkus-maven-plugin builds it in package";
    }

    static QuarkusApp start() throws IOException, InterruptedException {
        int port = freePort();
        Path log = Path.of("target", "quarkus-app.log").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaBin, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", jar().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // should the test JVM end without closing it (a crash, a kill), the application goes too
        Thread reaper = new Thread(() -> stop(p), "quarkus-subject-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        QuarkusApp app = new QuarkusApp(p, port, reaper);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!listening(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("quarkus-run.jar exited with " + p.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("quarkus-run.jar did not listen within " + START_SECONDS + " s; see " + log);
                }
                Thread.sleep(100);
            }
            return app;
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private static void stop(Process p) {
        p.destroy(); // SIGTERM: Quarkus shuts down gracefully
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path jar() {
        return Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
