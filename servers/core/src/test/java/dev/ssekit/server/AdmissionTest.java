package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the core decides from a request head alone, before any body is read; HEAD; the adapters' own answers. */
class AdmissionTest {

    private static SseRequest head(String method, String path, String version, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new SseRequest(method, path, null, h, null, version);
    }

    private static SseResponse admit(String method, String path, String... headers) {
        try (Harness h = new Harness(SseServerConfig.defaults().withPublishToken("t"))) {
            return h.core.admit(head(method, path, SseRequest.HTTP_1_1, headers));
        }
    }

    private static void assertRefused(SseResponse r, int status, boolean close, String mention) {
        assertEquals(status, r.status(), () -> body(r));
        assertEquals(close, r.closesConnection(), "Connection: close");
        assertTrue(body(r).toLowerCase(Locale.ROOT).contains(mention.toLowerCase(Locale.ROOT)), body(r));
        assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0}")
    @DisplayName("[API-031,HTTP-002] a request body is taken only with Content-Length: Transfer-Encoding gets 411, 400 or 501 and a close")
    @CsvSource(delimiter = '|', value = {
        "chunked|411|Content-Length", "Chunked|411|Content-Length", "chunked, identity|400|chunked must come once, last",
        "chunked, chunked|400|chunked must come once, last", "xchunked|400|chunked must come once, last",
        "gzip, chunked|501|gzip", "chunked,|400|chunked must come once, last", "' '|400|Transfer-Encoding",
    })
    void transferEncodingIsRefused(String te, int status, String mention) {
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Transfer-Encoding", te),
                status, true, mention);
    }

    @Test
    @DisplayName("[HTTP-001,API-031] Content-Length with Transfer-Encoding gets 400 and a close, whatever the coding")
    void lengthAndCodingTogether() {
        for (String te : List.of("chunked", "xchunked", "identity")) {
            assertRefused(admit("POST", "/api/feed", "Host", "h", "Content-Length", "5", "Transfer-Encoding", te), 400,
                    true, "both Content-Length and Transfer-Encoding");
        }
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @DisplayName("[HTTP-003] an invalid Content-Length gets 400 and a close")
    @CsvSource(delimiter = '|', value = {"+5", "0x5", "-1", "5, 6", "' '", "5 5", "1e3", "123456789012345678901234567890"})
    void invalidLength(String cl) {
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Content-Length", cl), 400,
                true, "Content-Length");
    }

    @Test
    @DisplayName("[HTTP-003] Content-Length is taken only once, as one number: repeated, listed or differing values get 400")
    void repeatedLength() {
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Content-Length", "5", "Content-Length", "6"), 400, true,
                "send it once");
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Content-Length", "5, 5"),
                400, true, "send it once");
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Content-Length", "5",
                "Content-Length", "5"), 400, true, "send it once");
    }

    @Test
    @DisplayName("[API-035,HTTP-006] a body announced over 64 KiB gets 413 and a close before it is read")
    void tooLarge() {
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Content-Length", "70000",
                "Expect", "100-continue"), 413, true, "65536");
    }

    @Test
    @DisplayName("[HTTP-004] an HTTP/1.1 request needs exactly one valid Host, or it gets 400 and a close; HTTP/1.0 may have none")
    void host() {
        assertRefused(admit("GET", "/api/stats"), 400, true, "Host");
        assertRefused(admit("GET", "/api/stats", "Host", "a", "Host", "b"), 400, true, "2 Host headers");
        assertRefused(admit("GET", "/api/stats", "Host", "a b"), 400, true, "not a host");
        assertRefused(admit("GET", "/api/stats", "Host", "user@h"), 400, true, "not a host");
        assertRefused(admit("POST", "/api/feed", "Content-Length", "5"), 400, true, "Host");
        for (String bad : List.of("a:99999", "a:", ":80", "a:8x", "[::1", "[::1]x", "[zz]:80", "a/b", "a\\b")) {
            assertRefused(admit("GET", "/api/stats", "Host", bad), 400, true, "not a host");
        }
        for (String good : List.of("[::1]:3000", "127.0.0.1:3000", "example.com", "a-b.example:65535", "[::1]")) {
            assertNull(admit("GET", "/api/stats", "Host", good), good);
        }
        try (Harness h = new Harness()) {
            assertNull(h.core.admit(head("GET", "/api/stats", SseRequest.HTTP_1_0)));
        }
    }

    @Test
    @DisplayName("[HTTP-006] Expect: 100-continue is let through; any other expectation gets 417")
    void expect() {
        assertNull(admit("POST", "/api/feed", "Host", "h", "Authorization", "Bearer t", "Content-Length", "5", "Expect",
                "100-Continue"));
        assertRefused(admit("GET", "/api/stats", "Host", "h", "Expect", "teapot"), 417, true, "100-continue");
    }

    @Test
    @DisplayName("[HTTP-006,API-021] a head that announces a body is refused from its route, method or token alone, with a close")
    void refusedBeforeTheBody() {
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Content-Length", "5", "Authorization", "Bearer wrong"),
                403, true, "token");
        assertRefused(admit("POST", "/api/feed", "Host", "h", "Content-Length", "5"), 401, true, "Authorization");
        assertRefused(admit("POST", "/nope", "Host", "h", "Content-Length", "5"), 404, true, "/nope");
        assertRefused(admit("PUT", "/api/sse", "Host", "h", "Content-Length", "5"), 405, true, "PUT");
        assertNull(admit("POST", "/api/feed", "Host", "h", "Content-Length", "5", "Authorization", "Bearer t"));
        assertNull(admit("GET", "/nope", "Host", "h"), "a head without a body is answered by handle()");
    }

    @Test
    @DisplayName("[HTTP-007] HEAD of a stream gets the stream's status and header fields, and opens nothing")
    void headOfStream() {
        try (Harness h = new Harness()) {
            SseResponse get = h.get("/api/sse?doc=probe");
            SseResponse head = h.request("HEAD", "/api/sse", null, "Last-Event-ID", "2");
            assertInstanceOf(SseResponse.StreamHead.class, head);
            assertEquals(200, head.status());
            assertEquals(get.headers(), head.headers());
            assertInstanceOf(SseResponse.StreamHead.class, h.request("HEAD", "/api/feed", null));
            assertEquals(0, h.core.stats().activeStreams());
            assertEquals(400, h.request("HEAD", "/api/sse", null, "Last-Event-ID", "x").status());
            assertEquals(204, h.request("HEAD", "/api/sse?doc=probe", null, "Last-Event-ID", "99").status());
            SseResponse stats = h.request("HEAD", "/api/stats", null);
            assertEquals(200, stats.status());
            assertEquals("application/json", header(stats, "Content-Type"));
        }
    }

    @Test
    @DisplayName("[API-030,API-017] the request deadline's answer is 408 with a close, counted in requestsTimedOut")
    void requestTimedOut() {
        try (Harness h = new Harness(SseServerConfig.defaults().withRequestTimeoutMs(2500))) {
            SseResponse.Full r = h.core.requestTimedOut();
            assertRefused(r, 408, true, "2500 ms");
            h.core.requestTimedOut();
            assertEquals(2, h.core.stats().requestsTimedOut());
            assertTrue(body(h.get("/api/stats")).contains("\"requestsTimedOut\":2"));
            String wire = new String(r.toHttp11(), StandardCharsets.ISO_8859_1);
            assertTrue(wire.startsWith("HTTP/1.1 408 Request Timeout\r\n"), wire);
            assertTrue(wire.matches("(?s).*\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), wire);
            assertTrue(wire.contains("\r\nConnection: close\r\n"), wire);
            assertTrue(wire.contains("\r\nContent-Length: " + r.body().length + "\r\n\r\n"), wire);
        }
    }

    @Test
    @DisplayName("[HTTP-005,HTTP-009,API-035] a head an adapter cannot read gets the core's status, plain-text reason and a close")
    void malformed() {
        try (Harness h = new Harness()) {
            assertRefused(h.core.malformed(MalformedHead.requestLineTooLong()), 414, true, "65536 bytes (64 KiB)");
            assertRefused(h.core.malformed(MalformedHead.headerSectionTooLarge()), 431, true, "16384 bytes (16 KiB)");
            assertRefused(h.core.malformed(MalformedHead.tooManyHeaderLines()), 431, true, "more than 100 header lines");
            assertRefused(h.core.malformed(MalformedHead.unsupportedVersion("HTTP/2.0")), 505, true, "not \"HTTP/2.0\"");
            assertRefused(h.core.malformed(MalformedHead.unsupportedVersion("HTTP/3\r\n")), 505, true, "\\u000D\\u000A");
            assertRefused(h.core.malformed(MalformedHead.http2Preface()), 505, true, "HTTP/2 connection preface");
            assertRefused(h.core.malformed(MalformedHead.tlsHandshake()), 400, true, "TLS handshake");
            assertRefused(h.core.malformed(MalformedHead.syntax("a bare LF")), 400, true, "is malformed: a bare LF");
            assertRefused(h.core.malformed(MalformedHead.syntax(null)), 400, true, "could not be parsed");
            SseResponse.Full r = h.core.malformed(MalformedHead.syntax("x"));
            assertEquals(List.of("Content-Type", "Cache-Control", "Connection"), List.copyOf(r.headers().keySet()),
                    "no CORS: no request was read");
        }
    }

    @Test
    @DisplayName("[API-035] a failure while answering gets 500 naming it, and 503 once the server is closing; either ends the connection")
    void failed() {
        Harness h = new Harness();
        SseResponse.Full r = h.core.failed(new IllegalStateException("boom"));
        assertRefused(r, 500, true, "boom");
        h.close();
        SseResponse.Full late = h.core.failed(new IllegalStateException("late"));
        assertRefused(late, 503, true, "shutting down");
        SseResponse.Full routed = (SseResponse.Full) h.get("/api/stats");
        assertEquals(503, routed.status());
        assertEquals(body(late), body(routed), "the router's 503 and the adapters' say the same");
        Map<String, List<String>> withoutCors = new LinkedHashMap<>(routed.headers());
        withoutCors.remove("Access-Control-Allow-Origin");
        assertEquals(late.headers(), withoutCors, "and carry the same headers, CORS apart");
    }
}
