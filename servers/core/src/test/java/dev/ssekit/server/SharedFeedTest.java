package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.ParsedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The feed shared through a {@link FeedStore}: the core's side of it, with a store the test drives by hand (what it
 * delivers, when its calls complete). The Redis store itself is tested against a real Redis in servers/redis.
 */
class SharedFeedTest {

    private static final String[] AUTH = {"Authorization", "Bearer s3cret"};

    /** A store whose appends and newest-id answers the test completes; what it reads, the test delivers. */
    static final class HandStore implements FeedStore {
        FeedStore.Sink sink;
        final List<String> appended = new ArrayList<>();
        final List<CompletableFuture<Long>> appends = new ArrayList<>();
        CompletableFuture<Long> newest = new CompletableFuture<>();
        boolean closed;

        @Override
        public void start(FeedStore.Sink sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<Long> append(String data) {
            appended.add(data);
            CompletableFuture<Long> f = new CompletableFuture<>();
            appends.add(f);
            return f;
        }

        @Override
        public CompletionStage<Long> newest() {
            return newest;
        }

        @Override
        public String describe() {
            return "a store in the test's hands";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Harness harness(HandStore store) {
        return new Harness(SseServerConfig.defaults().withPublishToken("s3cret").withRequestTimeoutMs(2000)
                .withFeedStore(capacity -> store));
    }

    private static SseResponse settled(SseResponse r) throws Exception {
        SseResponse.Later later = assertInstanceOf(SseResponse.Later.class, r);
        return later.answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<String> ids(FakeTransport t) {
        return t.transcript().events().stream().map(ParsedEvent::lastEventId).toList();
    }

    @Test
    @DisplayName("[API-038,API-021] a publish is the store's append: 202 with the id the store gave, and subscribers get"
            + " the event when the store delivers it")
    void publishGoesThroughTheStore() throws Exception {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            FakeTransport sub = h.open("/api/feed");
            SseResponse r = h.post("/api/feed", "hello", AUTH);
            assertEquals(List.of("hello"), store.appended);
            assertTrue(ids(sub).isEmpty(), "nothing before the store delivers it");
            store.appends.get(0).complete(41L);
            SseResponse answered = settled(r);
            assertEquals(202, answered.status());
            assertEquals("41", body(answered));
            store.sink.deliver(41, "hello");
            store.sink.deliver(42, "from another server");
            h.clock.runDue();
            assertEquals(List.of("41", "42"), ids(sub));
            assertEquals(List.of("hello", "from another server"),
                    sub.transcript().events().stream().map(ParsedEvent::data).toList());
        }
        assertTrue(store.closed, "the core closes its store");
    }

    @Test
    @DisplayName("[API-040] a publish the store cannot take is 503 with the store's reason, and one it does not answer"
            + " is 503 at the request deadline")
    void storeFailureIs503() throws Exception {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            SseResponse failed = h.post("/api/feed", "a", AUTH);
            store.appends.get(0).completeExceptionally(new FeedUnavailableException("the feed's Redis is down"));
            SseResponse r = settled(failed);
            assertEquals(503, r.status());
            assertEquals("the feed's Redis is down\n", body(r));
            SseResponse silent = settled(h.post("/api/feed", "b", AUTH)); // never completed: the 2 s deadline
            assertEquals(503, silent.status());
            assertTrue(body(silent).contains("within 2000 ms"), body(silent));
        }
    }

    @Test
    @DisplayName("[API-039,API-020] a server that joins the feed late keeps what the store delivers: a resume from an id"
            + " it has replays after it, and an older one gets the gap comment")
    void joinsLateAndResumes() {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            for (long id = 900; id <= 903; id++) {
                store.sink.deliver(id, "e" + id);
            }
            FakeTransport resumed = h.open("/api/feed", "Last-Event-ID", "901");
            assertEquals(List.of("902", "903"), ids(resumed));
            assertTrue(resumed.transcript().comments().isEmpty(), resumed.text());
            FakeTransport old = h.open("/api/feed", "Last-Event-ID", "5");
            assertEquals(List.of("900", "901", "902", "903"), ids(old));
            assertEquals(List.of("replay: events 6 to 899 are no longer kept; replaying from 900"),
                    old.transcript().comments());
        }
    }

    @Test
    @DisplayName("[API-039,API-019] a Last-Event-ID newer than this server has read waits until it has read that far,"
            + " then resumes after it without a gap or a repeat")
    void waitsForAFasterServersId() throws Exception {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            store.sink.deliver(1, "one");
            SseResponse r = h.get("/api/feed", "Last-Event-ID", "3");
            store.newest.complete(3L);
            CompletableFuture<SseResponse> answer = ((SseResponse.Later) r).answer().toCompletableFuture();
            Thread.sleep(50);
            assertFalse(answer.isDone(), "it waits until this server has event 3");
            store.sink.deliver(2, "two");
            assertFalse(answer.isDone(), "2 is not 3");
            store.sink.deliver(3, "three");
            FakeTransport t = FakeTransport.open(answer.get(10, TimeUnit.SECONDS), true);
            store.sink.deliver(4, "four");
            h.clock.runDue();
            assertEquals(List.of("4"), ids(t));
        }
    }

