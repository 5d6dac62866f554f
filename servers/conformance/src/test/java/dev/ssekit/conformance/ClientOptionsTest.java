package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What goes on the wire: Chromium's headers, the user's over them, the stream request, and requests after redirects. */
class ClientOptionsTest {

    private static String wire(Target t, HttpRequest r) {
        return new String(Exchange.requestBytes(t, Exchange.prepare(t, r)), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[PROC-002] a GET carries Chromium's EventSource headers and no Connection: close")
    void defaultsAreChromiums() {
        String w = wire(Target.of("http://127.0.0.1:3000/events"), HttpRequest.get("/events"));
        assertEquals("GET /events HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nUser-Agent: sse-kit-check\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\nPragma: no-cache\r\nConnection: keep-alive\r\n\r\n", w);
    }

    @Test
    @DisplayName("[PROC-002] the user's headers replace (case-insensitively) or remove the defaults and the case's own")
    void userHeadersWin() {
        ClientOptions c = new ClientOptions(Map.of("accept", "*/*", "Pragma", "", "X-Key", "k"), null, null, false, null, 20);
        String w = wire(Target.of("http://h/events").withClient(c), HttpRequest.get("/events").withHeader("Last-Event-ID", "3"));
        assertTrue(w.contains("\r\nAccept: */*\r\n"), w);
        assertTrue(!w.contains("Pragma") && w.contains("X-Key: k\r\n") && w.contains("Last-Event-ID: 3\r\n"), w);
        assertEquals(1, w.split("(?i)accept:", -1).length - 1, w);
    }

    @Test
    @DisplayName("[AUTH-001] -d turns a GET of the stream's path into a POST with a JSON body; other paths keep their requests")
    void streamRequestCarriesTheBody() {
        ClientOptions c = new ClientOptions(Map.of(), null, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), false, null, 20);
        Target t = Target.of("http://h/v1/chat?x=1").withClient(c);
        String w = wire(t, HttpRequest.get("/v1/chat?x=1&event=y"));
        assertTrue(w.startsWith("POST /v1/chat?x=1&event=y HTTP/1.1\r\n"), w);
        assertTrue(w.contains("Content-Type: application/json\r\n") && w.endsWith("Content-Length: 7\r\n\r\n{\"a\":1}"), w);
        assertTrue(w.contains("Accept: text/event-stream\r\n"), w);
        assertTrue(wire(t, HttpRequest.get("/api/stats")).startsWith("GET /api/stats HTTP/1.1"));
    }

    @Test
    @DisplayName("[AUTH-001] after 303 (and 301/302 after a POST) the request is a GET without body; 307 keeps both; no credentials cross origins")
    void redirectedRequests() {
        HttpRequest post = new HttpRequest("POST", "/a", Map.of("Content-Type", "application/json", "Authorization", "x"),
                new byte[] {1});
        HttpRequest see = Exchange.redirected(post, 303, true, "/b");
        assertEquals("GET", see.method());
        assertNull(see.body());
        assertTrue(!see.hasHeader("Content-Type") && see.hasHeader("Authorization"));
        HttpRequest temp = Exchange.redirected(post, 307, false, "/c");
        assertEquals("POST", temp.method());
        assertEquals(1, temp.body().length);
        assertTrue(!temp.hasHeader("Authorization") && temp.hasHeader("Content-Type"));
        assertEquals("GET", Exchange.redirected(post, 302, true, "/d").method());
        assertEquals("PUT", Exchange.redirected(new HttpRequest("PUT", "/a", Map.of(), null), 301, true, "/e").method());
    }

    @Test
    @DisplayName("[KIT-004] a header without a colon, a bad name, a framing header or a CR in a value is refused, naming it")
    void badHeadersAreRefused() {
        for (String bad : List.of("NoColon", ": v", "Bad Name: v", "Content-Length: 1", "transfer-encoding: chunked")) {
            assertThrows(IllegalArgumentException.class, () -> ClientOptions.parseHeader(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new ClientOptions(Map.of("X", "a\rb"), null, null, false, null, 1));
        assertEquals(Map.entry("Pragma", ""), ClientOptions.parseHeader("Pragma:"));
        assertEquals(Map.entry("X-A", "b: c"), ClientOptions.parseHeader("X-A:  b: c "));
    }

    @Test
    @DisplayName("[API-036] the injected type replaces any event parameter and is percent-encoded, CR and LF included")
    void eventParameterIsEncoded() {
        assertEquals("/api/sse?doc=probe&event=a%0D%0Adata%3A%20x",
                FieldInjectionCheck.withEvent("/api/sse?event=lol&doc=probe", "a\r\ndata: x"));
        assertEquals("/e?event=t", FieldInjectionCheck.withEvent("/e", "t"));
    }
}
