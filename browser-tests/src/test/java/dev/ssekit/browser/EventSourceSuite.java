package dev.ssekit.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Chromium's own EventSource against one reference server. A server joins with a subclass that says how to start it.
 * One browser session and one server per class; pages come from {@link EventSourcePages}, a second origin that the
 * server's allow-list names, and a third origin that it does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventSourceSuite {

    private static final String TOKEN = "browser-suite-token";
    private static final long RETRY_MS = 300;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PROBE = SseCore.documentText("probe");

    private EventSourcePages pages;
    private EventSourcePages unlisted;
    private SseServer server;
    private ChromeDriver driver;
    private String mainWindow;

    /** Starts the server under test with the given configuration. */
    protected abstract SseServer start(SseServerConfig config);

    @BeforeAll
    void startAll() {
        driver = Chromium.start();
        mainWindow = driver.getWindowHandle();
        pages = EventSourcePages.start();
        unlisted = EventSourcePages.start();
        server = start(SseServerConfig.defaults().withPort(0).withAllowedOrigins(Set.of(pages.origin()))
                .withPublishToken(TOKEN).withHeartbeatMs(1000).withRetryMs(RETRY_MS));
        pages.rewrite("'http://localhost:3000/api/sse'", "'" + server.baseUrl() + "/api/sse?interval=0'");
    }

    @AfterAll
    void stopAll() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (pages != null) {
            pages.close();
        }
        if (unlisted != null) {
            unlisted.close();
        }
    }

    /** Leaving the page closes its EventSources; extra tabs go. */
    @AfterEach
    void leavePages() {
        if (driver == null) {
            return;
        }
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(mainWindow)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(mainWindow);
        driver.get("about:blank");
    }

    @Test
    @DisplayName("[API-008,API-025] the tutorial's page, unchanged but for its URL, spells the tutorial document exactly")
    void tutorialPageSpellsTheDocument() {
        driver.get(pages.url("/pages/tutorial.html"));
        until("the tutorial page's EventSource is CLOSED (done, then 204)",
                () -> js("return typeof es !== 'undefined' && es.readyState === 2;"), Boolean.TRUE::equals);
        String text = (String) js("return document.querySelector('.txt').textContent;");
        assertEquals(SseCore.documentText("tutorial"), text,
                "[API-008] concatenated e.data of the tutorial page equals the LF-normalised document");
    }

    @Test
    @DisplayName("[PROC-001,PROC-004,PROC-008,PROC-011,AUTH-003,API-013,API-014] CONNECTING, OPEN, done, reconnect, 204, CLOSED")
    void lifecycleEndsClosedAfterDoneAnd204() {
        harness();
        long initial = (Long) js("return track('life', arguments[0], null, ['lol', 'done']);", sse("doc=probe&interval=0"));
        assertEquals(0, initial, "[PROC-001] readyState right after new EventSource(url)");
        Map<String, Object> s = untilClosed("life");
        assertEquals(List.of(0L, 1L, 0L, 2L), s.get("states"),
                "[PROC-004,PROC-011,PROC-008] readyState transitions: connecting, open, reconnecting after done, closed by 204");
        assertEquals(1L, s.get("opens"), "[PROC-004] open events (the 204 reconnect never opens)");
        assertEquals(List.of(0L, 2L), s.get("errorStates"),
                "[PROC-011,AUTH-003] readyState at each error: the end of the stream, then the 204");
        List<Map<String, Object>> events = events(s);
        Map<String, Object> last = events.get(events.size() - 1);
        assertEquals("done", last.get("type"), "[API-013] the last event");
        assertEquals("9", last.get("lastEventId"), "[API-013] done carries id N+1");
        assertEquals(PROBE, s.get("text"), "[API-008] the probe document");
        // PROC-008: a failed EventSource stays closed.
        Map<String, Object> later = snapshot("life");
        assertEquals(2L, later.get("readyState"), "[PROC-008] readyState stays CLOSED");
    }

    @Test
    @DisplayName("[PARSE-028,API-006] e.lastEventId is the id of each piece, then N+1 for done")
    void lastEventIdTracksServerIds() {
        harness();
        js("track('ids', arguments[0], null, ['lol', 'done']);", sse("doc=probe&interval=0"));
        Map<String, Object> s = untilClosed("ids");
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Map<String, Object> e : events(s)) {
            ids.add((String) e.get("lastEventId"));
            types.add((String) e.get("type"));
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), ids, "[API-006,PARSE-028] e.lastEventId per event");
        assertEquals(List.of("lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "done"), types,
                "[API-006] event types");
    }

    @Test
    @DisplayName("[PARSE-025,PARSE-026] untyped events reach onmessage; typed events reach only their listeners")
    void eventTypesReachOnlyTheirListeners() {
        harness();
        js("track('feed', arguments[0], null, ['tick', 'lol']);", server.baseUrl() + "/api/feed");
        js("track('tick', arguments[0], null, ['tick', 'lol', 'done']);", sse("doc=probe&interval=0&event=tick"));
        until("the feed is open and subscribed", () -> snapshot("feed"), s -> (Long) s.get("opens") == 1);
        untilStats("one feed subscriber", st -> st.feedSubscribers() == 1);
        long id = server.publish("hello feed");
        Map<String, Object> feed = until("the published event arrives", () -> snapshot("feed"), s -> !events(s).isEmpty());
        assertEquals(List.of(Map.of("type", "message", "data", "hello feed", "lastEventId", Long.toString(id))), feed.get("events"),
                "[PARSE-025] a feed event without event field is a message event, seen by onmessage only");

        Map<String, Object> tick = untilClosed("tick");
        List<String> types = events(tick).stream().map(e -> (String) e.get("type")).toList();
        assertEquals(List.of("tick", "tick", "tick", "tick", "tick", "tick", "tick", "tick", "done"), types,
                "[PARSE-026] event: tick reaches the tick listener only (not onmessage, not lol)");
        assertEquals(PROBE, tick.get("text"), "[PARSE-026] data of the tick events");
    }

    @Test
    @DisplayName("[PROC-018,API-016] close() stops delivery and the server drops the stream and its tasks")
    void closeStopsDeliveryAndServerForgetsTheStream() {
        untilStats("no stream left from earlier tests", st -> st.activeStreams() == 0);
        harness();
        js("track('slow', arguments[0], null, ['lol']);", sse("doc=tutorial&interval=50"));
        until("three pieces", () -> snapshot("slow"), s -> events(s).size() >= 3);
        assertEquals(1, server.stats().activeStreams(), "[API-016] activeStreams while the page listens");
        assertEquals(2L, js("return closeSource('slow');"), "[PROC-018] readyState right after close()");
        int delivered = events(snapshot("slow")).size();
        Stats after = untilStats("[API-016] activeStreams and scheduledTasks back to 0",
                st -> st.activeStreams() == 0 && st.scheduledTasks() == 0);
        assertEquals(0, after.activeStreams(), "[API-016] activeStreams");
        Map<String, Object> s = snapshot("slow");
        assertEquals(delivered, events(s).size(), "[PROC-018] events delivered after close()");
        assertEquals(List.of(0L, 1L, 2L), s.get("states"), "[PROC-018] readyState transitions");
        assertEquals(0L, s.get("errors"), "[PROC-018] close() fires no error");
    }

    @Test
    @DisplayName("[PROC-009,PROC-015,API-011,API-018] dropAfter=3: the browser resumes with Last-Event-ID, nothing lost or repeated")
    void dropAfterResumesWithoutLossOrDuplicates() {
        harness();
        js("track('drop', arguments[0], null, ['lol', 'done']);", sse("doc=probe&interval=0&dropAfter=3"));
        Map<String, Object> s = untilClosed("drop");
        List<String> ids = events(s).stream().map(e -> (String) e.get("lastEventId")).toList();
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), ids,
                "[PROC-015,API-011] ids across the three connections (a restart from 1 would repeat ids)");
        assertEquals(PROBE, s.get("text"), "[API-011] the probe document, resumed twice");
        assertEquals(3L, s.get("opens"), "[API-018,PROC-009] connections: 3 pieces, 3 pieces, 2 pieces and done");
        assertEquals(List.of(0L, 0L, 0L, 2L), s.get("errorStates"),
                "[PROC-009] readyState at each error: two drops and the end reconnect, the 204 closes");
    }

    @Test
    @DisplayName("[CORS-002,CORS-004,API-022,API-023] withCredentials works from the listed origin only; without credentials any origin works")
    void credentialedStreamsOnlyForListedOrigins() {
        driver.get(pages.url("/pages/harness.html"));
        js("document.cookie = 'sse_kit_browser=1; path=/';");
        js("track('listed', arguments[0], {withCredentials: true}, ['lol', 'done']);", sse("doc=probe&interval=0"));
        Map<String, Object> listed = untilClosed("listed");
        assertEquals(Boolean.TRUE, listed.get("withCredentials"), "[CORS-002] es.withCredentials");
        assertEquals(PROBE, listed.get("text"), "[API-023] a listed origin gets the credentialed stream");
        assertEquals(1L, listed.get("opens"), "[API-023] opens from the listed origin");

        driver.get(unlisted.url("/pages/harness.html"));
        js("track('unlisted', arguments[0], {withCredentials: true}, ['lol', 'done']);", sse("doc=probe&interval=0"));
        Map<String, Object> refused = untilClosed("unlisted");
        assertEquals(0L, refused.get("opens"), "[CORS-004,API-023] an unlisted origin with credentials never opens");
        assertEquals(List.of(), refused.get("events"), "[CORS-004] events from an unlisted origin with credentials");
        assertTrue((Long) refused.get("errors") >= 1, "[CORS-004] an error is fired");

        js("track('anonymous', arguments[0], null, ['lol', 'done']);", sse("doc=probe&interval=0"));
        Map<String, Object> anonymous = untilClosed("anonymous");
        assertEquals(Boolean.FALSE, anonymous.get("withCredentials"), "[CORS-002] es.withCredentials by default");
        assertEquals(PROBE, anonymous.get("text"), "[API-022] any origin gets the stream without credentials");
    }

    @Test
    @DisplayName("[PROC-005,PROC-006,PROC-008] a 204, a 500 and a wrong Content-Type fail the connection for good")
    void badResponsesFailWithoutReconnecting() {
        harness();
        List<String> kinds = List.of("204", "500", "type");
        for (String kind : kinds) {
            js("track(arguments[0], arguments[1], null, []);", kind, pages.url("/bad/" + kind));
        }
        for (String kind : kinds) {
            Map<String, Object> s = untilClosed(kind);
            assertEquals(List.of(0L, 1L, 0L, 2L), s.get("states"),
                    "[PROC-005,PROC-006,PROC-008] /bad/" + kind + ": open, end and reconnect, then the bad answer closes");
            assertEquals(List.of(0L, 2L), s.get("errorStates"), "[PROC-008] /bad/" + kind + " readyState at each error");
        }
        // The first stream set retry: 300, so a wrong reconnect would come within ~300 ms; watch for four times that.
        long until = System.nanoTime() + Duration.ofMillis(4 * RETRY_MS).toNanos();
        while (System.nanoTime() < until) {
            for (String kind : kinds) {
                assertEquals(List.of("", "1"), pages.requests("/bad/" + kind),
                        "[PROC-008] requests to /bad/" + kind + " (Last-Event-ID of each): no reconnect after the failure");
            }
            pause();
        }
    }

    @Test
    @DisplayName("[PROC-009,PROC-011,PROC-015,PARSE-028] a connection broken mid-stream is reestablished with Last-Event-ID")
    void brokenConnectionReconnects() {
        harness();
        js("track('broken', arguments[0], null, []);", pages.url("/broken"));
        until("a second request to /broken", () -> pages.requests("/broken"), r -> r.size() >= 2);
        js("closeSource('broken');");
        List<String> requests = pages.requests("/broken");
        assertEquals(List.of("", "1"), requests.subList(0, 2), "[PROC-015] Last-Event-ID of the first two requests");
        Map<String, Object> s = snapshot("broken");
        List<Map<String, Object>> events = events(s);
        assertEquals(Map.of("type", "message", "data", "first", "lastEventId", "1"), events.get(0), "the event with id: 1");
        assertEquals(Map.of("type", "message", "data", "second", "lastEventId", "1"), events.get(1),
                "[PARSE-028] an event without id carries the last id seen");
        List<?> errorStates = (List<?>) s.get("errorStates");
        assertTrue(!errorStates.isEmpty() && errorStates.stream().allMatch(v -> v.equals(0L)),
                "[PROC-009] each break leaves readyState CONNECTING, got " + errorStates);
    }

    @Test
    @DisplayName("[API-019] two tabs on /api/feed see the same published events with the same ids")
    void broadcastReachesEveryTab() {
        harness();
        js("track('feed', arguments[0], null, []);", server.baseUrl() + "/api/feed");
        until("tab 1 open", () -> snapshot("feed"), s -> (Long) s.get("opens") == 1);
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String second = driver.getWindowHandle();
        harness();
        js("track('feed', arguments[0], null, []);", server.baseUrl() + "/api/feed");
        until("tab 2 open", () -> snapshot("feed"), s -> (Long) s.get("opens") == 1);
        untilStats("two feed subscribers", st -> st.feedSubscribers() == 2);

        List<String> data = List.of("one", "二 two", "three 🎉\nlines");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (String d : data) {
            long id = server.publish(d);
            expected.add(Map.of("type", "message", "data", d, "lastEventId", Long.toString(id)));
        }
        for (String handle : List.of(first, second)) {
            driver.switchTo().window(handle);
            Map<String, Object> s = until("three events in tab " + handle, () -> snapshot("feed"),
                    x -> events(x).size() >= expected.size());
            assertEquals(expected, s.get("events"), "[API-019] events and ids seen by tab " + handle);
        }
    }

    // ---- helpers

    private void harness() {
        driver.get(pages.url("/pages/harness.html"));
    }

    private String sse(String query) {
        return server.baseUrl() + "/api/sse?" + query;
    }

    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> snapshot(String name) {
        return (Map<String, Object>) js("return snapshot(arguments[0]);", name);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Map<String, Object> snapshot) {
        return (List<Map<String, Object>>) snapshot.get("events");
    }

    private Map<String, Object> untilClosed(String name) {
        return until(name + " reaches readyState CLOSED", () -> snapshot(name), s -> (Long) s.get("readyState") == 2);
    }

    private <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        Object[] last = new Object[1];
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).until((WebDriver d) -> {
                T value = probe.get();
                last[0] = value;
                return done.test(value) ? value : null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what + "; last seen: " + last[0], e);
        }
    }

    private Stats untilStats(String what, Predicate<Stats> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Stats st = server.stats();
        while (!done.test(st)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 5 s: " + what + "; last stats: " + st.toJson());
            }
            pause();
            st = server.stats();
        }
        return st;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
