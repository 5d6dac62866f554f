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
    @Test
    @DisplayName("[PROC-017,PROC-018] a non-ASCII Last-Event-ID (the client's own HTTP/1.1 exchange): close() while streaming, and while the head is awaited, closes the connection and leaves no client thread")
    void closeClosesTheHttp1ExchangeConnection() throws Exception {
        try (ScriptServer s = new ScriptServer((r, c) -> {
            c.sse().send("data: a\n\n");
            c.hold();
        }, (r, c) -> c.hold())) {
            Log log = new Log();
            EventSource streaming = log.attach(EventSource.builder(s.uri("/")).lastEventId("é")).build().start();
            try {
                log.awaitLine("message:a#");
                assertTrue(threads(Shared.THREAD_PREFIX + "worker-") >= 1, "a worker reads the quiet stream");
                assertTrue(!s.awaitClientClose(0, 200), "the connection stays open while the EventSource does");
            } finally {
                streaming.close();
            }
            assertTrue(s.awaitClientClose(0, 5000), "the server saw the streaming connection close");

            EventSource waiting = log.attach(EventSource.builder(s.uri("/")).lastEventId("é")).build().start();
            s.awaitRequest(1, 5000);
            waiting.close();
            assertTrue(s.awaitClientClose(1, 5000), "the server saw the connection that awaited its head close");
            awaitThreads(Shared.THREAD_PREFIX, 0); // the blocked reads returned, the workers ended
            assertEquals(2, s.requests().size());
        }
    }

    @Test
    @DisplayName("[PROC-013,PROC-017,PROC-018] 10 clients with a non-ASCII Last-Event-ID waiting to reconnect hold no thread but the shared timer")
    void http1ExchangeWaitingCostsNoThread() throws Exception {
        try (ScriptServer s = new ScriptServer((r, c) -> c.sse().send("retry: 60000\ndata: a\n\n").close())) {
            Log log = new Log();
            List<EventSource> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(log.attach(EventSource.builder(s.uri("/" + i)).lastEventId("€" + i)).build().start());
            }
            log.awaitCount("error:END_OF_STREAM in 60000", 10);
            awaitThreads(Shared.THREAD_PREFIX + "worker-", 0);
            assertEquals(1, threads(Shared.THREAD_PREFIX + "timer-"));
            all.forEach(EventSource::close);
            awaitThreads(Shared.THREAD_PREFIX, 0);
            assertEquals(10, s.requests().size());
        }
    }
}
