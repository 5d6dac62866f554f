package dev.ssekit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an EventSource costs while it waits, and what it leaves after close(): threads counted by name. */
class CleanupTest {

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static void awaitThreads(String prefix, long atMost) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (threads(prefix) > atMost) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(threads(prefix) + " threads named " + prefix + "* still alive, at most " + atMost
                        + " wanted: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
            }
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("[PROC-013,PROC-018] 20 clients waiting to reconnect hold no thread but the shared timer; after close() no client thread is left")
    void waitingCostsNoThread() throws Exception {
        try (ScriptServer s = new ScriptServer((r, c) -> c.sse().send("retry: 60000\ndata: a\n\n").close())) {
            s.uri("/");
            Log log = new Log();
            log.attach(EventSource.builder(s.uri("/warm-up")).reconnectionTime(Duration.ofMillis(10))).build(); // loads classes
            long selectorsBefore = threads("HttpClient-");
            List<EventSource> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(log.attach(EventSource.builder(s.uri("/" + i))).build().start());
            }
            log.awaitCount("error:END_OF_STREAM in 60000", 20);
            // idle workers end after Shared.IDLE_SECONDS; only the timer holding the 20 reconnects stays
            awaitThreads(Shared.THREAD_PREFIX + "worker-", 0);
            assertEquals(1, threads(Shared.THREAD_PREFIX + "timer-"));
            assertTrue(threads("HttpClient-") <= selectorsBefore + 1, "the shared HttpClient's selector, not one per client");
            all.forEach(EventSource::close);
            awaitThreads(Shared.THREAD_PREFIX, 0);
            assertEquals(20, s.requests().size());
        }
    }

    @Test
    @DisplayName("[PROC-018] close() while streaming closes the connection: the server sees it go, and no client thread is left")
    void closeClosesTheConnection() throws Exception {
        try (ScriptServer s = new ScriptServer((r, c) -> {
            c.sse().send("data: a\n\n");
            c.hold();
        })) {
            Log log = new Log();
            EventSource es = log.attach(EventSource.builder(s.uri("/")).readTimeout(Duration.ofSeconds(30))).build().start();
            log.awaitLine("message:a#");
            assertTrue(!s.awaitClientClose(0, 200), "the connection stays open while the EventSource does");
            es.close();
            assertTrue(s.awaitClientClose(0, 5000), "the server saw the connection close");
            awaitThreads(Shared.THREAD_PREFIX, 0); // the read-timeout timer was dropped too
        }
    }
}
