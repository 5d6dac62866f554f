package dev.ssekit.server;

import static dev.ssekit.server.Harness.allocatedBytes;
import static dev.ssekit.server.Harness.body;
import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.ParsedEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /api/feed}: one producer, many subscribers, shared encodings, replay, and the publish token. */
class FeedTest {

    private static final SseServerConfig CFG = SseServerConfig.defaults().withPublishToken("s3cret");
    private static final String[] AUTH = {"Authorization", "Bearer s3cret"};

    private static long publish(Harness h, String data) {
        SseResponse r = h.post("/api/feed", data, AUTH);
        assertEquals(202, r.status(), () -> body(r));
        assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
        h.clock.runDue(); // wake-ups past the publisher's own 32, and the lag check, run on the scheduler's thread
        return Long.parseLong(body(r));
    }

    private static List<ParsedEvent> messages(String... dataThenIds) {
        List<ParsedEvent> out = new ArrayList<>();
        for (int i = 0; i < dataThenIds.length; i += 2) {
            out.add(new ParsedEvent("message", dataThenIds[i], dataThenIds[i + 1]));
        }
        return out;
    }

    @Test
    @DisplayName("[API-019,API-021] three subscribers see the same published events with the same ids, in order")
    void sameEventsSameIdsForAll() {
        try (Harness h = new Harness(CFG)) {
            List<FakeTransport> subs = List.of(h.open("/api/feed"), h.open("/api/feed"), h.open("/api/feed"));
            assertEquals(3, h.core.stats().feedSubscribers());
            List<Long> ids = new ArrayList<>();
            for (String d : List.of("one", "two", "three", "four", "five")) {
                ids.add(publish(h, d));
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids, "monotonic from 1");
            List<ParsedEvent> want = messages("one", "1", "two", "2", "three", "3", "four", "4", "five", "5");
            for (FakeTransport t : subs) {
                assertEquals(want, t.transcript().events());
                assertEquals(1000, t.transcript().retry(), "the feed opens with retry too");
            }
            assertArrayEquals(subs.get(0).written.toByteArray(), subs.get(2).written.toByteArray());
            assertEquals(5, h.core.stats().feedPublished());
            assertEquals(15, h.core.stats().eventsSent());
        }
    }

