package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import dev.ssekit.protocol.ParsedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/sse}: what the stream holds, in which order, and when (spec/contract.md). */
class DocumentStreamTest {

    private static final String PROBE = "A\n \u4e2d\ud83d\ude00\ud83d\udc68\u200d\ud83d\udc67";
    private static final List<String> PROBE_PIECES = List.of("A", "\n", " ", "\u4e2d", "\ud83d\ude00", "\ud83d\udc68",
            "\u200d", "\ud83d\udc67");

    private static byte[] encode(OutgoingEvent e) {
        return EventStreamEncoder.encode(e);
    }

    @Test
    @DisplayName("[API-005,API-006,API-007,API-008,API-013] the probe streams as retry, 8 lol events with ids 1..8, then done with id 9 and empty data, then ends")
    void probeStreamsEveryPieceThenDone() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=0");
            FakeTransport.Transcript tr = t.transcript();
            List<ParsedEvent> want = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                want.add(new ParsedEvent("lol", PROBE_PIECES.get(i), Integer.toString(i + 1)));
            }
            want.add(new ParsedEvent("done", "", "9"));
            assertEquals(want, tr.events());
            assertEquals(PROBE, tr.data("lol"), "concatenated data is the document");
            assertEquals(1000, tr.retry());
            assertTrue(t.text().startsWith("retry: 1000\n\n"), "opens with retry and a blank line");
            assertTrue(t.endCalled, "the response ends after done");
            assertFalse(t.abortCalled);
        }
    }

    @Test
    @DisplayName("[API-006,ENC-001,ENC-002] the wire bytes are the encoder's canonical form: a newline piece is two empty data lines, a space piece keeps its space, done has a data line")
    void wireBytesAreTheEncodersOutput() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=0");
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(encode(new OutgoingEvent(null, 1000L, null, null, null)));
            for (int i = 0; i < 8; i++) {
                want.writeBytes(encode(new OutgoingEvent(null, null, Integer.toString(i + 1), "lol", PROBE_PIECES.get(i))));
            }
            want.writeBytes(encode(new OutgoingEvent(null, null, "9", "done", "")));
            assertArrayEquals(want.toByteArray(), t.written.toByteArray());
            String text = t.text();
            assertTrue(text.contains("id: 2\nevent: lol\ndata:\ndata:\n\n"), "newline piece");
            assertTrue(text.contains("id: 3\nevent: lol\ndata:  \n\n"), "space piece");
            assertTrue(text.endsWith("id: 9\nevent: done\ndata:\n\n"), "done dispatches: it has a data line");
        }
    }

    @Test
    @DisplayName("[API-006,API-009] the event parameter sets the piece type; done stays done")
    void eventParameterSetsPieceType() {
        try (Harness h = new Harness()) {
            FakeTransport.Transcript tr = h.open("/api/sse?doc=probe&interval=0&event=tick").transcript();
            assertEquals(9, tr.events().size());
            for (int i = 0; i < 8; i++) {
                assertEquals("tick", tr.events().get(i).type());
            }
            assertEquals("done", tr.events().get(8).type());
            assertEquals(PROBE, tr.data("tick"));
        }
    }

    @Test
    @DisplayName("[API-006] the configured event type is the default")
    void configuredTypeIsDefault() {
        try (Harness h = new Harness(SseServerConfig.defaults().withEventType("piece"))) {
            FakeTransport.Transcript tr = h.open("/api/sse?doc=probe&interval=0").transcript();
            assertEquals(PROBE, tr.data("piece"));
        }
    }

    @Test
    @DisplayName("[API-007,API-008] the tutorial streams one code point per event and its data spells the document exactly")
    void tutorialSpellsTheDocument() {
        try (Harness h = new Harness()) {
            FakeTransport.Transcript tr = h.open("/api/sse?interval=0").transcript();
            String doc = SseCore.documentText("tutorial");
            int n = doc.codePointCount(0, doc.length());
            assertEquals(n + 1, tr.events().size());
            for (int i = 0; i < n; i++) {
                ParsedEvent e = tr.events().get(i);
                assertEquals(1, e.data().codePointCount(0, e.data().length()), "one code point in event " + (i + 1));
                assertFalse(Character.isSurrogate(e.data().charAt(0)) && e.data().length() == 1, "half a pair");
                assertEquals(Integer.toString(i + 1), e.lastEventId());
            }
            assertEquals(new ParsedEvent("done", "", Integer.toString(n + 1)), tr.events().get(n));
            assertEquals(doc, tr.data("lol"));
        }
    }

    @Test
    @DisplayName("[API-011,API-014,API-015] resuming at every cut point 0..N+2 loses nothing and repeats nothing")
    void resumeAtEveryCutPoint() {
        try (Harness h = new Harness()) {
            int n = PROBE_PIECES.size();
            for (int k = 0; k <= n + 2; k++) {
                SseResponse r = h.get("/api/sse?doc=probe&interval=0", "Last-Event-ID", Integer.toString(k));
                if (k > n) {
                    assertEquals(204, r.status(), "Last-Event-ID " + k);
                    assertEquals(0, ((SseResponse.Full) r).body().length);
                    continue;
                }
                FakeTransport.Transcript tr = FakeTransport.open(r, true).transcript();
                List<String> ids = new ArrayList<>();
                for (int id = k + 1; id <= n + 1; id++) {
                    ids.add(Integer.toString(id));
                }
                assertEquals(ids, tr.ids(), "ids after Last-Event-ID " + k);
                assertEquals(String.join("", PROBE_PIECES.subList(0, k)) + tr.data("lol"), PROBE,
                        "what came before plus what came now, after " + k);
                assertEquals(new ParsedEvent("done", "", Integer.toString(n + 1)), tr.events().get(tr.events().size() - 1));
                assertEquals(1000, tr.retry(), "every connection opens with retry");
            }
        }
    }

    @Test
    @DisplayName("[API-011,API-018] a chain of dropAfter cuts resumed with the parser's last event ID spells the tutorial exactly")
    void dropAndResumeChainSpellsTheDocument() {
        try (Harness h = new Harness()) {
            StringBuilder got = new StringBuilder();
            String last = null;
            int connections = 0;
            while (true) {
                FakeTransport t = last == null
                        ? h.open("/api/sse?interval=0&dropAfter=7")
                        : h.open("/api/sse?interval=0&dropAfter=7", "Last-Event-ID", last);
                connections++;
                FakeTransport.Transcript tr = t.transcript();
                got.append(tr.data("lol"));
                if (!tr.events().isEmpty()) {
                    last = tr.events().get(tr.events().size() - 1).lastEventId();
                }
                if (t.endCalled) {
                    assertEquals("done", tr.events().get(tr.events().size() - 1).type());
                    break;
                }
                assertTrue(t.abortCalled, "a cut connection is aborted");
                assertTrue(tr.events().size() == 7, "7 pieces per connection");
            }
            assertEquals(SseCore.documentText("tutorial"), got.toString());
            assertTrue(connections > 10);
            SseResponse after = h.get("/api/sse?interval=0", "Last-Event-ID", last);
            assertEquals(204, after.status(), "after done the reconnect gets 204");
        }
    }

    @Test
    @DisplayName("[API-018] dropAfter=3 sends three pieces, no done, and aborts only once they are written")
    void dropAfterAbortsAfterTheBytesAreWritten() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.openManual("/api/sse?doc=probe&interval=0&dropAfter=3");
            assertFalse(t.abortCalled, "nothing written yet: no abort, or the pieces would be lost");
            t.write();
            assertFalse(t.abortCalled, "polled but not yet written");
            t.drained();
            assertTrue(t.abortCalled);
            assertFalse(t.endCalled);
            FakeTransport.Transcript tr = t.transcript();
            assertEquals(List.of("1", "2", "3"), tr.ids());
            assertEquals("A\n ", tr.data("lol"));
            assertEquals(0, h.core.stats().activeStreams());
            assertEquals(0, h.core.stats().scheduledTasks());
        }
    }

    @Test
    @DisplayName("[API-018,API-011] dropAfter counts the pieces of this connection: after Last-Event-ID 3, dropAfter=3 sends 4..6")
    void dropAfterCountsFromTheResumePoint() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=0&dropAfter=3", "Last-Event-ID", "3");
            assertEquals(List.of("4", "5", "6"), t.transcript().ids());
            assertTrue(t.abortCalled);
        }
    }

    @Test
    @DisplayName("[API-018,API-013] dropAfter beyond the remaining pieces lets the stream finish with done")
    void dropAfterBeyondTheEndFinishesNormally() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=0&dropAfter=100");
            assertEquals("done", t.transcript().events().get(8).type());
            assertTrue(t.endCalled);
            assertFalse(t.abortCalled);
        }
    }

    @Test
    @DisplayName("[API-018] with an interval, dropAfter cuts after the k-th timed piece")
    void dropAfterWithInterval() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=100&dropAfter=2");
            assertEquals(List.of("1"), t.transcript().ids());
            h.clock.advance(100);
            assertEquals(List.of("1", "2"), t.transcript().ids());
            assertTrue(t.abortCalled);
            assertEquals(0, h.core.stats().scheduledTasks(), "the ticker is gone");
        }
    }

    @Test
    @DisplayName("[API-004,AUTH-005,PARSE-029] the first piece is queued at once, the next one interval later, not before")
    void firstPieceAtOnceThenOnePerInterval() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=2000");
            assertEquals(List.of("1"), t.transcript().ids(), "at open");
            h.clock.advance(1999);
            assertEquals(List.of("1"), t.transcript().ids(), "just before the interval");
            h.clock.advance(1);
            assertEquals(List.of("1", "2"), t.transcript().ids());
            h.clock.advance(2000 * 6);
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), t.transcript().ids());
            assertTrue(t.endCalled);
            assertEquals(0, h.core.stats().scheduledTasks());
        }
    }

    @Test
    @DisplayName("[API-006] the default interval is the configured one (1000 ms, as in the tutorial)")
    void defaultIntervalIsConfigured() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe");
            h.clock.advance(999);
            assertEquals(1, t.transcript().events().size());
            h.clock.advance(1);
            assertEquals(2, t.transcript().events().size());
        }
    }

    @Test
    @DisplayName("[API-015] Last-Event-ID of N gives just the done event, and the response ends")
    void resumeAtNGivesOnlyDone() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=1000", "Last-Event-ID", "8");
            assertEquals(List.of(new ParsedEvent("done", "", "9")), t.transcript().events());
            assertTrue(t.endCalled);
            assertEquals(0, h.core.stats().scheduledTasks());
        }
    }

    @Test
    @DisplayName("[API-024,API-004] interval=0 is pulled: one bounded batch per drain, no scheduled task, nothing more for a client that does not read")
    void intervalZeroIsPulledByTheClient() {
        SseServerConfig cfg = SseServerConfig.defaults().withBacklogBytes(1024);
        try (Harness h = new Harness(cfg)) {
            FakeTransport t = h.openManual("/api/sse?interval=0");
            SseStream s = t.stream;
            long first = s.outbox().queuedBytes();
            assertTrue(first > 0 && first <= 512 + 64, "one batch of at most backlogBytes/2 (+ retry): " + first);
            assertEquals(1, h.core.stats().scheduledTasks(), "only the shared heartbeat timer");
            h.clock.advance(60_000);
            assertEquals(first, s.outbox().queuedBytes(), "a client that does not read gets nothing more");
            assertFalse(t.abortCalled, "a pulled stream waits; it never overflows");
            int rounds = 0;
            while (!t.endCalled) {
                t.write();
                assertTrue(s.outbox().queuedBytes() == 0);
                t.drained();
                assertTrue(s.outbox().queuedBytes() <= 512 + 32, "each refill is one bounded batch (+ done)");
                rounds++;
            }
            t.drain();
            assertEquals(SseCore.documentText("tutorial"), t.transcript().data("lol"));
            assertTrue(rounds > 3, "several batches: " + rounds);
            assertTrue(t.polls <= rounds + 2, "one poll per batch");
            assertEquals(0, h.core.stats().scheduledTasks());
        }
    }

    @Test
    @DisplayName("[API-004,AUTH-005] a batch is one read-only buffer of many events, each stream's own, so the adapter writes them in one buffer")
    void batchIsOneSharedReadOnlySlice() {
        try (Harness h = new Harness()) {
            FakeTransport a = h.open("/api/sse?doc=probe&interval=0");
            FakeTransport b = h.open("/api/sse?doc=probe&interval=0");
            assertEquals(3, a.polled.size(), "retry, all 8 pieces in one slice, done");
            for (ByteBuffer buf : a.polled) {
                assertTrue(buf.isReadOnly());
            }
            assertEquals(a.polled.get(1), b.polled.get(1), "same content");
            assertFalse(a.polled.get(1) == b.polled.get(1), "each stream has its own view");
        }
    }

    @Test
    @DisplayName("[API-004,AUTH-005] a batch is a view of the document's one encoding: ten streams of the tutorial do not copy it")
    void batchesShareTheEncoding() {
        Assumptions.assumeTrue(Harness.allocatedBytes() >= 0, "this JVM cannot count a thread's allocations");
        try (Harness h = new Harness()) {
            for (int i = 0; i < 3; i++) {
                h.openManual("/api/sse?interval=0"); // warm: classes, the request path
            }
            long before = Harness.allocatedBytes();
            List<FakeTransport> ts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ts.add(h.openManual("/api/sse?interval=0")); // each queues its first batch: the whole tutorial, about 9 KiB
            }
            long allocated = Harness.allocatedBytes() - before;
            long queued = 0;
            for (FakeTransport t : ts) {
                queued += t.stream.outbox().queuedBytes();
            }
            assertTrue(queued > 80_000, "ten first batches are queued: " + queued);
            // About 3 KiB per request goes to parsing and answering it; a copy of each batch would add 9 KiB more.
            assertTrue(allocated < queued / 2, "views, not copies: " + allocated + " bytes allocated for " + queued
                    + " bytes queued");
        }
    }

    @Test
    @DisplayName("[API-004] an adapter that polls and reports drains on the calling thread keeps a flat stack")
    void reentrantAdapterKeepsFlatStack() {
        SseServerConfig cfg = SseServerConfig.defaults().withBacklogBytes(64);
        try (Harness h = new Harness(cfg)) {
            FakeTransport t = h.open("/api/sse?interval=0");
            assertTrue(t.endCalled);
            assertEquals(SseCore.documentText("tutorial"), t.transcript().data("lol"));
            assertTrue(t.maxDepth <= 3, "nested drains: " + t.maxDepth);
        }
    }

    @Test
    @DisplayName("[API-010,AUTH-002] a quiet stream gets a heartbeat comment after heartbeatMs, and again each heartbeatMs")
    void heartbeatAfterQuietPeriod() {
        try (Harness h = new Harness(SseServerConfig.defaults().withHeartbeatMs(1000))) {
            FakeTransport t = h.open("/api/sse?doc=probe&interval=3600000");
            h.clock.advance(999);
            assertEquals(List.of(), t.transcript().comments());
            h.clock.advance(1);
            assertEquals(List.of("heartbeat"), t.transcript().comments());
            h.clock.advance(1000);
            assertEquals(2, t.transcript().comments().size());
            assertEquals(1, t.transcript().events().size(), "heartbeats dispatch nothing");
            assertTrue(t.text().endsWith(": heartbeat\n"));
        }
    }

    @Test
    @DisplayName("[API-010] a stream that is sending gets no heartbeat: only quiet ones do")
    void busyStreamGetsNoHeartbeat() {
        try (Harness h = new Harness(SseServerConfig.defaults().withHeartbeatMs(1000))) {
            FakeTransport t = h.open("/api/sse?interval=400");
            h.clock.advance(5000);
            assertEquals(List.of(), t.transcript().comments());
        }
    }

    @Test
    @DisplayName("[API-010,API-016] heartbeats for every stream come from one shared timer that exists only while streams do")
    void oneSharedHeartbeatTimer() {
        try (Harness h = new Harness(SseServerConfig.defaults().withHeartbeatMs(1000))) {
            List<FakeTransport> ts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ts.add(h.open("/api/sse?doc=probe&interval=0", "Last-Event-ID", "8")); // ends at once
                ts.add(h.open("/api/feed"));
            }
            assertEquals(50, h.core.stats().activeStreams());
            assertEquals(1, h.core.stats().scheduledTasks(), "one timer for 50 open streams");
            h.clock.advance(1000);
            for (int i = 1; i < ts.size(); i += 2) {
                assertEquals(List.of("heartbeat"), ts.get(i).transcript().comments());
            }
            for (int i = 1; i < ts.size(); i += 2) {
                ts.get(i).gone();
            }
            assertEquals(0, h.core.stats().scheduledTasks(), "no stream, no timer");
            assertEquals(0, h.core.stats().activeStreams());
        }
    }

    @Test
    @DisplayName("[API-010] a client that stopped reading gets no heartbeats piling up in its backlog")
    void stalledClientGetsNoHeartbeats() {
        try (Harness h = new Harness(SseServerConfig.defaults().withHeartbeatMs(1000))) {
            FakeTransport t = h.openManual("/api/sse?doc=probe&interval=3600000");
            long queued = t.stream.outbox().queuedBytes();
            h.clock.advance(10_000);
            assertEquals(queued, t.stream.outbox().queuedBytes());
            t.write();
            h.clock.advance(10_000);
            assertEquals(0, t.stream.outbox().queuedBytes(), "a write in flight is not quiet");
            t.drained();
            h.clock.advance(1000);
            assertTrue(t.stream.outbox().queuedBytes() > 0, "once written, quiet again");
        }
    }

    @Test
    @DisplayName("[API-016] when the client goes, its ticker is cancelled at once and the stream stops")
    void clientGoneCancelsTicker() {
        try (Harness h = new Harness()) {
            FakeTransport t = h.open("/api/sse?interval=1000");
            assertEquals(2, h.core.stats().scheduledTasks(), "the stream's ticker and the heartbeat timer");
            assertEquals(1, h.core.stats().activeStreams());
            t.gone();
            assertEquals(0, h.core.stats().scheduledTasks());
            assertEquals(0, h.core.stats().activeStreams());
            int before = t.written.size();
            h.clock.advance(10_000);
            assertEquals(before, t.written.size());
            assertEquals(0, t.stream.outbox().queuedBytes());
            t.stream.onClosed(); // idempotent
            assertEquals(0, h.core.stats().activeStreams());
        }
    }

    @Test
    @DisplayName("[API-001] a stream that is never opened by the adapter leaves nothing behind")
    void unopenedStreamLeavesNothing() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/sse");
            assertTrue(r instanceof SseResponse.Stream);
            assertEquals(0, h.core.stats().activeStreams());
            assertEquals(0, h.core.stats().scheduledTasks());
        }
    }

    @Test
    @DisplayName("[API-006] eventsSent counts pieces and done, not retry or heartbeats")
    void eventsSentCountsEvents() {
        try (Harness h = new Harness()) {
            h.open("/api/sse?doc=probe&interval=0");
            assertEquals(9, h.core.stats().eventsSent());
            assertTrue(h.core.stats().toJson().contains("\"eventsSent\":9"), h.core.stats().toJson());
        }
    }

    @Test
    @DisplayName("[API-008] the probe text the core streams is the one contract.md gives")
    void probeTextMatchesContract() {
        assertEquals(PROBE, SseCore.documentText("probe"));
        assertEquals(PROBE_PIECES.size(), PROBE.codePointCount(0, PROBE.length()));
        assertArrayEquals(PROBE.getBytes(StandardCharsets.UTF_8),
                String.join("", PROBE_PIECES).getBytes(StandardCharsets.UTF_8));
    }
}
