package dev.ssekit.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.MalformedHead;
import dev.ssekit.server.SseRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeadScannerTest {

    private static final String HEAD = "POST /api/feed?a=%41&b HTTP/1.1\r\nHost: h:1\r\nX-Dup: one\r\n"
            + "Content-Length: 5\r\nX-Dup:  two \r\nEmpty:\r\n\r\n";

    @Test
    @DisplayName("[API-031] a head becomes the request the core admits: raw path and query, every header line in order, the version")
    void headBecomesRequest() {
        HeadScanner s = new HeadScanner();
        byte[] bytes = (HEAD + "hello").getBytes(StandardCharsets.US_ASCII);
        int end = s.scan(ByteBuffer.wrap(bytes), 0, bytes.length);
        assertTrue(s.complete());
        assertEquals(HEAD.length(), end, "stops after the head's last LF; the body is not its business");
        SseRequest r = s.request();
        assertEquals("POST", r.method());
        assertEquals("/api/feed", r.path());
        assertEquals("a=%41&b", r.rawQuery());
        assertEquals(SseRequest.HTTP_1_1, r.version());
        assertNull(r.body());
        assertEquals(Map.of("host", List.of("h:1"), "x-dup", List.of("one", "two"), "content-length", List.of("5"),
                "empty", List.of("")), r.headers());
        assertEquals(5, r.contentLength());
    }

    @Test
    @DisplayName("[API-031] a head split at every byte reads as the same request")
    void splitAtEveryByte() {
        byte[] bytes = HEAD.getBytes(StandardCharsets.US_ASCII);
        SseRequest whole = scanWhole(HEAD);
        for (int cut = 1; cut < bytes.length; cut++) {
            HeadScanner s = new HeadScanner();
            ByteBuffer b = ByteBuffer.wrap(bytes);
            assertEquals(cut, s.scan(b, 0, cut));
            assertFalse(s.complete(), "complete after " + cut + " bytes");
            assertEquals(bytes.length, s.scan(b, cut, bytes.length));
            assertEquals(whole, s.request(), "split at " + cut);
        }
    }

    @Test
    @DisplayName("[API-035] absolute form, OPTIONS *, leading empty lines and HTTP/1.0 are read as RFC 9112 says")
    void targetForms() {
        SseRequest absolute = scanWhole("GET http://h:1/api/sse?doc=probe HTTP/1.1\r\nHost: h:1\r\n\r\n");
        assertEquals("/api/sse", absolute.path());
        assertEquals("doc=probe", absolute.rawQuery());
        assertEquals("/", scanWhole("GET HTTPS://h HTTP/1.1\r\nHost: h\r\n\r\n").path());
        assertEquals("*", scanWhole("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").path());
        SseRequest old = scanWhole("\r\n\r\nGET /? HTTP/1.0\r\n\r\n");
        assertEquals(SseRequest.HTTP_1_0, old.version());
        assertNull(old.rawQuery());
        assertTrue(old.headers().isEmpty());
    }

    @Test
    @DisplayName("[HTTP-005,API-035] a malformed head is refused at its first wrong byte, which a parser after it never sees")
    void refusedAtTheFirstWrongByte() {
        assertRefused("GET /x HTTP/1.1\r\nHost : h\r\n\r\n", 400, "GET /x HTTP/1.1\r\nHost", "whitespace between");
        assertRefused("GET /x HTTP/1.1\r\nX-A: a\u0000b\r\n\r\n", 400, "GET /x HTTP/1.1\r\nX-A: a", "0x00");
        assertRefused("GET /x HTTP/1.1\r\nX-A: a\rb\r\n\r\n", 400, "GET /x HTTP/1.1\r\nX-A: a\r", "not followed by LF");
        assertRefused("GET /x HTTP/1.1\nHost: h\n\n", 400, "GET /x HTTP/1.1", "HTTP version");
        assertRefused("GET /x HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", 400, "GET /x HTTP/1.1\r\nX-A: a\r\n", "obs-fold");
        assertRefused("GET /x HTTP/1.x\r\n\r\n", 400, "GET /x HTTP/1.", "HTTP version");
        assertRefused("GET /x HTTP/2.0\r\n\r\n", 505, "GET /x HTTP/2.0", "HTTP/2.0");
        assertRefused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "PRI ", "preface");
        assertRefused("GET /x\r\n\r\n", 400, "GET /x", "HTTP/0.9");
        assertRefused("\u0016\u0003\u0001", 400, "", "TLS");
        assertRefused("GET /x?t=%4g HTTP/1.1\r\n\r\n", 400, "GET /x?t=%4", "in the query parameter \"t\" is not"
                + " followed by two hex digits");
        assertRefused("GET /api/sse?interval=0&text=a\u00e4 HTTP/1.1\r\n\r\n", 400, "GET /api/sse?interval=0&text=a",
                "the query parameter \"text\" holds the byte 0xE4");
        assertRefused("GET /x{ HTTP/1.1\r\n\r\n", 400, "GET /x", "percent-encode");
        assertRefused("GET /\u00e4 HTTP/1.1\r\n\r\n", 400, "GET /", "the request target holds the byte 0xE4, a raw");
        assertRefused("GET x HTTP/1.1\r\n\r\n", 400, "GET ", "must be a path");
        assertRefused("GET * HTTP/1.1\r\n\r\n", 400, "GET ", "OPTIONS only");
        assertRefused("GET  /x HTTP/1.1\r\n\r\n", 400, "GET ", "two spaces");
    }

    @Test
    @DisplayName("[HTTP-009] a request line over 64 KiB gets 414 at its 65,537th byte; 64 KiB is taken")
    void requestLineLimit() {
        String prefix = "GET /?";
        String fits = prefix + "a".repeat(HeadScanner.MAX_REQUEST_LINE - prefix.length() - " HTTP/1.1".length());
        assertEquals(HeadScanner.MAX_REQUEST_LINE, fits.length() + " HTTP/1.1".length());
        assertNotNull(scanWhole(fits + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        String over = prefix + "a".repeat(HeadScanner.MAX_REQUEST_LINE);
        assertRefused(over, 414, over.substring(0, HeadScanner.MAX_REQUEST_LINE), "64 KiB");
    }

    @Test
    @DisplayName("[HTTP-009] a header section over 16 KiB, or of more than 100 lines, gets 431")
    void headerSectionLimits() {
        String line = "GET / HTTP/1.1\r\n";
        String big = line + "X-Big: " + "b".repeat(HeadScanner.MAX_FIELD_SECTION) + "\r\n\r\n";
        HeadScanner s = scan(big);
        assertEquals(431, s.violation().status());
        String many = line + "X-A: b\r\n".repeat(HeadScanner.MAX_FIELDS) + "X-A: b\r\n\r\n";
        HeadScanner m = scan(many);
        assertEquals(431, m.violation().status());
        assertTrue(m.violation().reason().contains("100 header lines"), m.violation().reason());
        assertNotNull(scanWhole(line + "X-A: b\r\n".repeat(HeadScanner.MAX_FIELDS) + "\r\n"));
    }

    @Test
    @DisplayName("[HTTP-003] Content-Length is one decimal number; repeated, listed or signed it reads as invalid")
    void contentLength() {
        assertEquals(0, scanWhole("GET / HTTP/1.1\r\n\r\n").contentLength());
        assertEquals(12, scanWhole("GET / HTTP/1.1\r\nContent-Length:  12 \r\n\r\n").contentLength());
        for (String bad : List.of("Content-Length: 5, 5", "Content-Length: +5", "Content-Length: 5\r\nContent-Length: 5",
                "Content-Length: 1234567890123456789")) {
            assertEquals(-1, scanWhole("GET / HTTP/1.1\r\n" + bad + "\r\n\r\n").contentLength(), bad);
        }
    }

    private static void assertRefused(String head, int status, String passed, String reasonPart) {
        HeadScanner s = new HeadScanner();
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        int at = s.scan(ByteBuffer.wrap(bytes), 0, bytes.length);
        MalformedHead v = s.violation();
        assertNotNull(v, head);
        assertEquals(status, v.status(), v.reason());
        assertEquals(passed.length(), at, "the bytes a parser after it may see: " + v.reason());
        assertTrue(v.reason().contains(reasonPart), v.reason());
    }

    private static HeadScanner scan(String head) {
        HeadScanner s = new HeadScanner();
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        s.scan(ByteBuffer.wrap(bytes), 0, bytes.length);
        return s;
    }

    private static SseRequest scanWhole(String head) {
        HeadScanner s = scan(head);
        assertNull(s.violation(), () -> head + ": " + s.violation());
        assertTrue(s.complete(), head);
        return s.request();
    }
}
