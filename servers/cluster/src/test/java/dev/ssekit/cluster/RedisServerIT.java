package dev.ssekit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's redis-server as the cluster tests and the bench run it: own folder, free port, stopped for sure. */
class RedisServerIT {

    @Test
    @DisplayName("[KIT-007] a RedisServer answers PING on its 127.0.0.1 port, and close leaves no process")
    void startsAnswersAndCloses(@TempDir Path dir) throws Exception {
        long pid;
        try (RedisServer redis = RedisServer.start(dir, false)) {
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
            assertEquals("PONG", redis.command("PING"));
            pid = redis.pid();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server runs as " + pid);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server " + pid + " outlived close");
    }

    @Test
    @DisplayName("[KIT-007] a persistent RedisServer keeps what was written across a restart, on the same port")
    void persistentRestartKeepsData(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir, true)) {
            int port = redis.port();
            assertEquals("OK", redis.command("SET", "k", "kept"));
            redis.restart();
            assertEquals(port, redis.port());
            assertEquals("kept", redis.command("GET", "k"));
            // a crash too: appendfsync always wrote it before the reply
            assertEquals("OK", redis.command("SET", "k2", "synced"));
            redis.kill();
            redis.start();
            assertEquals("synced", redis.command("GET", "k2"));
        }
    }

    @Test
    @DisplayName("[KIT-007] a RedisServer without persistence starts empty after a restart")
    void volatileRestartLosesData(@TempDir Path dir) throws Exception {
        try (RedisServer redis = RedisServer.start(dir, false)) {
            assertEquals("OK", redis.command("SET", "k", "lost"));
            redis.restart();
            assertNull(redis.command("GET", "k"));
        }
    }

    @Test
    @DisplayName("[KIT-007] kill ends redis-server at once (SIGKILL) and leaves no process; close after it is harmless")
    void killLeavesNoProcess(@TempDir Path dir) throws Exception {
        RedisServer redis = RedisServer.start(dir, false);
        long pid = redis.pid();
        redis.kill();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server " + pid + " outlived kill");
        assertFalse(redis.alive());
        redis.close();
        redis.close();
    }

    @Test
    @DisplayName("[KIT-007] a missing redis-server is one message naming it and the package to install")
    void missingExecutableIsExplained(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisServer.start(dir.resolve("no-such/redis-server"), dir, false));
        assertTrue(e.getMessage().contains("redis-server") && e.getMessage().contains("apt-get install redis-server"),
                e.getMessage());
    }
}