    @Test
    @DisplayName("[API-039] a Last-Event-ID ahead of the store's newest id is 400, as ahead of a single server's feed")
    void aheadOfTheStoreIs400() throws Exception {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            store.sink.deliver(1, "one");
            SseResponse r = h.get("/api/feed", "Last-Event-ID", "7");
            store.newest.complete(2L);
            SseResponse answered = settled(r);
            assertEquals(400, answered.status());
            assertEquals("header \"Last-Event-ID\" is 7, ahead of the feed's newest id 2\n", body(answered));
            assertEquals(0, h.core.stats().feedSubscribers());
        }
    }

    @Test
    @DisplayName("[API-040,API-020] events the store could not give cut every subscriber with a comment saying so, and"
            + " the resume is told what is no longer kept: never a silent gap")
    void gapCutsAndResumeSaysSo() {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            store.sink.deliver(1, "one");
            store.sink.deliver(2, "two");
            FakeTransport sub = h.open("/api/feed");
            store.sink.deliver(5, "five"); // 3 and 4 were trimmed before this server read them
            h.clock.runDue();
            assertTrue(sub.endCalled, "the stream ends");
            assertEquals(List.of("feed cut: events 3 to 4 could not be read from the feed's store; resume with"
                    + " Last-Event-ID"), sub.transcript().comments());
            assertTrue(ids(sub).isEmpty(), "5 is not sent on the old stream");
            FakeTransport resumed = h.open("/api/feed", "Last-Event-ID", "2");
            assertEquals(List.of("5"), ids(resumed));
            assertEquals(List.of("replay: events 3 to 4 are no longer kept; replaying from 5"),
                    resumed.transcript().comments());
        }
    }

    @Test
    @DisplayName("[API-040,API-020] a server cut off from its store tells its subscribers and ends their streams; it keeps"
            + " what it has, so their resume replays it with no gap")
    void cutKeepsTheLog() {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            for (long id = 1; id <= 3; id++) {
                store.sink.deliver(id, "e" + id);
            }
            FakeTransport sub = h.open("/api/feed", "Last-Event-ID", "0");
            assertEquals(List.of("1", "2", "3"), ids(sub));
            store.sink.lost(3, "this server cannot read the feed's Redis");
            assertTrue(sub.endCalled);
            assertEquals(List.of("feed cut: this server cannot read the feed's Redis; resume with Last-Event-ID"),
                    sub.transcript().comments());
            FakeTransport resumed = h.open("/api/feed", "Last-Event-ID", "1");
            assertEquals(List.of("2", "3"), ids(resumed));
            assertTrue(resumed.transcript().comments().isEmpty(), resumed.text());
            store.sink.deliver(4, "e4");
            h.clock.runDue();
            assertEquals(List.of("2", "3", "4"), ids(resumed));
        }
    }

    @Test
    @DisplayName("[API-040,API-039] a live subscriber cut while the server keeps its log resumes live at the newest id"
            + " and gets the next event")
    void cutThenResumeLive() {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            for (long id = 1; id <= 5; id++) {
                store.sink.deliver(id, "e" + id);
            }
            FakeTransport sub = h.open("/api/feed", "Last-Event-ID", "5");
            store.sink.lost(5, "the feed's Redis lost its stream");
            assertTrue(sub.endCalled);
            store.sink.deliver(6, "e6");
            FakeTransport again = h.open("/api/feed", "Last-Event-ID", "5");
            store.sink.deliver(7, "e7");
            h.clock.runDue();
            assertEquals(List.of("6", "7"), ids(again));
        }
    }

    @Test
    @DisplayName("[API-039,API-005] a feed stream opens with its retry and the id it resumes after, so that a client cut"
            + " before its next event still sends its Last-Event-ID")
    void opensWithTheIdItResumesAfter() {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            for (long id = 1; id <= 3; id++) {
                store.sink.deliver(id, "e" + id);
            }
            assertTrue(h.open("/api/feed").text().startsWith("retry: 1000\nid: 3\n\n"), "live at the newest");
            FakeTransport resumed = h.open("/api/feed", "Last-Event-ID", "1");
            assertTrue(resumed.text().startsWith("retry: 1000\nid: 1\n\nid: 2\n"), resumed.text());
        }
    }

    @Test
    @DisplayName("[API-040,API-039] a resume this server cannot serve in time, or whose store cannot be asked, opens with"
            + " its id and a feed cut: comment and ends, so that an EventSource comes back rather than failing on a 503")
    void resumeThatCannotBeServedIsCutNotRefused() throws Exception {
        HandStore store = new HandStore();
        try (Harness h = harness(store)) {
            store.sink.deliver(1, "one");
            SseResponse r = h.get("/api/feed", "Last-Event-ID", "3");
            store.newest.complete(3L); // 3 exists, but this server never reads it: the 2 s deadline passes
            FakeTransport t = FakeTransport.open(settled(r), true);
            assertTrue(t.endCalled, "the stream ends");
            assertTrue(t.text().startsWith("retry: 1000\nid: 3\n\n"), t.text());
            assertEquals(List.of("feed cut: this server has not read the feed up to 3 within 2000 ms; resume with"
                    + " Last-Event-ID"), t.transcript().comments());
            assertTrue(ids(t).isEmpty());

            HandStore down = new HandStore();
            down.newest = CompletableFuture.failedFuture(new FeedUnavailableException("the feed's Redis is down"));
            try (Harness h2 = harness(down)) {
                FakeTransport cut = FakeTransport.open(settled(h2.get("/api/feed", "Last-Event-ID", "9")), true);
                assertEquals(List.of("feed cut: the feed's Redis is down; resume with Last-Event-ID"),
                        cut.transcript().comments());
            }
        }
    }
}
