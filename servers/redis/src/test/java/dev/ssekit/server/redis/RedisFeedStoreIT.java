package dev.ssekit.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.client.EventSource;
import dev.ssekit.cluster.RedisServer;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
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
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store against a real {@code redis-server} (started here on a free loopback port and stopped after), with
 * an Undertow and a Vert.x server in this JVM sharing the feed: Redis stopped, restarted with and without its data, a
 * server that joins late, and bad URLs. The three-node cluster behind HAProxy is {@code SharedFeedClusterIT} (cli).
 */
class RedisFeedStoreIT {

    private static final String TOKEN = "t0ken";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private RedisServer redis(boolean persistent) throws Exception {
        RedisServer r = RedisServer.start(Files.createDirectories(dir.resolve("redis")), persistent);
        open.add(r);
        return r;
    }

    private SseServer server(String name, RedisServer redis, int replayCapacity) {
        SseServerConfig config = SseServerConfig.defaults().withPort(0).withPublishToken(TOKEN).withRetryMs(200)
                .withHeartbeatMs(1000).withReplayCapacity(replayCapacity)
                .withFeedStore(RedisFeedStore.factory(redis.url(), "test:feed"));
        SseServer s = SseServerProvider.named(name).orElseThrow().start(config);
        open.add(s);
        return s;
    }

    /** What one EventSource received. */
    private static final class Received {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final AtomicInteger opens = new AtomicInteger();

        long last() {
            return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
        }

        @Override
        public String toString() {
            return "ids " + ids + ", comments " + comments + ", opened " + opens + " times";
        }
    }

    private Received subscribe(SseServer s, String lastEventId) {
        Received r = new Received();
        EventSource.Builder b = EventSource.builder(s.baseUrl() + "/api/feed")
                .reconnectionTime(Duration.ofMillis(200)).backoff(Duration.ofMillis(500), 0)
                .onOpen(e -> r.opens.incrementAndGet())
                .onComment(r.comments::add)
                .onMessage(e -> r.ids.add(Long.parseLong(e.lastEventId())));
        if (lastEventId != null) {
            b.lastEventId(lastEventId);
        }
        EventSource es = b.build();
        open.add(es);
        es.start();
        return r;
    }

