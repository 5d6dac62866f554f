package dev.ssekit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One node of a {@link LocalCluster}: a child process that serves HTTP on 127.0.0.1:port, its output in a log file
 * (never kept in memory). Faults for tests and demos: {@link #kill()} (SIGKILL, a crash), {@link #stop()} (SIGTERM),
 * {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT, a node that stops reading and answering).
 */
public final class NodeProcess implements AutoCloseable {

    private static final long STOP_MILLIS = 10_000;

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private volatile boolean closing;
    private volatile boolean paused;

    private NodeProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the command with its output appended to {@code log}; does not wait (see {@link #awaitReady}). */
    static NodeProcess launch(String name, int port, List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new NodeProcess(name, port, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Waits until {@code GET /api/stats} answers 200, or throws with the tail of the node's log. */
    void awaitReady(long deadlineNanos) {
        Processes.awaitReady(process, "node " + name, "answering GET /api/stats on 127.0.0.1:" + port, log, 20,
                deadlineNanos, 100, () -> statsAnswers(port) ? null : "no 200 yet");
    }

    /** Whether {@code GET http://127.0.0.1:port/api/stats} answers 200 within a second or two. */
    static boolean statsAnswers(int port) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/stats").toURL().openConnection();
            c.setConnectTimeout(1_000);
            c.setReadTimeout(2_000);
            int status = c.getResponseCode();
            c.getInputStream().readAllBytes();
            return status == 200;
        } catch (IOException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public boolean paused() {
        return paused;
    }

    /** The last lines of the node's log. */
    public String logTail(int lines) {
        return Processes.tail(log, lines);
    }

    /** Completes when the process has exited, however. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Whether {@link #close()} (or the cluster's) began: an exit then is expected, not news. */
    public boolean closing() {
        return closing;
    }

    void markClosing() {
        closing = true;
    }

    /** SIGKILL: the node dies at once, its connections reset by the kernel. Waits until it is gone. */
    public void kill() {
        Processes.destroyForcibly(process);
    }

    /** SIGTERM and wait (bounded), then SIGKILL: the node's own graceful stop. */
    public void stop() {
        if (paused) {
            resume(); // a stopped process does not act on SIGTERM until it runs again
        }
        Processes.terminate(process, STOP_MILLIS);
    }

    /** SIGSTOP: the node keeps its sockets but neither reads nor answers, a slow node at its worst. */
    public void pause() {
        Processes.signal(process.pid(), "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        if (process.isAlive()) {
            Processes.signal(process.pid(), "CONT");
        }
        paused = false;
    }

    /** Stops the node (SIGTERM, bounded, then SIGKILL); idempotent. */
    @Override
    public void close() {
        closing = true;
        if (process.isAlive()) {
            stop();
        }
    }
}
