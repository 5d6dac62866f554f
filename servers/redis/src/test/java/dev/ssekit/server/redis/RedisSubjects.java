package dev.ssekit.server.redis;

import dev.ssekit.cluster.RedisServer;
import dev.ssekit.conformance.Offer;
import dev.ssekit.conformance.Subject;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerProvider;
import dev.ssekit.server.SuiteServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A reference server whose feed is on a real {@code redis-server} (started on a free loopback port in a temporary
 * folder), as a subject of the whole conformance suite: the contract holds with the shared feed as without it. Closing
 * the subject stops the server, then Redis, and removes the folder's files.
 */
final class RedisSubjects {

    private RedisSubjects() {
    }

    static Subject start(String server, SuiteSettings settings) throws IOException {
        Path dir = Files.createTempDirectory("sse-kit-redis-suite");
        RedisServer redis = RedisServer.start(dir, false);
        SseServer s;
        try {
            s = SseServerProvider.named(server).orElseThrow().start(SuiteServers.config(settings)
                    .withFeedStore(RedisFeedStore.factory(redis.url(), RedisFeedStore.DEFAULT_KEY)));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        Runnable close = () -> {
            s.close();
            redis.close();
            delete(dir);
        };
        return Subject.at(server + "-redis", s.baseUrl(), close).offering(Offer.values())
                .inThisJvm(s.config().shutdownGraceMs()).strict();
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