    @Test
    @DisplayName("[API-019] every subscriber gets a read-only view of a published event's bytes, its own to consume")
    void encodedOnceSharedReadOnly() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport a = h.openManual("/api/feed");
            FakeTransport b = h.openManual("/api/feed");
            a.write();
            b.write();
            publish(h, "shared");
            ByteBuffer[] pa = a.stream.outbox().poll();
            ByteBuffer[] pb = b.stream.outbox().poll();
            assertEquals(1, pa.length);
            assertTrue(pa[0].isReadOnly() && pb[0].isReadOnly());
            assertFalse(pa[0] == pb[0], "one view per outbox");
            assertEquals(pa[0], pb[0]);
            pa[0].position(pa[0].limit()); // the adapter consumed a's view...
            assertEquals("id: 1\ndata: shared\n\n".length(), pb[0].remaining()); // ...b's is untouched
        }
    }

    @Test
    @DisplayName("[API-019] publishing costs one encoding whatever the number of subscribers: 30 subscribers do not make 30 copies")
    void encodedOnceWhateverTheSubscribers() {
        Assumptions.assumeTrue(allocatedBytes() >= 0, "this JVM cannot count a thread's allocations");
        try (Harness h = new Harness(CFG.withBacklogBytes(1 << 20))) {
            List<FakeTransport> subs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                subs.add(h.openManual("/api/feed")); // queued, not written: every view stays in its outbox
            }
            String data = "x".repeat(60_000);
            h.core.publish(data); // warm: classes, the first log segment
            long before = allocatedBytes();
            h.core.publish(data); // appended once: every subscriber reads the same log bytes
            long allocated = allocatedBytes() - before;
            for (FakeTransport t : subs) {
                assertTrue(t.stream.outbox().queuedBytes() > 2 * 60_000, "each subscriber has both events queued");
            }
            assertTrue(allocated < 8 * 60_000, "one encoding, not one per subscriber: " + allocated + " bytes allocated");
        }
    }

    @Test
    @DisplayName("[API-019] events published while a subscriber's write is in flight reach it at its next poll as one view, in order, once")
    void eventsPublishedDuringAWriteComeAsOneView() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport a = h.openManual("/api/feed");
            a.write(); // the opening retry: now in flight
            for (String d : List.of("one", "two", "three", "four", "five")) {
                assertEquals(202, h.post("/api/feed", d, AUTH).status());
            }
            assertEquals(1, a.wakeUps, "a subscriber with a write in flight is not woken by a publish");
            a.drained();
            ByteBuffer[] polled = a.stream.outbox().poll();
            assertEquals(1, polled.length, "five consecutive events in one log segment: one view");
            assertTrue(polled[0].isReadOnly());
            byte[] bytes = new byte[polled[0].remaining()];
            polled[0].get(bytes);
            assertEquals("id: 1\ndata: one\n\nid: 2\ndata: two\n\nid: 3\ndata: three\n\nid: 4\ndata: four\n\n"
                    + "id: 5\ndata: five\n\n", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(5, h.core.stats().eventsSent());
            assertEquals(0, a.stream.outbox().poll().length, "nothing is handed out twice");
        }
    }

    @Test
    @DisplayName("[API-019] a publish wakes only the idle subscribers: those with a write in flight cost it nothing and take the events when it completes")
    void publishWakesOnlyIdleSubscribers() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport idle = h.openManual("/api/feed");
            idle.write();
            idle.drained(); // the retry is written: nothing to do, it waits for the feed
            FakeTransport busy = h.openManual("/api/feed");
            busy.write(); // its retry is still being written
            int idleWakes = idle.wakeUps;
            int busyWakes = busy.wakeUps;
            h.core.publish("one");
            h.core.publish("two");
            assertEquals(idleWakes + 1, idle.wakeUps, "the idle one is woken once, by the first publish");
            assertEquals(busyWakes, busy.wakeUps, "the busy one is not touched");
            busy.drained();
            busy.write();
            assertEquals(messages("one", "1", "two", "2"), busy.transcript().events());
            idle.write();
            assertEquals(messages("one", "1", "two", "2"), idle.transcript().events());
        }
    }

    @Test
    @DisplayName("[API-019] past 32 idle subscribers the publisher wakes 32 itself and hands the rest to the scheduler's thread")
    void manyIdleSubscribersAreWokenOnTheScheduler() {
        try (Harness h = new Harness(CFG)) {
            List<FakeTransport> subs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                FakeTransport t = h.openManual("/api/feed");
                t.write();
                t.drained();
                subs.add(t);
            }
            int[] before = subs.stream().mapToInt(t -> t.wakeUps).toArray();
            h.core.publish("one");
            int woken = 0;
            for (int i = 0; i < subs.size(); i++) {
                woken += subs.get(i).wakeUps - before[i];
            }
            assertEquals(32, woken, "the publisher's own share");
            h.clock.runDue();
            for (FakeTransport t : subs) {
                t.write();
                assertEquals(messages("one", "1"), t.transcript().events());
            }
        }
    }

    @Test
    @DisplayName("[API-019] a small feed gets each event from the publisher itself, without waiting for the scheduler")
    void smallFeedIsHandedOutByThePublisher() {
        try (Harness h = new Harness(CFG)) {
            List<FakeTransport> subs = new ArrayList<>();
            for (int i = 0; i < 32; i++) { // the most the publisher serves itself
                subs.add(h.open("/api/feed"));
            }
            for (String d : List.of("one", "two", "three")) {
                assertEquals(202, h.post("/api/feed", d, AUTH).status()); // the scheduler never runs
            }
            for (FakeTransport t : subs) {
                assertEquals(messages("one", "1", "two", "2", "three", "3"), t.transcript().events());
            }
            assertEquals(1, h.clock.pendingTasks(), "only the heartbeat timer: no pass was handed to the scheduler");
        }
    }

    @Test
    @DisplayName("[API-024,API-020] a live subscriber may fall its whole byte bound behind, even when that is more events than replay keeps; replay still keeps only its capacity")
    void liveSubscribersKeepTheirByteBoundBeyondTheReplayCapacity() {
        try (Harness h = new Harness(CFG.withReplayCapacity(10).withBacklogBytes(4096))) {
            FakeTransport t = h.openManual("/api/feed");
            t.write();
            t.drained(); // idle, waiting for the feed
            for (int i = 1; i <= 100; i++) {
                h.core.publish("e" + i); // about 2 KiB in all: within the bound, ten times the replay capacity
            }
            assertFalse(t.abortCalled);
            while (t.write() > 0) {
                t.drained();
            }
            assertEquals(100, t.transcript().events().size(), "nothing lost");
            assertEquals(0, h.core.stats().slowClientsDropped());
            FakeTransport resumed = h.open("/api/feed", "Last-Event-ID", "0");
            assertEquals(10, resumed.transcript().events().size(), "replay keeps its 10");
            assertEquals(List.of("replay: events 1 to 90 are no longer kept; replaying from 91"), resumed.transcript().comments());
        }
    }

    @Test
    @DisplayName("[API-016,API-019] subscribers that leave while waiting for the feed are let go without a publish: past 64 a wake pass clears them")
    void subscribersThatLeaveWhileWaitingAreLetGo() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport stays = h.openManual("/api/feed");
            stays.write();
            stays.drained();
            int pending = h.clock.pendingTasks();
            for (int i = 0; i < 65; i++) {
                FakeTransport t = h.openManual("/api/feed");
                t.write();
                t.drained(); // parked
                t.gone();
            }
            assertEquals(pending + 1, h.clock.pendingTasks(), "one wake pass queued for the scheduler");
            int wakes = stays.wakeUps;
            h.clock.runDue();
            assertEquals(wakes + 1, stays.wakeUps, "the live one is woken once and parks again");
            assertEquals(0, stays.write());
            h.core.publish("after");
            stays.write();
            assertEquals(messages("after", "1"), stays.transcript().events());
        }
    }

    @Test
    @DisplayName("[API-020,API-019] resuming after the second event replays the third to fifth, then live events")
    void replayFromRing() {
        try (Harness h = new Harness(CFG)) {
            for (String d : List.of("one", "two", "three", "four", "five")) {
                publish(h, d);
            }
            FakeTransport t = h.open("/api/feed", "Last-Event-ID", "2");
            publish(h, "six");
            assertEquals(messages("three", "3", "four", "4", "five", "5", "six", "6"), t.transcript().events());
            assertEquals(List.of(), t.transcript().comments(), "nothing was missing");
        }
    }

    @Test
    @DisplayName("[API-020] without Last-Event-ID a subscriber gets only what is published after it joined")
    void noLastEventIdIsLiveOnly() {
        try (Harness h = new Harness(CFG)) {
            publish(h, "before");
            FakeTransport t = h.open("/api/feed");
            publish(h, "after");
            assertEquals(messages("after", "2"), t.transcript().events());
        }
    }

    @Test
    @DisplayName("[API-020] an id older than the ring replays what the ring has and says so in a comment")
    void olderThanRingReplaysWhatIsKept() {
        try (Harness h = new Harness(CFG.withReplayCapacity(3))) {
            for (int i = 1; i <= 10; i++) {
                publish(h, "e" + i);
            }
            FakeTransport t = h.open("/api/feed", "Last-Event-ID", "2");
            assertEquals(messages("e8", "8", "e9", "9", "e10", "10"), t.transcript().events());
            assertEquals(List.of("replay: events 3 to 7 are no longer kept; replaying from 8"), t.transcript().comments());
            FakeTransport zero = h.open("/api/feed", "Last-Event-ID", "0");
            assertEquals(3, zero.transcript().events().size());
            assertTrue(zero.transcript().comments().get(0).contains("events 1 to 7"));
        }
    }

    @Test
    @DisplayName("[API-020,API-012] a Last-Event-ID ahead of the feed or malformed gets 400 naming Last-Event-ID")
    void futureOrMalformedIdGets400() {
        try (Harness h = new Harness(CFG)) {
            publish(h, "x");
            for (String id : List.of("2", "99", "abc", "01", "-1")) {
                SseResponse r = h.get("/api/feed", "Last-Event-ID", id);
                assertEquals(400, r.status(), id);
                assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
                assertTrue(body(r).contains("Last-Event-ID"), body(r));
            }
            assertEquals(200, h.get("/api/feed", "Last-Event-ID", "1").status());
            assertEquals(200, h.get("/api/feed", "Last-Event-ID", "0").status());
        }
    }

    @Test
    @DisplayName("[API-021] publishing: no Authorization 401, another scheme 401, a wrong token 403, the right one 202 with the id")
    void publishNeedsTheToken() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport t = h.open("/api/feed");
            SseResponse none = h.post("/api/feed", "hello");
            assertEquals(401, none.status());
            assertTrue(header(none, "WWW-Authenticate").startsWith("Bearer"));
            assertTrue(body(none).contains("Authorization"));
            assertEquals(401, h.post("/api/feed", "hello", "Authorization", "Basic czNjcmV0").status());
            assertEquals(401, h.post("/api/feed", "hello", "Authorization", "Bearer").status());
            SseResponse wrong = h.post("/api/feed", "hello", "Authorization", "Bearer nope");
            assertEquals(403, wrong.status());
            assertEquals("text/plain; charset=utf-8", header(wrong, "Content-Type"));
            assertEquals(403, h.post("/api/feed", "hello", "Authorization", "Bearer s3cret2").status());
            assertEquals(403, h.post("/api/feed", "hello", "Authorization", "Bearer S3CRET").status());
            assertEquals(0, h.core.stats().feedPublished(), "nothing was published");
            assertEquals(List.of(), t.transcript().events());
            SseResponse ok = h.post("/api/feed", "hello", "Authorization", "bearer s3cret");
            assertEquals(202, ok.status());
            h.clock.runDue();
            assertEquals("1", body(ok));
            assertEquals(messages("hello", "1"), t.transcript().events());
        }
    }

    @Test
    @DisplayName("[API-021] with no configured token publishing is off: 403 with or without a token")
    void publishingDisabledWithoutToken() {
        try (Harness h = new Harness()) {
            SseResponse r = h.post("/api/feed", "x", AUTH);
            assertEquals(403, r.status());
            assertTrue(body(r).contains("disabled"));
            assertEquals(403, h.post("/api/feed", "x").status());
            assertEquals(0, h.core.stats().feedPublished());
        }
    }

    @Test
    @DisplayName("[API-021,API-009] a body over 64 KiB gets 413, invalid UTF-8 gets 400; multi-line and emoji data arrive intact")
    void publishBodyRules() {
        try (Harness h = new Harness(CFG)) {
            FakeTransport t = h.open("/api/feed");
            byte[] big = new byte[SseCore.MAX_BODY_BYTES + 1];
            assertEquals(413, h.request("POST", "/api/feed", big, AUTH).status());
            byte[] max = new byte[SseCore.MAX_BODY_BYTES];
            java.util.Arrays.fill(max, (byte) 'x');
            assertEquals(202, h.request("POST", "/api/feed", max, AUTH).status());
            SseResponse bad = h.request("POST", "/api/feed", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, AUTH);
            assertEquals(400, bad.status());
            assertTrue(body(bad).contains("UTF-8"));
            publish(h, "line 1\nline 2\r\n 3 \ud83d\udc68\u200d\ud83d\udc67");
            publish(h, "");
            List<ParsedEvent> ev = t.transcript().events();
            assertEquals(3, ev.size());
            assertEquals("line 1\nline 2\n 3 \ud83d\udc68\u200d\ud83d\udc67", ev.get(1).data());
            assertEquals(new ParsedEvent("message", "", "3"), ev.get(2));
        }
    }

    @Test
    @DisplayName("[API-024] a subscriber that stops reading is dropped once its backlog is full; the others keep getting every event")
    void slowSubscriberIsDropped() {
        try (Harness h = new Harness(CFG.withBacklogBytes(256))) {
            FakeTransport fast = h.open("/api/feed");
            FakeTransport slow = h.openManual("/api/feed");
            int published = 0;
            while (!slow.abortCalled) {
                publish(h, "event number " + published);
                published++;
                assertTrue(published < 100, "the slow subscriber is cut before long");
                assertTrue(slow.stream.outbox().queuedBytes() <= 256, "bounded");
            }
            publish(h, "after");
            Stats s = h.core.stats();
            assertEquals(1, s.slowClientsDropped());
            assertEquals(1, s.eventsDroppedForSlowClients(), "the one event that did not fit");
            assertEquals(1, s.feedSubscribers());
            assertEquals(1, s.activeStreams());
            assertEquals(published + 1, fast.transcript().events().size());
            assertEquals(0, slow.stream.outbox().queuedBytes(), "a dropped stream holds nothing");
            assertTrue(slow.closedReported);
        }
    }

    @Test
    @DisplayName("[API-020,API-024] a replay bigger than the backlog is fed in batches as the client reads, not dropped")
    void bigReplayIsFedInBatches() {
        try (Harness h = new Harness(CFG.withBacklogBytes(1024).withReplayCapacity(500))) {
            StringBuilder want = new StringBuilder();
            for (int i = 1; i <= 300; i++) {
                publish(h, "replayed event " + i);
                want.append("replayed event ").append(i);
            }
            FakeTransport t = h.openManual("/api/feed", "Last-Event-ID", "0");
            assertTrue(t.stream.outbox().queuedBytes() <= 1024, "one batch at a time");
            int live = 0;
            for (int round = 0; round < 1000 && t.transcript().events().size() < 310; round++) {
                t.write();
                if (round % 10 == 5 && live < 10) {
                    live++;
                    publish(h, "live " + live); // arrives during the catch-up: must come after 300, once
                    want.append("live ").append(live);
                }
                t.drained();
            }
            FakeTransport.Transcript tr = t.transcript();
            assertEquals(310, tr.events().size());
            for (int i = 0; i < 310; i++) {
                assertEquals(Integer.toString(i + 1), tr.events().get(i).lastEventId());
            }
            assertEquals(want.toString(), tr.data("message"));
            assertFalse(t.abortCalled);
            assertEquals(0, h.core.stats().slowClientsDropped());
        }
    }

    @Test
    @DisplayName("[API-024,API-020] a resuming subscriber that falls further behind than the ring holds is dropped as slow")
    void catchUpThatFallsOffTheRingIsDropped() {
        try (Harness h = new Harness(CFG.withBacklogBytes(128).withReplayCapacity(10))) {
            for (int i = 0; i < 10; i++) {
                publish(h, "0123456789012345678901234567890123456789");
            }
            FakeTransport t = h.openManual("/api/feed", "Last-Event-ID", "0");
            for (int i = 0; i < 20; i++) {
                publish(h, "more");
            }
            assertFalse(t.abortCalled, "the first batch fitted");
            t.write();
            t.drained(); // its first batch would start at id 1, but the log now starts at 21
            assertTrue(t.abortCalled);
            assertEquals(1, h.core.stats().slowClientsDropped());
            assertEquals(20, h.core.stats().eventsDroppedForSlowClients(), "ids 1 to 20 can no longer reach it");
        }
    }

    @Test
    @DisplayName("[API-019,API-024] concurrent publishers and readers: every subscriber gets every id once, in order, and the publisher never waits for a reader")
    void concurrentPublishers() throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SseCore core = new SseCore(CFG.withBacklogBytes(1 << 20), scheduler)) {
            List<ThreadedTransport> subs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                subs.add(ThreadedTransport.open(core.handle(
                        new SseRequest("GET", "/api/feed", null, java.util.Map.of(), new byte[0]))));
            }
            int perThread = 500;
            CountDownLatch done = new CountDownLatch(4);
            for (int p = 0; p < 4; p++) {
                int id = p;
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        core.publish("p" + id + "-" + i);
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            // wake-ups handed to the scheduler's thread: let the last of them run
            CountDownLatch passed = new CountDownLatch(1);
            scheduler.execute(passed::countDown);
            assertTrue(passed.await(30, TimeUnit.SECONDS));
            for (ThreadedTransport t : subs) {
                List<ParsedEvent> ev = FakeTransport.Transcript.of(t.settle()).events();
                assertEquals(4 * perThread, ev.size());
                for (int i = 0; i < ev.size(); i++) {
                    assertEquals(Long.toString(i + 1), ev.get(i).lastEventId());
                }
            }
            assertEquals(0, core.stats().slowClientsDropped());
        } finally {
            pool.shutdownNow();
            scheduler.close();
        }
    }
}
