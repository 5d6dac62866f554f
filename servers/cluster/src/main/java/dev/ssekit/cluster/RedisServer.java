package dev.ssekit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code redis-server} as a child process on 127.0.0.1 and a free port, in a folder of its own: never the
 * system service. Persistent means an append-only file synced on every write, so that {@link #restart()} keeps the
 * streams; otherwise nothing is saved and a restart starts empty. {@link #close()} (and a shutdown hook) never leave
 * the process behind.
 */
public final class RedisServer implements AutoCloseable {

    /** How long a start may take before it fails with the log's tail. */
    private static final long START_MILLIS = 20_000;
    private static final long STOP_MILLIS = 10_000;

    private final Path executable;
    private final Path dir;
    private final boolean persistent;
    private final int port;
    private final Path log;
    private final Thread hook;
    private volatile Process process; // read without the monitor by the shutdown hook
    private boolean closed;

    private RedisServer(Path executable, Path dir, boolean persistent, int port) {
        this.executable = executable;
        this.dir = dir;
        this.persistent = persistent;
        this.port = port;
        this.log = dir.resolve("redis-server.log");
        this.hook = Processes.hook("redis-server-reaper-" + port, this::killQuietly);
    }

    /** Starts {@code redis-server} from PATH (or /usr/sbin) in {@code dir} on a free port, and waits until it answers PING. */
    public static RedisServer start(Path dir, boolean persistent) {
        return start(Processes.find("redis-server", "redis-server"), dir, persistent);
    }

    /** As {@link #start(Path, boolean)}, with the given {@code redis-server} executable. */
    public static RedisServer start(Path executable, Path dir, boolean persistent) {
        Processes.checked(executable, "redis-server");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        RedisServer r = new RedisServer(executable, dir.toAbsolutePath(), persistent, FreePorts.free());
        try {
            r.launch();
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** {@code redis://127.0.0.1:PORT}, as {@code sse-kit serve --redis} takes it. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The server's own log (its standard output and error). */
    public Path log() {
        return log;
    }

    public boolean persistent() {
        return persistent;
    }

    /** The process id of the running server; -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Sends one command and returns its reply: String (simple or bulk), Long, null (nil) or List (array). An error
     * reply or a connection failure throws IOException.
     */
    public Object command(String... args) throws IOException {
        return Resp.command(port, 5_000, args);
    }

    /** A graceful stop: SHUTDOWN NOSAVE (the append-only file is flushed), then SIGTERM, then SIGKILL, each bounded. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Resp.command(port, 2_000, "SHUTDOWN", "NOSAVE");
        } catch (IOException expected) {
            // the server closes the connection as it exits: no reply is the normal answer
        }
        if (!Processes.waitFor(process, STOP_MILLIS)) {
            Processes.terminate(process, STOP_MILLIS);
        }
    }

    /** SIGKILL, as a crash: nothing is flushed beyond what fsync already wrote. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            Processes.destroyForcibly(process);
        }
    }

    /** Stops the server if it runs, and starts it again on the same port in the same folder. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " is closed");
        }
        stop();
        launch();
    }

    /** Starts the server again after {@link #stop()} or {@link #kill()} (same port, same folder). */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " is closed");
        }
        if (!alive()) {
            launch();
        }
    }

    /** Stops the server (gracefully, bounded); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            killQuietly();
            Processes.unhook(hook);
        }
    }

    /** Without the monitor: the shutdown hook must not wait for a start in progress. */
    private void killQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            Processes.destroyForcibly(p);
        }
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString(),
                "--save", "", "--daemonize", "no", "--logfile", "", "--protected-mode", "yes"));
        if (persistent) {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        try {
            Processes.awaitReady(process, "redis-server", "answering PING on 127.0.0.1:" + port, log, 15,
                    System.nanoTime() + START_MILLIS * 1_000_000, 50, this::notAnsweringPing);
        } catch (RuntimeException e) {
            Processes.destroyForcibly(process);
            throw e;
        }
    }

    /** Null once PING gets PONG; otherwise what it got (refused while starting, -LOADING while it reads its file). */
    private String notAnsweringPing() {
        try {
            Object pong = Resp.command(port, 1_000, "PING");
            return "PONG".equals(pong) ? null : "answered " + pong;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
