package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.client.EventSource;
import dev.ssekit.cluster.Balancer;
import dev.ssekit.cluster.LocalCluster;
import dev.ssekit.cluster.NodeProcess;
import dev.ssekit.cluster.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes of the packaged {@code sse-kit.jar} (Undertow, Vert.x, Undertow; each its own process) sharing one feed
 * on a real {@code redis-server}, behind a real HAProxy with round robin and no stickiness, each started here on free
 * loopback ports and stopped after. Subscribers are the kit's own EventSource, which reconnects with Last-Event-ID as
 * a browser does. The node kill comes last: it leaves two nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedFeedClusterIT {

    private static final Path JAR = Path.of("target", "sse-kit.jar");
    private static final String TOKEN = "cluster-secret";
    private static final String[] SERVERS = {"undertow", "vertx", "undertow"};

    @TempDir
    static Path dir;

    private RedisServer redis;
    private LocalCluster cluster;
    private Balancer balancer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final List<EventSource> sources = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "the packaged jar is built before the ITs: " + JAR.toAbsolutePath());
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")), true);
        List<LocalCluster.Node> nodes = new ArrayList<>();
        for (String server : SERVERS) {
            nodes.add(new LocalCluster.Node(server, 0, port -> List.of("serve", "--server", server, "--port",
                    Integer.toString(port), "--host", "127.0.0.1", "--redis", redis.url(), "--publish-token", TOKEN,
                    "--retry", "200", "--heartbeat", "1000", "--docs", dir.resolve("no-docs").toString())));
        }
        cluster = LocalCluster.start(JAR.toAbsolutePath().toString(), List.of("-Xmx256m"), "dev.ssekit.cli.Main",
                nodes, Files.createDirectories(dir.resolve("nodes")), LocalCluster.DEFAULT_START_MILLIS);
        balancer = Balancer.start(Files.createDirectories(dir.resolve("haproxy")), 0, cluster.ports());
    }

    @AfterAll
    void stop() {
        sources.forEach(EventSource::close);
        if (balancer != null) {
            balancer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** What one EventSource received: ids in order, data by id, and how often it (re)opened. */
    private static final class Received {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<String> data = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final AtomicInteger opens = new AtomicInteger();

        long last() {
            return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
        }
    }

    private Received subscribe(String base, String lastEventId) {
        Received r = new Received();
        EventSource.Builder b = EventSource.builder(base + "/api/feed")
                .reconnectionTime(Duration.ofMillis(200)).backoff(Duration.ofMillis(500), 0)
                .onOpen(e -> r.opens.incrementAndGet())
                .onComment(r.comments::add)
                .onMessage(e -> {
                    r.ids.add(Long.parseLong(e.lastEventId()));
                    r.data.add(e.data());
                });
        if (lastEventId != null) {
            b.lastEventId(lastEventId);
        }
        EventSource es = b.build();
        sources.add(es);
        es.start();
        return r;
    }

    private long publish(String base, String data) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/feed"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), () -> "publish on " + base + ": " + r.body());
        return Long.parseLong(r.body().trim());
    }

    private long redisNewest() throws IOException {
        Object info = redis.command("XINFO", "STREAM", "sse-kit:feed");
        if (info instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                if ("last-generated-id".equals(String.valueOf(l.get(i)))) {
                    return Long.parseLong(String.valueOf(l.get(i + 1)).substring(2));
                }
            }
        }
        return 0; // no stream yet
    }

    private static void await(String what, long millis, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    @Order(1)
    @DisplayName("[API-038,API-019] publishes on every node reach the subscribers of every node, and all of them see the"
            + " same ids in the same order")
    void sameIdsEverywhere() throws Exception {
        List<Received> subs = new ArrayList<>();
        for (NodeProcess node : cluster.nodes()) {
            subs.add(subscribe(node.url(), null));
            subs.add(subscribe(node.url(), null));
        }
        subs.add(subscribe(balancer.url(), null));
        subs.add(subscribe(balancer.url(), null));
        await("every subscriber open", 10_000, () -> subs.stream().allMatch(r -> r.opens.get() == 1));
        long first = -1;
        long lastId = -1;
        for (int i = 0; i < 60; i++) {
            String base = i % 4 == 3 ? balancer.url() : cluster.node(i % 3).url();
            long id = publish(base, "event " + i);
            if (first < 0) {
                first = id;
            }
            assertEquals(lastId < 0 ? id : lastId + 1, id, "ids count up by one, whichever node takes the publish");
            lastId = id;
        }
        long end = lastId;
        await("all 60 events on every subscriber", 10_000, () -> subs.stream().allMatch(r -> r.last() >= end));
        List<Long> want = range(first, lastId);
        for (Received r : subs) {
            assertEquals(want, r.ids, "the same ids, in order, no gap and no repeat");
            assertEquals("event 0", r.data.get(0));
            assertEquals("event 59", r.data.get(59));
        }
    }

    @Test
    @Order(2)
    @DisplayName("[API-039,API-020] a Last-Event-ID resumes on any node, at every cut point, with the events after it"
            + " and nothing else")
    void resumeOnAnyNodeAtEveryCutPoint() throws Exception {
        long first = publish(cluster.node(0).url(), "cut 0");
        for (int i = 1; i < 12; i++) {
            publish(cluster.node(i % 3).url(), "cut " + i);
        }
        long last = first + 11;
        for (long cut = first - 1; cut <= last; cut++) {
            NodeProcess node = cluster.node((int) (cut % 3));
            Received r = subscribe(node.url(), Long.toString(cut));
            if (cut == last) {
                await("the resume at the newest id opens", 10_000, () -> r.opens.get() == 1);
                Thread.sleep(200);
                assertTrue(r.ids.isEmpty(), "nothing after the newest id yet: " + r.ids);
            } else {
                await("the resume after " + cut + " on " + node.name(), 10_000, () -> r.last() >= last);
                assertEquals(range(cut + 1, last), r.ids, "after " + cut + " on " + node.name() + " (" + node.url()
                        + ")");
            }
            assertTrue(r.comments.stream().noneMatch(c -> c.startsWith("replay:")), "no gap comment: " + r.comments);
        }
    }

    @Test
    @Order(3)
    @DisplayName("[API-039,API-040] a resume whose id is newer than a node has read waits for it there; an id ahead of"
            + " the whole feed is 400 on every node")
    void aheadOfTheFeed() throws Exception {
        long newest = redisNewest();
        for (NodeProcess node : cluster.nodes()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/feed"))
                    .timeout(Duration.ofSeconds(10)).header("Last-Event-ID", Long.toString(newest + 5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), node.name() + ": " + r.body());
            assertEquals("header \"Last-Event-ID\" is " + (newest + 5) + ", ahead of the feed's newest id " + newest,
                    r.body().trim());
        }
    }

    @Test
    @Order(4)
    @DisplayName("[API-039] a client whose Last-Event-ID came from a faster node is held on a node that has not read it"
            + " yet, and resumes there once it has, with nothing repeated or missed")
    void resumeFromAFasterNode() throws Exception {
        // the nodes' reading connections are cut: for the back-off before they read again, the newest event is in
        // Redis and in no node (publishing uses other connections)
        int killed = 0;
        for (String line : String.valueOf(redis.command("CLIENT", "LIST")).split("\n")) {
            if (line.contains(" cmd=xread ")) {
                String id = line.substring(3, line.indexOf(' '));
                redis.command("CLIENT", "KILL", "ID", id);
                killed++;
            }
        }
        assertEquals(3, killed, "one reading connection per node");
        long id = publish(cluster.node(0).url(), "faster");
        Received r = subscribe(cluster.node(1).url(), Long.toString(id));
        await("the held resume opens", 10_000, () -> r.opens.get() == 1);
        assertTrue(r.ids.isEmpty(), "nothing up to its id again: " + r.ids);
        long next = publish(cluster.node(2).url(), "after it");
        await("the next event", 10_000, () -> r.last() == next);
        assertEquals(List.of(next), r.ids);
    }

    @Test
    @Order(5)
    @DisplayName("[API-040,API-019] a node that stops reading (SIGSTOP) holds back no other node, and catches up with no"
            + " gap when it goes on")
    void slowNodeHoldsBackNobody() throws Exception {
        NodeProcess slow = cluster.node(1);
        Received onSlow = subscribe(slow.url(), null);
        Received onOther = subscribe(cluster.node(2).url(), null);
        await("both open", 10_000, () -> onSlow.opens.get() == 1 && onOther.opens.get() == 1);
        long first = publish(cluster.node(0).url(), "slow 0");
        await("the first event on both", 10_000, () -> onSlow.last() == first && onOther.last() == first);
        slow.pause();
        long last = first;
        Received lateResume;
        try {
            for (int i = 1; i <= 40; i++) {
                last = publish(cluster.node(0).url(), "slow " + i);
            }
            long end = last;
            await("the other node delivers while one is stopped", 10_000, () -> onOther.last() == end);
            assertEquals(List.of(first), onSlow.ids, "the stopped node delivered nothing meanwhile");
        } finally {
            // a client that saw the newest event on a faster node resumes on this one: it asks while it is stopped,
            // and is answered once it goes on, held until this node has read that far if it asks first
            lateResume = subscribe(slow.url(), Long.toString(last));
            Thread.sleep(200);
            slow.resume();
        }
        long end = last;
        await("the stopped node catches up", 10_000, () -> onSlow.last() == end);
        assertEquals(range(first, last), onSlow.ids, "no gap, no repeat after the pause");
        assertEquals(1, onSlow.opens.get(), "its stream was never cut");
        Received resumed = lateResume;
        await("the resume from the faster node's id opens", 10_000, () -> resumed.opens.get() == 1);
        long next = publish(cluster.node(0).url(), "after the pause");
        await("the resumed client gets the next event", 10_000, () -> resumed.last() == next);
        assertEquals(List.of(next), resumed.ids, "nothing repeated, nothing missed");
    }

    @Test
    @Order(6)
    @DisplayName("[API-039,API-040] a node killed while streaming: its subscribers reconnect through the balancer to"
            + " another node and lose nothing and repeat nothing")
    void nodeKilledWhileStreaming() throws Exception {
        List<Received> subs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            subs.add(subscribe(balancer.url(), null)); // round robin: three on each node
        }
        await("every subscriber open", 10_000, () -> subs.stream().allMatch(r -> r.opens.get() == 1));
        NodeProcess victim = cluster.node(2);
        String publisher = cluster.node(0).url();
        long first = publish(publisher, "kill 0");
        await("the first event everywhere", 10_000, () -> subs.stream().allMatch(r -> r.last() == first));
        long last = first;
        for (int i = 1; i <= 100; i++) {
            last = publish(publisher, "kill " + i);
            if (i == 30) {
                victim.kill();
            }
            Thread.sleep(10);
        }
        long end = last;
        await("every subscriber has every event", 20_000, () -> subs.stream().allMatch(r -> r.last() >= end));
        int reconnected = 0;
        for (Received r : subs) {
            assertEquals(range(first, last), r.ids, "no gap and no repeat across the reconnect");
            if (r.opens.get() > 1) {
                reconnected++;
            }
        }
        assertTrue(reconnected >= 1, "some subscribers were on the killed node and reconnected: " + reconnected);
    }
}
