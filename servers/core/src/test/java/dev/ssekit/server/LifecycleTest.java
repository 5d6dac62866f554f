package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Stats, slow clients, churn and shutdown: nothing is left behind. */
class LifecycleTest {

    @Test
    @DisplayName("[API-024] a timed stream whose client stops reading is aborted once its backlog is full, and counted")
    void slowClientIsAbortedAndCounted() {
        try (Harness h = new Harness(SseServerConfig.defaults().withBacklogBytes(100))) {
            FakeTransport t = h.openManual("/api/sse?interval=10");
            long max = 0;
            for (int i = 0; i < 100 && !t.abortCalled; i++) {
                h.clock.advance(10);
                max = Math.max(max, t.stream.outbox().queuedBytes());
            }
            assertTrue(t.abortCalled, "dropped");
            assertFalse(t.endCalled);
            assertTrue(max <= 100, "never over the bound: " + max);
            Stats s = h.core.stats();
            assertEquals(1, s.slowClientsDropped());
            assertEquals(1, s.eventsDroppedForSlowClients());
            assertEquals(0, s.activeStreams());
            assertEquals(0, s.scheduledTasks(), "its ticker and the heartbeat timer are gone");
            assertEquals(0, t.stream.outbox().queuedBytes(), "the backlog is released");
            assertTrue(body(h.get("/api/stats")).contains("\"slowClientsDropped\":1"));
        }
    }

    @Test
    @DisplayName("[API-024] a client that reads slowly but keeps up is never dropped")
    void slowButSteadyClientIsKept() {
        try (Harness h = new Harness(SseServerConfig.defaults().withBacklogBytes(100))) {
            FakeTransport t = h.openManual("/api/sse?doc=probe&interval=10");
            for (int i = 0; i < 20; i++) {
                h.clock.advance(10);
                if (i % 2 == 1) {
                    t.drain();
                }
            }
            t.drain();
            assertFalse(t.abortCalled);
            assertTrue(t.endCalled);
            assertEquals(0, h.core.stats().slowClientsDropped());
        }
    }

    @Test
    @DisplayName("[API-016,API-017] after 1,000 open and close cycles stats are back to 0 active streams and 0 scheduled tasks")
    void churnLeavesNothing() {
        try (Harness h = new Harness()) {
            for (int i = 0; i < 1000; i++) {
                FakeTransport t = h.openManual("/api/sse?doc=tutorial&interval=10");
                if (i % 3 == 0) {
                    h.clock.advance(10);
                    t.write();
                }
                if (i % 5 == 0) {
                    FakeTransport f = h.open("/api/feed");
                    f.gone();
                }
                t.gone();
            }
            Stats s = h.core.stats();
            assertEquals(0, s.activeStreams());
            assertEquals(0, s.scheduledTasks());
            assertEquals(0, s.feedSubscribers());
            assertEquals(0, h.clock.pendingTasks());
            assertTrue(body(h.get("/api/stats")).startsWith("{\"activeStreams\":0,\"scheduledTasks\":0,"));
        }
    }

    @Test
    @DisplayName("[API-016,PROC-011] close() ends every open stream (so EventSource reconnects), cancels every timer, and is idempotent")
    void closeEndsEveryStream() {
        Harness h = new Harness(SseServerConfig.defaults().withPublishToken("t"));
        List<FakeTransport> ts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ts.add(h.openManual("/api/sse?interval=1000"));
            ts.add(h.openManual("/api/feed"));
        }
        assertEquals(11, h.core.stats().scheduledTasks());
        h.core.close();
        for (FakeTransport t : ts) {
            assertTrue(t.endCalled, "graceful: end, not abort");
            assertFalse(t.abortCalled);
            t.drain(); // what was queued still goes out before the end
            assertTrue(t.transcript().retry() == 1000);
        }
        assertEquals(0, h.core.stats().activeStreams());
        assertEquals(0, h.core.stats().scheduledTasks());
        h.core.close();
        h.clock.advance(60_000);
        for (FakeTransport t : ts) {
            assertTrue(t.finished);
        }
        assertFalse(h.clock.isClosed(), "a scheduler the caller gave is the caller's to close");
    }

    @Test
    @DisplayName("[API-016] after close() new requests get 503 and late stream opens end at once")
    void afterCloseNothingStarts() {
        Harness h = new Harness(SseServerConfig.defaults().withPublishToken("t"));
        SseResponse pending = h.get("/api/sse?interval=1000");
        h.core.close();
        SseResponse r = h.get("/api/sse");
        assertEquals(503, r.status());
        assertEquals("text/plain; charset=utf-8", Harness.header(r, "Content-Type"));
        FakeTransport late = FakeTransport.open(pending, false);
        assertTrue(late.endCalled);
        assertEquals(0, h.core.stats().activeStreams());
        assertEquals(0, h.core.stats().scheduledTasks());
        assertThrows(IllegalStateException.class, () -> h.core.publish("x"));
    }

    @Test
    @DisplayName("[API-016] a core that made its own scheduler closes it, and its thread ends")
    void ownSchedulerIsClosed() throws Exception {
        SseCore core = new SseCore(SseServerConfig.defaults());
        FakeTransport t = FakeTransport.open(core.handle(new SseRequest("GET", "/api/sse", "interval=1000",
                java.util.Map.of(), new byte[0])), false);
        assertEquals(2, core.stats().scheduledTasks());
        Thread worker = findThread("sse-kit-scheduler");
        assertTrue(worker != null && !worker.isDaemon());
        core.close();
        assertTrue(t.endCalled);
        assertEquals(0, core.stats().scheduledTasks());
        worker.join(5000);
        assertFalse(worker.isAlive(), "no thread left behind");
    }

    @Test
    @DisplayName("[API-016,API-017] on real threads, 300 streams that finish, are cut or lose their client leave 0 streams and 0 tasks")
    void concurrentChurnOnRealThreads() throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        try (SseCore core = new SseCore(SseServerConfig.defaults().withHeartbeatMs(2), scheduler)) {
            List<ThreadedTransport> ts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String query = switch (i % 3) {
                    case 0 -> "doc=probe&interval=1";
                    case 1 -> "doc=probe&interval=0&dropAfter=4";
                    default -> "doc=tutorial&interval=1";
                };
                ThreadedTransport t = ThreadedTransport.open(
                        core.handle(new SseRequest("GET", "/api/sse", query, java.util.Map.of(), new byte[0])));
                if (i % 3 == 2) {
                    t.disconnect(); // the tutorial takes seconds: its client leaves at once
                }
                ts.add(t);
            }
            for (ThreadedTransport t : ts) {
                assertTrue(t.closed.await(30, java.util.concurrent.TimeUnit.SECONDS), "every stream closes");
                t.settle();
            }
            assertEquals(0, core.stats().activeStreams());
            assertEquals(0, core.stats().scheduledTasks());
        } finally {
            scheduler.close();
        }
    }

    @Test
    @DisplayName("[API-006] a config whose event type could not be sent is refused up front")
    void badConfiguredEventTypeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new SseCore(SseServerConfig.defaults().withEventType("a b"), new ManualScheduler()));
        assertThrows(IllegalArgumentException.class,
                () -> new SseCore(SseServerConfig.defaults().withEventType("x\ny"), new ManualScheduler()));
    }

    static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return t;
            }
        }
        return null;
    }
}
