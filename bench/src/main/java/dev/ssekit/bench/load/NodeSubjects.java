package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.cluster.Balancer;
import dev.ssekit.cluster.LocalCluster;
import dev.ssekit.cluster.NodeProcess;
import dev.ssekit.cluster.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The subjects of the {@code fanout-nodes} modes: the kit's server as {@code sse-kit serve} child JVMs
 * ({@code dev.ssekit.cli.Main}, this JVM's java and class path), published to over HTTP ({@code POST /api/feed} on
 * the first node over {@value #PUBLISH_CONNECTIONS} connections in turn, {@link HttpPublisher}) and subscribed to directly on every node ({@link #spread}):
 * <ul>
 *   <li>{@value #MEMORY_1}: one Undertow node, the in-memory feed (the baseline);</li>
 *   <li>{@value #REDIS_1}: one Undertow node, the feed on a Redis stream;</li>
 *   <li>{@value #REDIS_3}: Undertow, Vert.x, Undertow, one Redis stream shared;</li>
 *   <li>{@value #REDIS_3_HAPROXY}, only with {@code -D}{@value #BALANCER_PROPERTY}{@code =true}: the same three nodes,
 *       the subscribers connecting through a {@link Balancer} (haproxy, round robin) instead of to each node.</li>
 * </ul>
 * All three are child processes published to the same way, so the figures compare; Redis is a {@code redis-server}
 * of its own per subject (a temp folder, nothing saved), stopped with the nodes.
 */
public final class NodeSubjects {

    static final String MEMORY_1 = "node1-memory";
    static final String REDIS_1 = "node1-redis";
    static final String REDIS_3 = "nodes3-redis";
    static final String REDIS_3_HAPROXY = "nodes3-redis-haproxy";
    /** The system property that adds {@link #REDIS_3_HAPROXY} to the subjects. */
    static final String BALANCER_PROPERTY = "sse.bench.balancer";
    /** Heap of each node; the same for every subject, well above what 300 subscribers need. */
    static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx512m");

    private NodeSubjects() {
    }

    /** The subjects by name, each started when called, in the order they run. */
    static Map<String, Callable<BenchSubject>> all() {
        Map<String, Callable<BenchSubject>> out = new LinkedHashMap<>();
        out.put(MEMORY_1, () -> start(MEMORY_1, false, List.of("undertow"), false));
        out.put(REDIS_1, () -> start(REDIS_1, true, List.of("undertow"), false));
        out.put(REDIS_3, () -> start(REDIS_3, true, List.of("undertow", "vertx", "undertow"), false));
        if (Boolean.getBoolean(BALANCER_PROPERTY)) {
            out.put(REDIS_3_HAPROXY, () -> start(REDIS_3_HAPROXY, true, List.of("undertow", "vertx", "undertow"), true));
        }
        return out;
    }

    /**
     * Starts {@code servers.size()} nodes (one per reference server named, in order) with the feed on one fresh
     * redis-server when {@code redis}, else each node with its own in-memory feed; with {@code balancer}, haproxy in
     * front of them for the subscribers.
     */
    static Nodes start(String name, boolean redis, List<String> servers, boolean balancer) throws IOException {
        Path dir = Files.createTempDirectory("sse-kit-bench-" + name + "-");
        RedisServer r = null;
        LocalCluster cluster = null;
        Balancer b = null;
        try {
            r = redis ? RedisServer.start(dir.resolve("redis"), false) : null;
            String url = r == null ? null : r.url();
            List<LocalCluster.Node> nodes = new ArrayList<>();
            for (String server : servers) {
                nodes.add(new LocalCluster.Node(server, 0, port -> args(server, port, url)));
            }
            cluster = LocalCluster.start(LocalCluster.currentClassPath(), NODE_JVM_OPTIONS, "dev.ssekit.cli.Main", nodes,
                    dir.resolve("logs"), LocalCluster.DEFAULT_START_MILLIS);
            b = balancer ? Balancer.start(dir.resolve("haproxy"), 0, cluster.ports()) : null;
            List<HttpPublisher> publishers = new ArrayList<>();
            for (int i = 0; i < PUBLISH_CONNECTIONS; i++) {
                publishers.add(new HttpPublisher("127.0.0.1", cluster.node(0).port(), Subjects.TOKEN));
            }
            Nodes out = new Nodes(name, r, cluster, b, publishers, dir);
            System.out.printf("[%s] %d node(s) %s on ports %s%s%s (logs %s)%n", name, servers.size(), servers, cluster.ports(),
                    r == null ? ", in-memory feed" : ", feed on " + r.url(), b == null ? "" : ", subscribers through haproxy on "
                    + b.port(), cluster.logDir());
            try {
                warm(out);
            } catch (IOException | RuntimeException | InterruptedException e) {
                out.close();
                throw e instanceof IOException io ? io : new IOException("warming " + name + " up failed: " + e, e);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            if (b != null) {
                b.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (r != null) {
                r.close();
            }
            throw e;
        }
    }

    /**
     * Publish connections to the first node, used in turn: a node answers the posts of one connection one after the
     * other (HTTP/1.1), so one connection would cap the rate at one publish round trip (an XADD on Redis) per event.
     */
    static final int PUBLISH_CONNECTIONS = 4;

    /** Subscribers per node while warming up. */
    static final int WARM_SUBSCRIBERS = 20;
    static final long WARM_RATE = 1_000;
    static final long WARM_MS = 3_000;

    /**
     * Runs the feed of every node hot before it is measured: the nodes are fresh JVMs, where the in-process subjects
     * run in a bench JVM whose JIT has compiled the fan-out already, and the scenario's own warm-up (one second at the
     * lowest rate) is too short to compile theirs. {@value #WARM_SUBSCRIBERS} subscribers per node, publishing at
     * {@value #WARM_RATE}/s for {@value #WARM_MS} ms, then every subscriber aborted; the same for every subject.
     */
    static void warm(Nodes n) throws IOException, InterruptedException {
        int subscribers = WARM_SUBSCRIBERS * n.ports().size();
        long t0 = System.nanoTime();
        try (LoadDriver lc = spread(Scenarios.Clients.IN_PROCESS).start(n, subscribers + 16, WARM_MS + 30_000)) {
            lc.open(subscribers, n.feedPath());
            int est = lc.awaitEstablished(subscribers, 20_000);
            if (est < subscribers) {
                throw new IOException("only " + est + " of " + subscribers + " warm-up subscribers established");
            }
            long published = Scenarios.publishAtRate(n, WARM_RATE, WARM_MS);
            long end = System.nanoTime() + 5_000_000_000L;
            while (lc.events() < published * subscribers && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            System.out.printf("[%s] warm-up: %d events at %d/s to %d subscribers, %d delivered, %.1f s%n", n.name(), published,
                    WARM_RATE, subscribers, lc.events(), (System.nanoTime() - t0) / 1e9);
            lc.abortAll();
        }
        Scenarios.awaitActive0(n, 10_000);
    }

    /** {@code serve} as the issue's cluster starts it: loopback, the bench's token, the bench's heartbeat. */
    static List<String> args(String server, int port, String redisUrl) {
        List<String> a = new ArrayList<>(List.of("serve", "--server", server, "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--publish-token", Subjects.TOKEN, "--heartbeat", "15000"));
        if (redisUrl != null) {
            a.addAll(List.of("--redis", redisUrl));
        }
        return a;
    }

    /**
     * Clients that spread a subject's subscribers round robin over its nodes, each node's share from its own
     * {@code perNode} client connected to it directly; a subject with one node gets {@code perNode}'s client as is.
     */
    static Scenarios.Clients spread(Scenarios.Clients perNode) {
        return (s, max, ms) -> {
            if (!(s instanceof Nodes n) || n.ports().size() < 2) {
                return perNode.start(s, max, ms);
            }
            List<LoadDriver> drivers = new ArrayList<>();
            try {
                int[] share = SpreadDriver.split(max, n.ports().size());
                for (int j = 0; j < share.length; j++) {
                    drivers.add(perNode.start(new Node(n.name() + "/" + (j + 1), n.ports().get(j)), share[j] + 16, ms));
                }
            } catch (IOException | RuntimeException e) {
                drivers.forEach(LoadDriver::close);
                throw e;
            }
            return new SpreadDriver(drivers);
        };
    }

    /** One node as a client sees it: an address. */
    private record Node(String name, int port) implements BenchSubject {
        @Override
        public boolean supports(String scenario) {
            return FANOUT.equals(scenario);
        }

        @Override
        public void publish(String data) {
            throw new UnsupportedOperationException("publish through the subject, not one node");
        }

        @Override
        public int activeStreams() {
            return -1;
        }

        @Override
        public void close() {
        }
    }

    /** One to three {@code sse-kit serve} child JVMs, with the redis-server they share when they share one. */
    static final class Nodes implements BenchSubject {
        private final String name;
        private final RedisServer redis;
        private final LocalCluster cluster;
        private final Balancer balancer;
        private final List<HttpPublisher> publishers;
        private final Path dir; // the nodes' logs and Redis's folder: removed after a clean round, kept otherwise
        private int next;

        Nodes(String name, RedisServer redis, LocalCluster cluster, Balancer balancer, List<HttpPublisher> publishers,
                Path dir) {
            this.dir = dir;
            this.name = name;
            this.redis = redis;
            this.cluster = cluster;
            this.balancer = balancer;
            this.publishers = List.copyOf(publishers);
        }

        @Override
        public String name() {
            return name;
        }

        /** Where subscribers of a single address connect: the balancer, else the first node (the one published to). */
        @Override
        public int port() {
            return balancer != null ? balancer.port() : cluster.node(0).port();
        }

        /** The ports subscribers are spread over: each node's, or the balancer's alone. */
        List<Integer> ports() {
            return balancer != null ? List.of(balancer.port()) : cluster.ports();
        }

        @Override
        public boolean supports(String scenario) {
            return FANOUT.equals(scenario);
        }

        @Override
        public String notApplicableReason(String scenario) {
            return "the nodes modes run the fan-out only";
        }

        /** Posts on the publish connections in turn (called from the one publishing thread). */
        @Override
        public void publish(String data) {
            publishers.get(next).publish(data);
            next = (next + 1) % publishers.size();
        }

        private long refused() {
            return publishers.stream().mapToLong(HttpPublisher::refused).sum();
        }

        /** Every node's {@code activeStreams} summed, or -1 when one does not answer. */
        @Override
        public int activeStreams() {
            int sum = 0;
            for (Map<String, Object> st : nodeStats().values()) {
                if (st == null || !(st.get("activeStreams") instanceof Number a)) {
                    return -1;
                }
                sum += a.intValue();
            }
            return sum;
        }

        /** Each node's {@code GET /api/stats}, by node, plus the publisher's refusals. */
        @Override
        public Map<String, Object> serverStats() {
            Map<String, Object> out = new LinkedHashMap<>(nodeStats());
            out.put("publishRefused", refused());
            return out;
        }

        private Map<String, Map<String, Object>> nodeStats() {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (NodeProcess p : cluster.nodes()) {
                Map<String, Object> m = null;
                try {
                    byte[] json = Subjects.get("127.0.0.1", p.port(), "/api/stats", 5_000);
                    if (json != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> read = new ObjectMapper().readValue(json, LinkedHashMap.class);
                        m = read;
                    }
                } catch (IOException | RuntimeException e) {
                    // unknown: null
                }
                out.put(p.name() + "@" + p.port(), m);
            }
            return out;
        }

        @Override
        public long heapUsedAfterGc() {
            return -1;
        }

        @Override
        public boolean inThisJvm() {
            return false;
        }

        @Override
        public long rssBytes() {
            return -1;
        }

        @Override
        public long serverFds() {
            return -1;
        }

        @Override
        public long serverMaxFds() {
            return -1;
        }

        @Override
        public void close() {
            boolean clean = publishers.stream().allMatch(p -> p.refused() == 0)
                    && cluster.nodes().stream().allMatch(NodeProcess::alive);
            try {
                closeAll();
            } finally {
                if (clean) {
                    deleteTree(dir); // a clean round's logs say nothing: a bench run leaves no folder per round
                } else {
                    System.out.printf("[%s] logs kept in %s%n", name, dir);
                }
            }
        }

        private static void deleteTree(Path dir) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.out.printf("cannot remove %s: %s%n", dir, e.getMessage());
            }
        }

        private void closeAll() {
            try {
                for (HttpPublisher p : publishers) {
                    if (p.refused() > 0) {
                        System.out.printf("[%s] %d publish(es) refused, the first: %s%n", name, p.refused(), p.firstRefusal());
                    }
                    p.close();
                }
                if (balancer != null) {
                    balancer.close();
                }
            } finally {
                try {
                    cluster.close();
                } finally {
                    if (redis != null) {
                        redis.close();
                    }
                }
            }
        }
    }
}