    private HttpResponse<String> post(SseServer s, String data) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/feed"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(data)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long publish(SseServer s, String data) throws Exception {
        HttpResponse<String> r = post(s, data);
        assertEquals(202, r.statusCode(), () -> s.name() + ": " + r.body());
        return Long.parseLong(r.body().trim());
    }

    /** Publishes once the server's connection to Redis is back (it reconnects by itself): 503 until then. */
    private long publishOnceBack(SseServer s, String data) throws Exception {
        HttpResponse<String> r = post(s, data);
        for (int i = 0; i < 100 && r.statusCode() != 202; i++) {
            Thread.sleep(100);
            r = post(s, data);
        }
        HttpResponse<String> last = r;
        assertEquals(202, last.statusCode(), () -> s.name() + " never took a publish again: " + last.body());
        return Long.parseLong(last.body().trim());
    }

    private static void await(String what, long millis, BooleanSupplier done) throws InterruptedException {
        await(what, millis, done, () -> "");
    }

    private static void await(String what, long millis, BooleanSupplier done, Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms: " + what + " " + state.get());
            }
            Thread.sleep(20);
        }
    }

    private String stats(SseServer s) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String info(RedisServer redis) {
        try {
            return redis.command("XINFO", "STREAM", "test:feed") + " clients " + redis.command("CLIENT", "LIST");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    @DisplayName("[API-040,API-019] Redis stopped: a publish is 503 naming the Redis within the bound; back with its"
            + " data, both servers read on by themselves and their subscribers get every event")
    void redisStoppedThenBack() throws Exception {
        RedisServer redis = redis(true);
        SseServer undertow = server("undertow", redis, 1024);
        SseServer vertx = server("vertx", redis, 1024);
        Received a = subscribe(undertow, null);
        Received b = subscribe(vertx, null);
        await("both open", 10_000, () -> a.opens.get() == 1 && b.opens.get() == 1);
        long first = publish(undertow, "before");
        redis.stop();
        for (SseServer s : List.of(undertow, vertx)) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(s, "while down");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(503, r.statusCode(), s.name() + ": " + r.body());
            assertTrue(r.body().startsWith("the feed's Redis at " + redis.url()), s.name() + ": " + r.body());
            assertTrue(ms < 10_000, s.name() + " answered after " + ms + " ms"); // bounded, not a speed target
        }
        redis.start();
        long after = publishOnceBack(vertx, "after");
        assertEquals(first + 1, after, "the stream kept its data: ids go on");
        long end = after;
        await("both subscribers get the event published once Redis is back", 15_000,
                () -> a.last() == end && b.last() == end);
        assertEquals(List.of(first, after), a.ids);
        assertEquals(List.of(first, after), b.ids);
        assertTrue(a.comments.stream().noneMatch(c -> c.startsWith("feed cut")), "a short outage cuts nobody");
    }

    @Test
    @DisplayName("[API-040] Redis back without its data: subscribers are told they were cut, and ids never go back")
    void redisLostItsData() throws Exception {
        RedisServer redis = redis(false);
        SseServer undertow = server("undertow", redis, 1024);
        SseServer vertx = server("vertx", redis, 1024);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = publish(i % 2 == 0 ? undertow : vertx, "e" + i);
        }
        long five = last;
        Received a = subscribe(undertow, Long.toString(five));
        Received b = subscribe(vertx, Long.toString(five));
        await("both open", 10_000, () -> a.opens.get() == 1 && b.opens.get() == 1);
        redis.restart(); // no persistence: the stream is gone
        await("both told they were cut", 15_000, () -> a.comments.stream().anyMatch(c -> c.startsWith("feed cut:"))
                && b.comments.stream().anyMatch(c -> c.startsWith("feed cut:")));
        long next = publishOnceBack(undertow, "after the loss");
        assertTrue(next > five, "ids never go back: " + next + " after " + five);
        long end = next;
        await("the resumed subscribers get the new event " + end, 15_000, () -> a.last() == end && b.last() == end,
                () -> "undertow's subscriber: " + a + "; vertx's: " + b + "; stats " + stats(undertow) + " "
                        + stats(vertx));
        assertEquals(List.of(end), a.ids);
        assertEquals(List.of(end), b.ids);
        assertTrue(a.opens.get() >= 2, "it reconnected after the cut");
    }

    @Test
    @DisplayName("[API-040,API-039] Redis unreachable for longer than the servers wait: subscribers are cut with the"
            + " reason, and their resume, once Redis is back, misses nothing")
    void redisUnreachableForAWhile() throws Exception {
        RedisServer redis = redis(true);
        SseServer vertx = server("vertx", redis, 1024);
        SseServer undertow = server("undertow", redis, 1024);
        long first = publish(vertx, "one");
        Received r = subscribe(vertx, Long.toString(first - 1));
        await("it has the first event", 10_000, () -> r.last() == first);
        redis.stop();
        await("told it was cut", RedisFeedStore.CUT_AFTER_MS + 10_000,
                () -> r.comments.stream().anyMatch(c -> c.startsWith("feed cut: this server cannot read")));
        redis.start();
        long next = publishOnceBack(undertow, "two");
        long end = next;
        await("the resume gets the event published once Redis was back", 15_000, () -> r.last() == end);
        assertEquals(range(first, end), r.ids, "no gap, no repeat");
    }

    @Test
    @DisplayName("[API-039,API-020] a server that joins late fills its replay from the stream: a resume there replays,"
            + " and an id older than it keeps gets the gap comment")
    void joinsLate() throws Exception {
        RedisServer redis = redis(false);
        SseServer early = server("undertow", redis, 20);
        long last = 0;
        for (int i = 1; i <= 30; i++) {
            last = publish(early, "e" + i);
        }
        assertEquals(30, last);
        SseServer late = server("vertx", redis, 20); // keeps the newest 20: 11 to 30
        Received resumed = subscribe(late, "25");
        await("the replay after 25", 10_000, () -> resumed.last() == 30);
        assertEquals(range(26, 30), resumed.ids);
        Received old = subscribe(late, "5");
        await("the replay from the oldest kept", 10_000, () -> old.last() == 30);
        assertEquals(range(11, 30), old.ids);
        assertEquals(List.of("replay: events 6 to 10 are no longer kept; replaying from 11"), old.comments);
        long next = publish(late, "live");
        await("live after the replay", 10_000, () -> old.last() == next && resumed.last() == next);
    }

    @Test
    @DisplayName("[KIT-019] a Redis URL or key the store cannot use is refused with the reason")
    void badUrls() {
        for (String[] bad : List.of(
                new String[] {"http://127.0.0.1:6379", "redis://HOST:PORT"},
                new String[] {"redis://127.0.0.1:6379/abc", "database number"},
                new String[] {"redis://127.0.0.1:6379?x=1", "no query"},
                new String[] {"redis:// bad", "not a URL"})) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> RedisFeedStore.factory(bad[0], RedisFeedStore.DEFAULT_KEY));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
        IllegalArgumentException key = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RedisFeedStore.factory("redis://127.0.0.1:6379", "a key"));
        assertTrue(key.getMessage().contains("visible characters"), key.getMessage());
    }
}
