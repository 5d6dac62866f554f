package dev.ssekit.bench.load;

import com.sun.tools.attach.VirtualMachine;
import dev.ssekit.bench.load.FrameworkSubjects.Descriptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A framework subject run as a child JVM from its {@link Descriptor}: started on 127.0.0.1 and a free port, waited for
 * until it listens, stopped (SIGTERM, then SIGKILL) by {@link #close()}, by a shutdown hook should the bench end
 * without closing it, and at once when its start fails. Only {@code stream} and {@code hold} apply: the app serves the
 * tutorial's {@code /api/sse} and nothing else.
 *
 * <p>Heap is measured in the child through JMX: the bench attaches (the JDK's Attach API), starts the child's local
 * management agent and calls {@link MemoryMXBean#gc()} twice before reading the heap used, the same reading
 * {@link BenchSubject#inProcessHeapAfterGc()} takes for the in-process subjects. RSS and descriptors come from
 * {@code /proc/<pid>}.
 */
public final class ChildJvmSubject implements BenchSubject {

    /** Why the other scenarios are not-applicable, as the results say. */
    static final String ONLY_STREAM_AND_HOLD = "a framework subject serves only the tutorial's /api/sse: no broadcast feed"
            + " to publish to (fanout, latency1, overload) and no stream count to see churn return to zero";

    private final Descriptor descriptor;
    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;
    private JMXConnector jmx;
    private MemoryMXBean memory;
    private String heapError;

    private ChildJvmSubject(Descriptor descriptor, Process process, int port, Path log, Thread reaper) {
        this.descriptor = descriptor;
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = reaper;
    }

    /**
     * Starts the subject and waits until it listens; on any failure the child is gone before this throws, and the
     * message says why (with the log's path).
     */
    public static ChildJvmSubject start(Descriptor d, Path logDir) throws IOException, InterruptedException {
        String missing = d.missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        int port = freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("bench-subject-" + d.name() + ".log").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(d.command(java, "127.0.0.1", port)).directory(d.dir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        if (d.hostEnv() != null) {
            pb.environment().put(d.hostEnv(), "127.0.0.1");
        }
        if (d.portEnv() != null) {
            pb.environment().put(d.portEnv(), Integer.toString(port));
        }
        Process p = pb.start();
        Thread reaper = new Thread(() -> stop(p), "bench-subject-reaper-" + d.name());
        Runtime.getRuntime().addShutdownHook(reaper);
        ChildJvmSubject s = new ChildJvmSubject(d, p, port, log, reaper);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(d.startSeconds());
            while (!listening(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(d.name() + " exited with status " + p.exitValue() + " before listening; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(d.name() + " did not listen on 127.0.0.1:" + port + " within "
                            + d.startSeconds() + " s; see " + log);
                }
                Thread.sleep(100);
            }
            return s;
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public String name() {
        return descriptor.name();
    }


    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean supports(String scenario) {
        return STREAM.equals(scenario) || HOLD.equals(scenario);
    }

    @Override
    public String notApplicableReason(String scenario) {
        return supports(scenario) ? null : ONLY_STREAM_AND_HOLD;
    }

    @Override
    public void publish(String data) {
        throw new UnsupportedOperationException(ONLY_STREAM_AND_HOLD);
    }

    @Override
    public int activeStreams() {
        return -1;
    }

    @Override
    public String streamPath() {
        return descriptor.streamPath();
    }

    @Override
    public String idleDocumentPath() {
        return descriptor.holdPath();
    }

    @Override
    public boolean holdEstablishedOnRequest() {
        return descriptor.holdOnRequest();
    }

    @Override
    public boolean inThisJvm() {
        return false;
    }

    /** Heap used in the child after two full GCs (JMX), or -1 when the child cannot be attached to. */
    @Override
    public synchronized long heapUsedAfterGc() {
        try {
            if (memory == null) {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
                memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                        ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            }
            memory.gc();
            memory.gc();
            Thread.sleep(50);
            return memory.getHeapMemoryUsage().getUsed();
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (heapError == null) {
                heapError = e.toString();
                System.out.println("[" + name() + "] cannot read the child JVM's heap: " + heapError);
            }
            return -1;
        }
    }

    /** VmRSS of the child. */
    @Override
    public long rssBytes() {
        return statusField(process.pid(), "VmRSS:");
    }

    @Override
    public long serverFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public long serverMaxFds() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "limits"))) {
                if (l.startsWith("Max open files")) {
                    return Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A {@code kB} field of {@code /proc/<pid>/status} in bytes, or -1. */
    static long statusField(long pid, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The child's output, for a failure message. */
    public Path log() {
        return log;
    }

    @Override
    public synchronized void close() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException ignored) {
                // the child goes anyway
            }
            jmx = null;
            memory = null;
        }
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** SIGTERM (a framework shuts down gracefully), SIGKILL after 10 s; anything the child started goes too. */
    static void stop(Process p) {
        List<ProcessHandle> kids = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        kids.forEach(ProcessHandle::destroyForcibly);
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
