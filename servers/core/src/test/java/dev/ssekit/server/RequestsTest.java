package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing, validation and the fixed answers: 400, 404, 405, preflight, stats, the demo page. */
class RequestsTest {

    private static void assertPlain(SseResponse r, int status, String... mentions) {
        assertEquals(status, r.status(), () -> body(r));
        assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
        String b = body(r);
        for (String m : mentions) {
            assertTrue(b.contains(m), "body names " + m + ": " + b);
        }
    }

    @Test
    @DisplayName("[API-001,API-002,API-003] the stream answer is 200 text/event-stream; charset=utf-8, no-store, X-Accel-Buffering: no, no Content-Length or Content-Encoding")
    void streamHeaders() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/sse");
            assertTrue(r instanceof SseResponse.Stream);
            assertEquals(200, r.status());
            assertEquals("text/event-stream; charset=utf-8", header(r, "Content-Type"));
            assertEquals("no-store", header(r, "Cache-Control"));
            assertEquals("no", header(r, "X-Accel-Buffering"));
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
            assertNull(header(r, "Content-Length"));
            assertNull(header(r, "Content-Encoding"));
            SseResponse feed = h.get("/api/feed");
            assertEquals(r.headers(), feed.headers(), "the feed answers with the same headers");
        }
    }

    @DisplayName("[API-009] a bad, unknown or repeated query parameter gets 400 text/plain naming it")
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "interval=-1|interval",
        "interval=abc|interval",
        "interval=3600001|interval",
        "interval=|interval",
        "interval|interval",
        "interval=1.5|interval",
        "interval=%2B5|interval",
        "interval=99999999999|interval",
        "event=a%20b|event",
        "event=a+b|event",
        "event=|event",
        "event=%0Aid:%201|event",
        "event=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|event",
        "doc=nosuchdoc|doc",
        "doc=|doc",
        "doc=Probe|doc",
        "dropAfter=0|dropAfter",
        "dropAfter=-3|dropAfter",
        "dropAfter=x|dropAfter",
        "dropAfter=2147483648|dropAfter",
        "colour=red|colour",
        "doc=probe&colour=red|colour",
        "Interval=5|Interval",
        "interval=1&interval=2|interval",
        "doc=probe&event=a&doc=probe|doc",
        "event=%ZZ|percent-encoding",
    })
    void badQueryGets400(String query, String named) {
        try (Harness h = new Harness()) {
            assertPlain(h.get("/api/sse?" + query), 400, named);
            assertEquals(0, h.core.stats().activeStreams());
        }
    }

    @Test
    @DisplayName("[API-009] a repeated parameter's reason says it is repeated")
    void repeatedParameterReason() {
        try (Harness h = new Harness()) {
            assertPlain(h.get("/api/sse?interval=1&interval=2"), 400, "\"interval\"", "2 times");
            assertPlain(h.get("/api/sse?colour=red"), 400, "unknown query parameter \"colour\"");
        }
    }

    @DisplayName("[API-009] every valid query opens a stream")
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "interval=0", "interval=3600000", "event=A-Za-z0-9_.:-", "doc=tutorial", "doc=probe", "dropAfter=1",
        "dropAfter=2147483647", "interval=5&event=x&doc=probe&dropAfter=2", "''", "&", "event=%74ick",
    })
    void validQueryOpens(String query) {
        try (Harness h = new Harness()) {
            assertTrue(h.get("/api/sse?" + query) instanceof SseResponse.Stream, query);
        }
    }

    @DisplayName("[API-012] a malformed Last-Event-ID gets 400 text/plain naming Last-Event-ID")
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "-1", "+1", "01", "00", "3.0", "12345678901", " 3", "3 ", "1e3", "0x1", "\u0663"})
    void malformedLastEventIdGets400(String id) {
        try (Harness h = new Harness()) {
            assertPlain(h.get("/api/sse?doc=probe", "Last-Event-ID", id), 400, "Last-Event-ID");
        }
    }

    @Test
    @DisplayName("[API-012] two Last-Event-ID headers get 400")
    void repeatedLastEventIdGets400() {
        try (Harness h = new Harness()) {
            assertPlain(h.get("/api/sse?doc=probe", "Last-Event-ID", "1", "Last-Event-ID", "2"), 400,
                    "Last-Event-ID", "2 times");
        }
    }

    @Test
    @DisplayName("[API-011,API-014] the largest well-formed id (10 digits) is accepted and is past the end: 204")
    void tenDigitIdIsWellFormed() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/sse?doc=probe", "Last-Event-ID", "9999999999");
            assertEquals(204, r.status());
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        }
    }

    @Test
    @DisplayName("[API-025] GET / is a UTF-8 HTML page with the tutorial's EventSource snippet and no external resources")
    void demoPage() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/");
            assertEquals(200, r.status());
            assertEquals("text/html; charset=utf-8", header(r, "Content-Type"));
            String html = body(r);
            assertTrue(html.contains("<meta charset=\"utf-8\">"));
            assertTrue(html.contains("new EventSource('/api/sse')"));
            assertTrue(html.contains("es.addEventListener('lol',(e)=>{"));
            assertTrue(html.contains("document.querySelector('.txt').textContent += e.data;"));
            assertTrue(html.contains("<div class=\"txt\"></div>"));
            assertTrue(html.contains("readyState") && html.contains("lastEventId"));
            assertFalse(html.contains("src="), "no external script or image");
            assertFalse(html.contains("href="), "no stylesheet or link");
            assertFalse(html.contains("http://") || html.contains("https://") || html.contains("//cdn"));
        }
    }

    @Test
    @DisplayName("[API-025,API-006] the demo page listens for the configured event type")
    void demoPageUsesConfiguredType() {
        try (Harness h = new Harness(SseServerConfig.defaults().withEventType("tick"))) {
            String html = body(h.get("/"));
            assertTrue(html.contains("es.addEventListener('tick',(e)=>{"));
            assertFalse(html.contains("{{"));
        }
    }

    @Test
    @DisplayName("[API-017] GET /api/stats is JSON with activeStreams, scheduledTasks and the other counters")
    void statsJson() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/stats");
            assertEquals(200, r.status());
            assertEquals("application/json", header(r, "Content-Type"));
            assertEquals("{\"activeStreams\":0,\"scheduledTasks\":0,\"eventsSent\":0,\"slowClientsDropped\":0,"
                    + "\"feedSubscribers\":0,\"eventsDroppedForSlowClients\":0,\"feedPublished\":0,\"requestsTimedOut\":0}",
                    body(r));
            h.open("/api/sse?interval=1000");
            String json = body(h.get("/api/stats"));
            assertTrue(json.contains("\"activeStreams\":1,\"scheduledTasks\":2,\"eventsSent\":1"), json);
        }
    }

    @DisplayName("[API-009] an unknown path gets 404 text/plain naming it, with CORS headers")
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET,/nope", "GET,/api", "GET,/api/sse/", "POST,/x", "GET,/API/SSE", "OPTIONS,/nope"})
    void unknownPathGets404(String method, String path) {
        try (Harness h = new Harness()) {
            SseResponse r = h.request(method, path, null);
            assertPlain(r, 404, path);
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        }
    }

    @DisplayName("[API-009] a method a path does not take gets 405 with Allow and a text/plain reason")
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "POST|/api/sse|GET, HEAD, OPTIONS", "PUT|/api/feed|GET, HEAD, POST, OPTIONS", "DELETE|/|GET, HEAD, OPTIONS",
        "POST|/api/stats|GET, HEAD, OPTIONS", "TRACE|/api/sse|GET, HEAD, OPTIONS", "get|/api/sse|GET, HEAD, OPTIONS",
    })
    void wrongMethodGets405(String method, String path, String allow) {
        try (Harness h = new Harness()) {
            SseResponse r = h.request(method, path, null);
            assertPlain(r, 405, method, path);
            assertEquals(allow, header(r, "Allow"));
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        }
    }

    @Test
    @DisplayName("[API-022,API-023] OPTIONS answers the CORS preflight for each path")
    void preflight() {
        try (Harness h = new Harness(SseServerConfig.defaults().withAllowedOrigins(java.util.Set.of("https://a.example")))) {
            SseResponse r = h.request("OPTIONS", "/api/feed", null, "Origin", "https://a.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization");
            assertEquals(204, r.status());
            assertEquals("https://a.example", header(r, "Access-Control-Allow-Origin"));
            assertEquals("true", header(r, "Access-Control-Allow-Credentials"));
            assertEquals("GET, HEAD, POST, OPTIONS", header(r, "Access-Control-Allow-Methods"));
            assertTrue(header(r, "Access-Control-Allow-Headers").contains("Authorization"));
            assertTrue(header(r, "Access-Control-Allow-Headers").contains("Last-Event-ID"));
            assertEquals(0, ((SseResponse.Full) r).body().length);
            SseResponse sse = h.request("OPTIONS", "/api/sse", null, "Origin", "https://b.example");
            assertEquals(204, sse.status());
            assertEquals("*", header(sse, "Access-Control-Allow-Origin"));
            assertNull(header(sse, "Access-Control-Allow-Credentials"));
            assertEquals("GET, HEAD, OPTIONS", header(sse, "Access-Control-Allow-Methods"));
        }
    }

    @Test
    @DisplayName("[API-009] a 4xx body is UTF-8 text ending in a newline, and quotes hostile input with controls escaped")
    void plainTextBodiesAreSafe() {
        try (Harness h = new Harness()) {
            SseResponse r = h.get("/api/sse?event=%0D%0Aevil");
            String b = body(r);
            assertTrue(b.endsWith("\n"));
            assertFalse(b.substring(0, b.length() - 1).contains("\n"), "one line: " + b);
            assertTrue(b.contains("\\u000D\\u000Aevil"), b);
            assertTrue(((SseResponse.Full) r).body().length
                    == b.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    @DisplayName("[API-001] response header maps are immutable and carry canonical names")
    void headerMapsAreImmutable() {
        try (Harness h = new Harness()) {
            Map<String, List<String>> m = h.get("/api/sse").headers();
            try {
                m.put("X", List.of("y"));
                throw new AssertionError("mutable");
            } catch (UnsupportedOperationException expected) {
                assertTrue(m.containsKey("Content-Type") && m.containsKey("Access-Control-Allow-Origin"));
            }
        }
    }
}
