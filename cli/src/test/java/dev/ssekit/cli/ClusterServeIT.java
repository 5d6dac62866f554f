package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.cluster.FreePorts;
import dev.ssekit.cluster.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --nodes as a user runs it: the packaged jar, its own redis-server, then SIGTERM stops everything. */
class ClusterServeIT {

    private static final Pattern NODE = Pattern.compile("^node (\\d)\\s+(undertow|vertx)\\s+(http://\\S+)\\s+pid (\\d+)\\s+log (\\S+)");
    private static final Pattern BALANCER = Pattern.compile("^balancer (http://\\S+)/\\s+\\(HAProxy pid (\\d+)");

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    @DisplayName("[KIT-019,KIT-007] serve --nodes 2 --redis runs Undertow and Vert.x behind HAProxy on PORT, sharing one"
            + " feed, and SIGTERM stops them all")
    void twoNodesBehindTheBalancer(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "sse-kit.jar");
        assertTrue(Files.exists(jar), "the packaged jar is missing: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = FreePorts.free();
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"), false)) {
            // to a file, not a pipe: whatever serve says while it stops stays readable for the failure message
            Path output = dir.resolve("serve.out");
            Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--nodes", "2", "--redis", redis.url(),
                    "--port", Integer.toString(port), "--publish-token", "t", "--interval", "0")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            List<String> lines = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            try {
                for (int i = 0; i < 600 && p.isAlive() && !Files.readString(output).contains("Ctrl-C stops.\n"); i++) {
                    Thread.sleep(100);
                }
                for (String line : Files.readAllLines(output)) {
                    if (line.equals("Ctrl-C stops.")) {
                        break;
                    }
                    lines.add(line);
                }
                String all = String.join("\n", lines);
                List<String[]> nodes = new ArrayList<>();
                String balancer = null;
                for (String line : lines) {
                    Matcher m = NODE.matcher(line);
                    if (m.find()) {
                        nodes.add(new String[] {m.group(2), m.group(3)});
                        pids.add(Long.parseLong(m.group(4)));
                        assertTrue(Files.exists(Path.of(m.group(5))), "no log file: " + line);
                    }
                    Matcher b = BALANCER.matcher(line);
                    if (b.find()) {
                        balancer = b.group(1);
                        pids.add(Long.parseLong(b.group(2)));
                    }
                }
                assertEquals(2, nodes.size(), all);
                assertEquals("undertow", nodes.get(0)[0], all);
                assertEquals("vertx", nodes.get(1)[0], all);
                assertEquals("http://127.0.0.1:" + (port + 1), nodes.get(0)[1], all);
                assertEquals("http://127.0.0.1:" + (port + 2), nodes.get(1)[1], all);
                assertEquals("http://127.0.0.1:" + port, balancer, all);
                assertTrue(all.contains("curl -X POST -H 'Authorization: Bearer t' --data hello " + balancer + "/api/feed"), all);

                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (String[] n : nodes) {
                    String info = client.send(HttpRequest.newBuilder(URI.create(n[1] + "/api/info"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(info.contains("\"implementation\":\"" + n[0] + "\""), n[1] + ": " + info);
                }
                HttpResponse<String> stats = client.send(HttpRequest.newBuilder(URI.create(balancer + "/api/stats"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, stats.statusCode(), stats.body());
                Set<String> behind = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    String info = client.send(HttpRequest.newBuilder(URI.create(balancer + "/api/info"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = Pattern.compile("\"implementation\":\"(\\w+)\"").matcher(info);
                    behind.add(m.find() ? m.group(1) : info);
                }
                assertEquals(Set.of("undertow", "vertx"), behind, "the balancer did not reach both kinds of node");
                // the nodes share the feed: publishes through the balancer land on both, and each node replays all
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(balancer + "/api/feed"))
                            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer t")
                            .POST(HttpRequest.BodyPublishers.ofString("hello " + i)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(202, r.statusCode(), r.body());
                    ids.add(r.body().trim());
                }
                assertEquals(List.of("1", "2", "3", "4"), ids, "one sequence of ids, whichever node took the publish");
                for (String[] n : nodes) {
                    assertEquals(ids, replayedIds(client, n[1], 4), n[0] + " replays every event with its id");
                }
            } finally {
                p.destroy();
                boolean exited = p.waitFor(30, TimeUnit.SECONDS);
                if (!exited) {
                    p.destroyForcibly();
                }
                assertTrue(exited, "sse-kit serve --nodes did not stop within 30 s of SIGTERM");
            }
            assertNotNull(pids);
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join());
                assertFalse(alive(pid), "process " + pid + " outlived sse-kit serve --nodes: " + Files.readString(output));
            }
            // the logs folder serve printed: a user keeps it, a test does not
            for (String line : lines) {
                if (line.startsWith("logs ")) {
                    Path logs = Path.of(line.substring("logs ".length()).strip());
                    try (var files = Files.walk(logs)) {
                        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("[KIT-019] the nodes of a serve --nodes that is killed (SIGKILL, no shutdown hook) go with it")
    void nodesGoWithAKilledServe(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "sse-kit.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int port = FreePorts.free();
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"), false)) {
            Path output = dir.resolve("serve.out");
            Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--nodes", "2", "--redis", redis.url(),
                    "--port", Integer.toString(port)).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            List<Long> nodePids = new ArrayList<>();
            Long haproxy = null;
            try {
                for (int i = 0; i < 600 && p.isAlive() && !Files.readString(output).contains("Ctrl-C stops.\n"); i++) {
                    Thread.sleep(100);
                }
                for (String line : Files.readAllLines(output)) {
                    Matcher m = NODE.matcher(line);
                    if (m.find()) {
                        nodePids.add(Long.parseLong(m.group(4)));
                    }
                    Matcher b = BALANCER.matcher(line);
                    if (b.find()) {
                        haproxy = Long.parseLong(b.group(2));
                    }
                }
                assertEquals(2, nodePids.size(), Files.readString(output));
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                if (haproxy != null) {
                    ProcessHandle.of(haproxy).ifPresent(ProcessHandle::destroyForcibly); // HAProxy cannot watch it
                }
            }
            List<Long> outlived = new ArrayList<>();
            for (long pid : nodePids) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().completeOnTimeout(h, 20, TimeUnit.SECONDS).join());
                if (alive(pid)) {
                    outlived.add(pid);
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // never left behind by the test
                }
            }
            assertEquals(List.of(), outlived, "nodes that outlived their killed serve");
            for (String line : Files.readAllLines(output)) {
                if (line.startsWith("logs ")) {
                    try (var files = Files.walk(Path.of(line.substring("logs ".length()).strip()))) {
                        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
    }

    /** The ids of the first {@code n} events a node replays from the start of its feed. */
    private static List<String> replayedIds(HttpClient client, String node, int n) throws Exception {
        HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(URI.create(node + "/api/feed"))
                .timeout(Duration.ofSeconds(10)).header("Last-Event-ID", "0").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> ids = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while (ids.size() < n && (line = in.readLine()) != null) {
                if (line.startsWith("id: ") && !line.equals("id: 0")) {
                    ids.add(line.substring(4));
                }
            }
        }
        return ids;
    }
}
