package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generic checks against subjects that send nothing usable: only the status and Content-Type cases judge them;
 * every case that needs an event stream is not-run, with the reason in plain words.
 */
class NotAnEventStreamTest {

    private static final long TIMEOUT_MS = 1_000;

    @Test
    @DisplayName("[KIT-014,AUTH-001] a 301 with an HTML page fails status and Content-Type; the rest is not-run, naming both")
    void movedHtmlIsNotAnEventStream() throws Exception {
        Map<String, ResultEntry> r = generic(RawServer.Hostile.MOVED_HTML);
        assertCase(r, "check/generic/status", Outcome.FAIL, "status 301");
        assertCase(r, "check/generic/content-type", Outcome.FAIL, "text/html");
        assertRestNotRun(r, "the response is not an event stream: status 301, Content-Type text/html");
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] a 200 text/html passes status, fails Content-Type; the rest is not-run")
    void okHtmlIsNotAnEventStream() throws Exception {
        Map<String, ResultEntry> r = generic(RawServer.Hostile.OK_HTML);
        assertCase(r, "check/generic/status", Outcome.PASS, null);
        assertCase(r, "check/generic/content-type", Outcome.FAIL, "text/html");
        assertRestNotRun(r, "the response is not an event stream: status 200, Content-Type text/html");
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] a 405 HTML error page is judged only by status and Content-Type: no pass of no-store, parse or utf-8")
    void methodNotAllowedHtmlIsNotAnEventStream() throws Exception {
        Map<String, ResultEntry> r = generic(RawServer.Hostile.METHOD_NOT_ALLOWED_HTML);
        assertCase(r, "check/generic/status", Outcome.FAIL, "status 405");
        assertCase(r, "check/generic/content-type", Outcome.FAIL, "text/html");
        assertRestNotRun(r, "the response is not an event stream: status 405, Content-Type text/html");
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] garbage bytes are reported as not HTTP, at once; the rest is not-run")
    void garbageIsNotHttp() throws Exception {
        Map<String, ResultEntry> r = generic(RawServer.Hostile.GARBAGE);
        assertCase(r, "check/generic/status", Outcome.FAIL, "not HTTP");
        assertCase(r, "check/generic/content-type", Outcome.FAIL, "not HTTP");
        assertRestNotRun(r, "not HTTP");
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] a server that never answers: every case says nothing arrived, not a missing header")
    void silenceSaysNothingArrived() throws Exception {
        Map<String, ResultEntry> r = generic(RawServer.Hostile.SILENT);
        assertCase(r, "check/generic/status", Outcome.FAIL, "nothing arrived");
        assertCase(r, "check/generic/content-type", Outcome.FAIL, "nothing arrived");
        assertRestNotRun(r, "nothing arrived");
        assertTrue(!r.get("check/generic/no-store").detail().contains("Cache-Control"), r.get("check/generic/no-store")::detail);
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] a response that is not HTTP ends the read at once instead of waiting for the deadline")
    void garbageEndsTheReadAtOnce() throws Exception {
        try (RawServer s = RawServer.hostile(RawServer.Hostile.GARBAGE)) {
            StreamCapture c = Exchange.run(s.target("/events"), HttpRequest.get("/events"), 5_000);
            assertTrue(c.endAtMs < 2_000, c::summary);
            assertTrue(c.summary().contains("not HTTP"), c::summary);
            assertTrue(!c.closedByServer(), c::summary);
        }
    }

    /** The generic cases (and the document ones, with a document given) against one hostile subject. */
    private static Map<String, ResultEntry> generic(RawServer.Hostile kind) throws Exception {
        try (RawServer s = RawServer.hostile(kind)) {
            return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                CheckRunner runner = CheckRunner.prepare(CheckOptions.external(s.target("/events"), TIMEOUT_MS, "a b\n"));
                Map<String, ResultEntry> out = new LinkedHashMap<>();
                for (ConformanceCheck c : runner.checks()) {
                    // the h2 cases are not-applicable over HTTP/1.1 by design (H2ChecksTest)
                    if (c.id().startsWith("check/") && !c.id().startsWith("check/h2/")) {
                        out.put(c.id(), c.run());
                    }
                }
                return out;
            });
        }
    }

    private static void assertCase(Map<String, ResultEntry> r, String id, Outcome want, String inActual) {
        ResultEntry e = r.get(id);
        assertNotNull(e, () -> "no result for " + id);
        assertEquals(want, e.outcome(), () -> id + ": " + e);
        if (inActual != null) {
            assertTrue(e.actual() != null && e.actual().contains(inActual), () -> id + ": Actual lacks " + inActual + ": " + e);
        }
    }

    /** Every case but status and Content-Type needs an event stream: not-run, with the reason. */
    private static void assertRestNotRun(Map<String, ResultEntry> r, String reason) {
        assertTrue(r.size() >= 17, () -> "too few cases: " + r.keySet());
        r.forEach((id, e) -> {
            if (!id.equals("check/generic/status") && !id.equals("check/generic/content-type")) {
                assertEquals(Outcome.NOT_RUN, e.outcome(), () -> id + ": " + e);
                assertTrue(e.detail().contains(reason), () -> id + ": the reason lacks " + reason + ": " + e.detail());
            }
        });
    }
}
