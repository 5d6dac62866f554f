package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An endless fast stream is read up to the capture bound, reported as cut there, and judged as a prefix. */
class CaptureBoundTest {

    @Test
    @DisplayName("[KIT-012] an endless fast stream is cut at the default capture bound (16 MiB, 100000 events), long before the deadline")
    void endlessStreamIsCutAtTheBound() throws Exception {
        try (RawServer s = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            StreamCapture c = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Exchange.run(s.target("/events"), HttpRequest.get("/events"), 4_000));
            assertTrue(c.describeEnd().contains("cut at the capture bound of 16 MiB")
                    || c.describeEnd().contains("cut at the capture bound of 100000 events"), c::summary);
            assertTrue(c.endAtMs < 4_000, c::summary);
            assertTrue(!c.closedByServer(), c::summary);
            assertTrue(c.bodyBytes().length <= 16 << 20, c::summary);
            assertTrue(c.events.size() > 1000 && c.events.size() <= 100_000, c::summary);
        }
    }

    @Test
    @DisplayName("[KIT-012] the events bound cuts the stream at exactly that many events, the bytes bound within its bytes")
    void bothBoundsHold() throws Exception {
        try (RawServer s = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            StreamCapture byEvents = Exchange.run(s.target("/events"), HttpRequest.get("/events"), 4_000,
                    new CaptureBound(16 << 20, 2_500), x -> false);
            assertEquals(2_500, byEvents.events.size(), byEvents::summary);
            assertEquals(StreamCapture.End.BOUND, byEvents.end, byEvents::summary);
            assertTrue(byEvents.describeEnd().contains("cut at the capture bound of 2500 events"), byEvents::summary);

            StreamCapture byBytes = Exchange.run(s.target("/events"), HttpRequest.get("/events"), 4_000,
                    new CaptureBound(256 << 10, 1_000_000), x -> false);
            assertEquals(StreamCapture.End.BOUND, byBytes.end, byBytes::summary);
            assertTrue(byBytes.describeEnd().contains("cut at the capture bound of 256 KiB"), byBytes::summary);
            assertTrue(byBytes.keptBytes() <= 256 << 10, byBytes::summary);
            // what was kept is a prefix: the events are the stream's first ones, in order
            assertEquals("hello world 0", byBytes.events.get(0).value().data());
            assertEquals("hello world 1", byBytes.events.get(1).value().data());
        }
    }

    @Test
    @DisplayName("[KIT-012] cut at the bound, the checks judge a prefix: cases that need the end or the whole document are not-run")
    void casesJudgeAPrefix() throws Exception {
        try (RawServer s = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            Map<String, ResultEntry> r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                CheckRunner runner = CheckRunner.prepare(CheckOptions.external(s.target("/events"), 3_000, "hello world 0"));
                Map<String, ResultEntry> out = new LinkedHashMap<>();
                for (ConformanceCheck c : runner.checks()) {
                    if (c.id().startsWith("check/")) {
                        out.put(c.id(), c.run());
                    }
                }
                return out;
            });
            for (String id : List.of("check/generic/status", "check/generic/content-type", "check/generic/parse",
                    "check/generic/utf-8", "check/generic/ids")) {
                assertEquals(Outcome.PASS, r.get(id).outcome(), () -> id + ": " + r.get(id));
            }
            // every event came at once, paced or not: that is no evidence of flushing either way
            assertEquals(Outcome.INFO, r.get("check/generic/flush").outcome(), () -> r.get("check/generic/flush").toString());
            // not-run for the cut, not not-applicable: the document was given, so these cases had something to judge
            for (String id : List.of("check/generic/end", "check/document/round-trip", "check/document/spaces",
                    "check/document/code-points", "check/document/end")) {
                ResultEntry e = r.get(id);
                assertEquals(Outcome.NOT_RUN, e.outcome(), () -> id + ": " + e);
                assertTrue(e.detail().contains("cut at the capture bound of "), () -> id + ": " + e.detail());
            }
            assertTrue(r.get("check/generic/parse").detail().contains("cut at the capture bound"),
                    () -> r.get("check/generic/parse").detail());
        }
    }

    @Test
    @DisplayName("[KIT-012,PARSE-030] a body cut at the bound inside a UTF-8 character is valid UTF-8 as far as it goes")
    void cutInsideACharacterIsNoInvalidUtf8() throws Exception {
        byte[] body = ("data: " + "中".repeat(1000) + "\n\n").getBytes(StandardCharsets.UTF_8);
        try (RawServer server = RawServer.canned(false,
                ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII), body)) {
            // 6 bytes of "data: ", 31 whole characters, then the first byte of the 32nd
            StreamCapture c = Exchange.run(server.target(), HttpRequest.get("/api/sse"), 5_000, new CaptureBound(100, 10),
                    x -> false);
            assertEquals(StreamCapture.End.BOUND, c.end, c::summary);
            assertEquals(100, c.keptBodyBytes(), c::summary);
            assertEquals(-1, c.firstInvalidUtf8(), c::summary);
        }
    }
}
