package dev.ssekit.torture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server in a child process started by {@code /bin/sh -c 'ulimit -n N && exec <command>'}. The command must print
 * one line {@code listening <host> <port>} on stdout once it accepts connections, and stop when its stdin closes.
 */
public final class ProcessChildServer implements ChildServer {

    /** The line a child prints when it listens. */
    public static final String READY = "listening";
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Process process;
    private final String host;
    private final int port;
    private final StderrLog stderr;

    private ProcessChildServer(Process process, String host, int port, StderrLog stderr) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.stderr = stderr;
    }

    /** A launcher that runs {@code command} (e.g. {@code java -cp ... Main undertow}) under the descriptor limit. */
    public static ChildServer.Launcher launcher(List<String> command) {
        List<String> cmd = List.copyOf(command);
        return limit -> start(cmd, limit);
    }

    static ProcessChildServer start(List<String> command, int descriptorLimit) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n " + descriptorLimit + " && exec \"$@\"", "child"));
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).start();
        StderrLog err = new StderrLog();
        drain(p.getErrorStream(), err, "sse-kit-torture-child-stderr");
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(READY + " ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.complete(null);
        }, "sse-kit-torture-child-stdout");
        out.setDaemon(true);
        out.start();
        String line;
        try {
            line = ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while the child server started", e);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("the child server did not print \"" + READY + " <host> <port>\" within " + START_TIMEOUT_MS
                    + " ms" + (p.isAlive() ? "" : " (it exited)") + "; stderr: " + err.tail(2000));
        }
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3) {
            p.destroyForcibly();
            throw new IOException("the child server's ready line is not \"" + READY + " <host> <port>\": " + line);
        }
        return new ProcessChildServer(p, parts[1], Integer.parseInt(parts[2]), err);
    }

    /** Reads stderr line by line into a {@link StderrLog}. */
    private static void drain(InputStream in, StderrLog into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Bounded stderr: every line up to {@link #KEEP_ALL} characters, then only lines that name an exception or an
     * error (up to as much again), and always the last {@link #TAIL_LINES} lines.
     */
    static final class StderrLog {
        static final int KEEP_ALL = 64 * 1024;
        static final int TAIL_LINES = 40;
        private final StringBuilder kept = new StringBuilder();
        private final ArrayDeque<String> tail = new ArrayDeque<>();
        private long lines;
        private long skipped;

        synchronized void add(String line) {
            lines++;
            boolean notable = line.contains("Exception") || line.contains("Error");
            if (kept.length() < KEEP_ALL || notable && kept.length() < 2 * KEEP_ALL) {
                kept.append(line).append('\n');
                tail.clear();
                return;
            }
            tail.add(line);
            if (tail.size() > TAIL_LINES) {
                tail.poll();
                skipped++;
            }
        }

        synchronized String text() {
            StringBuilder b = new StringBuilder(kept);
            if (skipped > 0) {
                b.append("[... ").append(skipped).append(" of ").append(lines).append(" lines not kept ...]\n");
            }
            tail.forEach(l -> b.append(l).append('\n'));
            return b.toString();
        }

        synchronized String tail(int max) {
            String t = text();
            return t.length() <= max ? t : "..." + t.substring(t.length() - max);
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    /** Bounded: the start, later lines that name an exception or error, and the last lines. */
    @Override
    public String stderr() {
        return stderr.text();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes its stdin (the child stops by itself), then ends it by force if it is still there. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(2_000, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(2_000, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
