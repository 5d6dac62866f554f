package dev.ssekit.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the process wrappers share: finding a Debian tool, signals, bounded stops and log tails. */
final class Processes {

    /** Debian puts daemons in sbin, which a non-root PATH often lacks. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin");

    private Processes() {
    }

    /** The executable {@code name} on PATH or in the sbin folders, or an exception saying how to install it. */
    static Path find(String name, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        for (String dir : SBIN) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new IllegalStateException(name + " is not installed (not on PATH, nor in /usr/sbin): install it with"
                + " 'apt-get install " + debianPackage + "'");
    }

    /** An explicit executable, checked now so that a wrong path is one clear line. */
    static Path checked(Path executable, String debianPackage) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is not an executable file (Debian's package: 'apt-get install "
                    + debianPackage + "')");
        }
        return executable;
    }

    /** Sends a signal by name (STOP, CONT) with the system's kill command. */
    static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; returns once the process is gone (or the wait was interrupted). */
    static void terminate(Process p, long graceMillis) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!waitFor(p, graceMillis)) {
            destroyForcibly(p);
        }
    }

    /** SIGKILL and wait until the process is reaped. */
    static void destroyForcibly(Process p) {
        p.destroyForcibly();
        waitFor(p, 10_000);
    }

    static boolean waitFor(Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // keep the promise never to leave a process: kill it without waiting
            p.destroyForcibly();
            return false;
        }
    }

    /**
     * Polls every {@code pollMillis} until {@code notReady} returns null; it returns why not otherwise (that reason goes
     * into the timeout's message). Throws, with the last {@code lines} of the log, when the process exits first or the
     * deadline passes; the caller stops the process then.
     *
     * @param what the process, as the message names it ("node a", "haproxy")
     * @param goal what it was waiting for ("answering PING on 127.0.0.1:6379")
     */
    static void awaitReady(Process p, String what, String goal, Path log, int lines, long deadlineNanos,
            long pollMillis, Supplier<String> notReady) {
        String last = "no answer yet";
        while (true) {
            String why = notReady.get();
            if (why == null) {
                return;
            }
            last = why;
            if (!p.isAlive()) {
                throw new IllegalStateException(what + " exited with status " + p.exitValue() + " before " + goal
                        + "; its log (" + log + ") ends:\n" + tail(log, lines));
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(what + " did not get to " + goal + " in time (" + last + "); its log ("
                        + log + ") ends:\n" + tail(log, lines));
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The last {@code lines} lines of a log, read from its end (never the whole file). */
    static String tail(Path log, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 16_384);
            byte[] b = new byte[n];
            f.seek(len - n);
            f.readFully(b);
            List<String> all = new String(b, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** A shutdown hook that runs {@code action}; {@link #unhook} removes it once the owner closed by itself. */
    static Thread hook(String name, Runnable action) {
        Thread t = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }

    static void unhook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, and closing twice is harmless
        }
    }
}
