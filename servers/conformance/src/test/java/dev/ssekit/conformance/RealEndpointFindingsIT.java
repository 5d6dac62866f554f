package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The check engine against servers broken the ways real framework servers were (issue 12, section 1): each test is a
 * finding where the checker was wrong or silent, on a raw server scripted to show it.
 */
class RealEndpointFindingsIT {

    /** How a scripted stream writes its pieces. */
    enum Style {
        /** Each piece so that e.data is the piece: a newline as two data lines, a space after the separator's. */
        RIGHT,
        /** As the tutorial writes them: {@code data:<piece>}, so a newline and a lone space are lost. */
        TUTORIAL
    }

    /**
     * A stream of {@code pieces}, type lol, one every {@code paceMs} (or every {@code interval} ms when it honours
     * the parameter), then ended or held open; any path.
     */
    private static RawServer stream(List<String> pieces, long paceMs, boolean honoursInterval, boolean ends, Style style)
            throws IOException {
        return RawServer.handling("scripted-stream", (r, socket, out) -> {
            long pace = paceMs;
            if (honoursInterval && r.query().containsKey("interval")) {
                pace = Long.parseLong(r.query().get("interval"));
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                    + "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String p : pieces) {
                sleep(pace);
                out.write(("event: lol\n" + data(p, style) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (!ends) {
                hold(socket.getInputStream());
            }
        });
    }

    private static String data(String piece, Style style) {
        if (style == Style.TUTORIAL) {
            return "data:" + piece + "\n";
        }
        return piece.equals("\n") ? "data:\ndata:\n" : "data: " + piece + "\n";
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    @Test
    @DisplayName("[API-008,KIT-012] a stream cut by --timeout-ms is incomplete, not wrong: its right prefix is not-run, saying how long to wait")
    void cutByTheDeadlineIsNotWrong() throws Exception {
        String doc = "Hi there\n you";
        try (RawServer s = stream(pieces(doc), 300, false, false, Style.RIGHT)) {
            CheckRunner runner = CheckRunner.prepare(CheckOptions.external(s.target("/events"), 1_000, doc));
            Map<String, ResultEntry> r = run(runner, CheckListener.NONE);
            // the run says so once, with the pace seen and the timeout that would wait for the rest
            assertTrue(String.valueOf(runner.streamCutByDeadline()).contains("--timeout-ms"), runner::streamCutByDeadline);
            for (String id : List.of("check/document/round-trip", "check/document/newlines", "check/document/spaces",
                    "check/document/end")) {
                ResultEntry e = r.get(id);
                assertEquals(Outcome.NOT_RUN, e.outcome(), () -> id + ": " + e);
                assertTrue(e.detail().contains("cut by the read deadline") && e.detail().contains("--timeout-ms"),
                        () -> id + ": " + e.detail());
            }
            r.forEach((id, e) -> assertFalse(id.startsWith("check/") && e.outcome() == Outcome.FAIL, () -> id + ": " + e));
        }
    }

    @Test
    @DisplayName("[API-007,ENC-005] a response the server ended before the emoji was due says nothing of split emoji: code-points is not-run; one that skips the emoji fails")
    void endedBeforeTheEmojiIsNoEvidence() throws Exception {
        String doc = "Hi\n \uD83D\uDE00!";
        try (RawServer s = stream(List.of("H", "i"), 20, false, true, Style.RIGHT)) {
            Map<String, ResultEntry> r = checks(s.target("/events"), 2_000, doc, o -> o);
            ResultEntry e = r.get("check/document/code-points");
            assertEquals(Outcome.NOT_RUN, e.outcome(), e::toString);
            assertTrue(e.detail().contains("before the first character outside the BMP"), e::detail);
            assertEquals(Outcome.FAIL, r.get("check/document/round-trip").outcome(), "the cut is round-trip's finding");
        }
        // the connection dropped in the middle of a chunked body, before the last piece: no end, whatever the close
        try (RawServer s = RawServer.handling("dropped-mid-body", (q, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "9\r\ndata: H\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            ResultEntry e = checks(s.target("/events"), 2_000, doc, o -> o).get("check/document/end");
            assertEquals(Outcome.FAIL, e.outcome(), e::toString);
            assertTrue(e.actual().contains("before the last piece"), e::toString);
        }
        try (RawServer s = stream(List.of("H", "i", "\n", " ", "!"), 20, false, true, Style.RIGHT)) {
            ResultEntry e = checks(s.target("/events"), 2_000, doc, o -> o).get("check/document/code-points");
            assertEquals(Outcome.FAIL, e.outcome(), e::toString);
            assertTrue(e.actual().contains("missing U+1F600"), e::toString);
        }
    }

    @Test
    @DisplayName("[API-008,KIT-012] with --pace-ms the read waits for the whole document at that pace")
    void paceGivenWaitsForTheWholeDocument() throws Exception {
        String doc = "Hi\n x";
        try (RawServer s = stream(pieces(doc), 300, false, false, Style.RIGHT)) {
            Map<String, ResultEntry> r = checks(s.target("/events"), 800, doc, o -> o.withPaceMs(300));
            assertEquals(Outcome.PASS, r.get("check/document/round-trip").outcome(), r.get("check/document/round-trip")::toString);
        }
    }

    @Test
    @DisplayName("[AUTH-005] events that all arrive together within a second are no evidence of flushing: info, not pass")
    void togetherIsNoEvidence() throws Exception {
        try (RawServer s = stream(pieces("abcdef"), 0, false, true, Style.RIGHT)) {
            ResultEntry e = checks(s.target("/events"), 2_000, null, o -> o).get("check/generic/flush");
            assertEquals(Outcome.INFO, e.outcome(), e::toString);
            assertTrue(e.detail().contains("no evidence"), e::detail);
        }
    }

    @Test
    @DisplayName("[AUTH-005] a stream that honours interval is read fast for the document and paced on purpose for flush")
    void intervalHonouredGivesEvidence() throws Exception {
        String doc = "abcdef";
        try (RawServer s = stream(pieces(doc), 1_000, true, true, Style.RIGHT)) {
            CheckRunner runner = CheckRunner.prepare(CheckOptions.external(s.target("/events"), 4_000, doc));
            assertTrue(runner.streamPath().contains("interval=0"), runner::streamPath);
            Map<String, ResultEntry> r = run(runner, CheckListener.NONE);
            ResultEntry flush = r.get("check/generic/flush");
            assertEquals(Outcome.PASS, flush.outcome(), flush::toString);
            assertTrue(flush.detail().contains("paced at interval=" + Pacing.PACED_MS), flush::detail);
            assertEquals(Outcome.PASS, r.get("check/document/round-trip").outcome(), r.get("check/document/round-trip")::toString);
        }
    }

    @Test
    @DisplayName("[AUTH-006,AUTH-007] when the head came and nothing else, the body cases say nothing arrived, not 'no retry' or 'no ids'")
    void nothingArrivedIsSaid() throws Exception {
        try (RawServer s = stream(List.of(), 0, false, false, Style.RIGHT)) {
            Map<String, ResultEntry> r = checks(s.target("/events"), 1_000, "abc", o -> o);
            for (String id : List.of("check/generic/parse", "check/generic/utf-8", "check/generic/retry", "check/generic/ids",
                    "check/generic/resume", "check/generic/event-type", "check/document/round-trip")) {
                ResultEntry e = r.get(id);
                assertEquals(Outcome.NOT_RUN, e.outcome(), () -> id + ": " + e);
                assertTrue(e.detail().contains("nothing of the body arrived"), () -> id + ": " + e.detail());
            }
            r.forEach((id, e) -> {
                String text = String.valueOf(e.detail()) + e.actual();
                assertFalse(text.contains("no retry field") || text.contains("sends no ids") || text.contains("no Cache-Control"),
                        () -> id + ": " + text);
            });
        }
    }

    @Test
    @DisplayName("[API-008,ENC-001,ENC-002] lost newlines and spaces are counted apart: a space is never counted as a newline")
    void emptyDataIsCountedPerCharacter() throws Exception {
        String doc = "a\n b";
        try (RawServer s = stream(pieces(doc), 0, false, true, Style.TUTORIAL)) {
            Map<String, ResultEntry> r = checks(s.target("/events"), 2_000, doc, o -> o);
            ResultEntry nl = r.get("check/document/newlines");
            assertEquals(Outcome.FAIL, nl.outcome(), nl::toString);
            assertTrue(nl.actual().contains("1 event had empty data where a newline was due"), nl::actual);
            ResultEntry sp = r.get("check/document/spaces");
            assertTrue(sp.actual().contains("1 event had empty data where a space was due"), sp::actual);
        }
    }

    @Test
    @DisplayName("[API-008] data that is JSON text (\"A\" where A is due) fails the document cases with a hint")
    void jsonEncodedDataGetsAHint() throws Exception {
        try (BrokenServer s = BrokenServer.with(BrokenServer.Defect.JSON_DATA)) {
            Map<String, ResultEntry> r = checks(s.target("/api/sse?doc=probe&interval=0"), 3_000, Features.PROBE_DOCUMENT,
                    o -> o.withOffered(EnumSet.allOf(Offer.class)));
            ResultEntry e = r.get("check/document/round-trip");
            assertEquals(Outcome.FAIL, e.outcome(), e::toString);
            assertTrue(e.actual().contains("looks JSON-encoded"), e::actual);
        }
    }

    @Test
    @DisplayName("[API-001,HTTP-010] a server without the contract: why is said once (feature.contract), not in every vector; no-store cites HTTP-010")
    void contractMissingIsSaidOnce() throws Exception {
        try (RawServer s = stream(pieces("xyz"), 0, false, true, Style.RIGHT)) {
            CheckRunner runner = CheckRunner.prepare(CheckOptions.external(Target.of(s.url("/api/sse")), 2_000, null));
            assertTrue(runner.notes().get("contract").contains("doc=probe is ignored"), runner.notes()::toString);
            Map<String, ResultEntry> r = new LinkedHashMap<>();
            for (ConformanceCheck c : runner.checks()) {
                if (c.id().startsWith("stream/api/") || c.id().startsWith("check/generic/no-store")) {
                    r.put(c.id(), c.run());
                }
            }
            long repeated = r.values().stream().filter(e -> String.valueOf(e.detail()).contains("doc=probe is ignored")).count();
            assertEquals(0, repeated, "the reason is repeated in " + repeated + " cases");
            assertTrue(r.get("stream/api/probe-whole").detail().contains("see feature.contract"), r.get("stream/api/probe-whole")::detail);
            assertEquals(List.of("HTTP-010"), r.get("check/generic/no-store").requirements());
        }
    }

    @Test
    @DisplayName("[API-016,KIT-012] a case that overruns its time budget is not-run with the reason, and the run goes on")
    void budgetOverrunIsNotRun() {
        ConformanceCheck c = new ConformanceCheck("check/slow", List.of("AUTH-001"), "sleeps", ResultEntry.TEST, x -> {
            sleep(60_000);
            return Results.pass(x, "never");
        }, 200);
        ResultEntry e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> c.run());
        assertEquals(Outcome.NOT_RUN, e.outcome(), e::toString);
        assertTrue(e.detail().contains("time budget of 200 ms"), e::detail);
    }

    @Test
    @DisplayName("[API-016,AUTH-005] behind a proxy that buffers everything, a whole check ends in bounded time; churn reports progress, then runs out of budget")
    void bufferingProxyRunIsBounded() throws Exception {
        try (BrokenServer upstream = BrokenServer.with(BrokenServer.Defect.NONE);
                RawServer proxy = RawServer.bufferingProxy(upstream.target("/api/sse"))) {
            long timeoutMs = 1_000;
            CheckOptions o = CheckOptions.external(proxy.target(), timeoutMs, null).withOffered(EnumSet.allOf(Offer.class));
            List<String> progress = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            Map<String, ResultEntry> r = Assertions.assertTimeoutPreemptively(Duration.ofMinutes(10),
                    () -> run(CheckRunner.prepare(o), (c, m) -> progress.add(c.id() + ": " + m)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[sse-kit] a whole check behind a buffering proxy (timeout " + timeoutMs + " ms, "
                    + r.size() + " cases) took " + ms + " ms");
            ResultEntry churn = r.get("stream/api/disconnect-cleanup");
            assertEquals(Outcome.NOT_RUN, churn.outcome(), churn::toString);
            assertTrue(churn.detail().contains("time budget"), churn::detail);
            assertTrue(progress.stream().anyMatch(p -> p.startsWith("stream/api/disconnect-cleanup: ")), progress::toString);
            long bound = CheckRunner.caseBudgetMs(timeoutMs) + ConformanceCheck.OVERRUN_GRACE_MS;
            r.forEach((id, e) -> assertTrue(e.durationMs() <= bound, () -> id + " took " + e.durationMs() + " ms"));
        }
    }

    private static Map<String, ResultEntry> checks(Target t, long timeoutMs, String doc, UnaryOperator<CheckOptions> more) {
        CheckRunner runner = CheckRunner.prepare(more.apply(CheckOptions.external(t, timeoutMs, doc)));
        Map<String, ResultEntry> out = new LinkedHashMap<>();
        for (ConformanceCheck c : runner.checks()) {
            if (c.id().startsWith("check/")) {
                out.put(c.id(), c.run());
            }
        }
        return out;
    }

    private static Map<String, ResultEntry> run(CheckRunner runner, CheckListener listener) {
        Map<String, ResultEntry> out = new LinkedHashMap<>();
        for (ConformanceCheck c : runner.checks()) {
            out.put(c.id(), c.run(listener));
        }
        return out;
    }

    private static void hold(java.io.InputStream in) throws IOException {
        while (in.read() >= 0) {
            // held open until the client goes
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
