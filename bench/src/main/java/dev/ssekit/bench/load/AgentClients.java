package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The load client in child JVMs: {@code k} processes running {@link LoadAgent} on this JVM's class path, each
 * with its own source addresses (127.0.0.(1+8i) .. 127.0.0.(8+8i)) and its own open-files limit. Connections are
 * spread evenly. Every child dies with this JVM: a shutdown hook destroys them, and each exits when its stdin closes.
 *
 * <p>Publish-to-receive latency crosses processes: events carry the publisher's {@code System.nanoTime()}, which on
 * Linux is CLOCK_MONOTONIC, one clock for every process of the machine. {@link #clockCheck()} verifies it when the
 * children start (the child's reading must fall between two readings of ours).
 */
public final class AgentClients implements LoadDriver {

    /** Connections one child is given at most: far from its own 20,000 descriptors. */
    public static final int PER_AGENT = 9_500;
    static final int SOURCES_PER_AGENT = 8;
    private static final long REPLY_TIMEOUT_MS = 10_000;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "agent-reaper"));
    }

    private final List<Agent> agents = new ArrayList<>();
    private BenchResults.ClockCheck clock;

    /** Children needed so that none holds more than {@link #PER_AGENT} connections. */
    public static int agentsFor(int connections) {
        return Math.max(1, (connections + PER_AGENT - 1) / PER_AGENT);
    }

    /** Starts {@code k} children against {@code host:port}; each stops by itself after {@code maxDurationMs}. */
    public static AgentClients start(String host, int port, int k, int maxConnections, long maxDurationMs) throws IOException {
        if (k < 1 || k * SOURCES_PER_AGENT > 248) {
            throw new IllegalArgumentException("agents must be 1.." + 248 / SOURCES_PER_AGENT + ", got " + k);
        }
        AgentClients a = new AgentClients();
        try {
            int per = (maxConnections + k - 1) / k + 16;
            for (int i = 0; i < k; i++) {
                a.agents.add(new Agent(i, host, port, 1 + i * SOURCES_PER_AGENT, per, maxDurationMs));
            }
            for (Agent g : a.agents) {
                g.awaitReady();
            }
            a.clockCheck();
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    /** The shared-clock check's result: {@code ok}, and the round trip that bounds the comparison. */
    public BenchResults.ClockCheck clock() {
        return clock;
    }

    /** The processes (for tests). */
    List<Process> processes() {
        List<Process> p = new ArrayList<>();
        agents.forEach(g -> p.add(g.process));
        return p;
    }

    /**
     * Asks each child for its {@code System.nanoTime()} between two readings of ours; with one shared monotonic
     * clock, {@code before <= child <= after} always holds.
     */
    private void clockCheck() throws IOException {
        boolean ok = true;
        long worstRtt = 0;
        for (Agent g : agents) {
            for (int i = 0; i < 5; i++) {
                long before = System.nanoTime();
                JsonNode r = g.request("clock");
                long after = System.nanoTime();
                long child = r.get("nanoTime").asLong();
                ok &= before <= child && child <= after;
                worstRtt = Math.max(worstRtt, after - before);
            }
        }
        clock = new BenchResults.ClockCheck(ok, agents.size() * 5, worstRtt / 1000);
        if (!ok) {
            System.out.println("WARNING: a load agent's System.nanoTime() is not on this process's clock;"
                    + " cross-process latency is not meaningful");
        }
    }

    @Override
    public String describe() {
        return agents.size() + " agent process" + (agents.size() == 1 ? "" : "es");
    }

    @Override
    public void open(int n, String path) {
        int k = agents.size();
        for (int i = 0; i < k; i++) {
            int share = n / k + (i < n % k ? 1 : 0);
            if (share > 0) {
                agents.get(i).command("open " + share + " " + path);
            }
        }
    }

    @Override
    public int awaitEstablished(int n, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (established() + failed() < n && System.nanoTime() < end && alive()) {
            Thread.sleep(10);
        }
        return established();
    }

    private boolean alive() {
        for (Agent g : agents) {
            if (!g.process.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long events() {
        return agents.stream().mapToLong(g -> g.stat("events")).sum();
    }

    @Override
    public int openConnections() {
        return (int) agents.stream().mapToLong(g -> g.stat("open")).sum();
    }

    @Override
    public int established() {
        return (int) agents.stream().mapToLong(g -> g.stat("established")).sum();
    }

    @Override
    public int failed() {
        return (int) agents.stream().mapToLong(g -> g.stat("failed")).sum();
    }

    @Override
    public int lost() {
        return (int) agents.stream().mapToLong(g -> g.stat("lost")).sum();
    }

    @Override
    public long cpuNanos() {
        return agents.stream().mapToLong(g -> Math.max(0, g.stat("cpuNanos"))).sum();
    }

    @Override
    public void refresh() throws IOException {
        for (Agent g : agents) {
            g.request("stat");
        }
    }

    private Histogram[] hists() {
        Histogram lat = new Histogram(60_000_000L, 3);
        Histogram first = new Histogram(60_000_000L, 3);
        for (Agent g : agents) {
            try {
                JsonNode r = g.request("hist");
                lat.add(LoadAgent.decode(r.get("latency").asText()));
                first.add(LoadAgent.decode(r.get("firstEvent").asText()));
            } catch (IOException e) {
                System.out.println("WARNING: " + e.getMessage());
            }
        }
        return new Histogram[] {lat, first};
    }

    /** Note: also resets the first-event interval (both are taken in one request per child). */
    @Override
    public Histogram takeLatency() {
        return hists()[0];
    }

    /** Note: also resets the latency interval. */
    @Override
    public Histogram takeFirstEvent() {
        return hists()[1];
    }

    @Override
    public long[] eventCountsPerConnection() {
        // children report min, max and count: enough for "every subscriber got the same count"
        List<Long> out = new ArrayList<>();
        for (Agent g : agents) {
            try {
                JsonNode r = g.request("counts");
                int n = r.get("n").asInt();
                for (int i = 0; i < n; i++) {
                    out.add(i == 0 ? r.get("min").asLong() : r.get("max").asLong());
                }
            } catch (IOException e) {
                System.out.println("WARNING: " + e.getMessage());
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void abortAll() {
        agents.forEach(g -> g.command("abort"));
    }

    /** Tells each child to exit, closes its stdin, and waits for it (then kills it if it is still there). */
    @Override
    public void close() {
        for (Agent g : agents) {
            g.command("exit");
            g.closeStdin();
        }
        for (Agent g : agents) {
            g.await();
        }
    }

    /** One child process. */
    static final class Agent {
        private static final ObjectMapper JSON = new ObjectMapper();
        final int index;
        final Process process;
        private final Writer stdin;
        private final Thread reader;
        private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        private volatile JsonNode stat;

        Agent(int index, String host, int port, int firstSource, int maxConnections, long maxDurationMs) throws IOException {
            this.index = index;
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBinary());
            cmd.add("-Xms64m");
            cmd.add("-Xmx512m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(LoadAgent.class.getName());
            cmd.add(host);
            cmd.add(Integer.toString(port));
            cmd.add(Integer.toString(firstSource));
            cmd.add(Integer.toString(SOURCES_PER_AGENT));
            cmd.add(Integer.toString(maxConnections));
            cmd.add(Long.toString(maxDurationMs));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            LIVE.add(process);
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            reader = new Thread(this::read, "agent-" + index + "-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static String javaBinary() {
            return ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }

        void awaitReady() throws IOException {
            try {
                ready.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting agent " + index, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("agent " + index + " did not start within 30 s (alive=" + process.isAlive() + ")", e);
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        System.out.println("[agent " + index + "] " + line);
                        continue;
                    }
                    String type = n.path("type").asText();
                    if ("ready".equals(type)) {
                        ready.complete(n);
                        continue;
                    }
                    if ("stat".equals(type)) {
                        JsonNode prev = stat;
                        // a tick read before a reply may be printed after it: keep the newest counters
                        if (prev == null || n.path("events").asLong() >= prev.path("events").asLong()) {
                            stat = n;
                        }
                    }
                    long id = n.path("id").asLong();
                    CompletableFuture<JsonNode> f = id == 0 ? null : pending.remove(id);
                    if (f != null) {
                        f.complete(n);
                    }
                }
            } catch (IOException e) {
                // process gone
            } finally {
                IOException gone = new IOException("agent " + index + " exited");
                ready.completeExceptionally(gone);
                pending.values().forEach(f -> f.completeExceptionally(gone));
            }
        }

        long stat(String field) {
            JsonNode s = stat;
            return s == null ? 0 : s.path(field).asLong();
        }

        synchronized void command(String line) {
            try {
                stdin.write(line + "\n");
                stdin.flush();
            } catch (IOException e) {
                // the child is gone; its counters stay as last reported
            }
        }

        JsonNode request(String what) throws IOException {
            long id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            command(what + " " + id);
            try {
                return f.get(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for agent " + index, e);
            } catch (ExecutionException | TimeoutException e) {
                pending.remove(id);
                throw new IOException("agent " + index + " did not answer '" + what + "': " + e, e);
            }
        }

        void closeStdin() {
            synchronized (this) {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        void await() {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } finally {
                LIVE.remove(process);
            }
        }
    }
}
