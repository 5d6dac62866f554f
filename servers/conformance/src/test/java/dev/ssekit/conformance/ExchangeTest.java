package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.ExpectedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExchangeTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[AUTH-001] chunked framing is undone byte for byte, with chunks split mid-size and mid-character")
    void chunkedBodyIsExact() throws Exception {
        String body = "retry: 5\n\nid: 1\ndata: 中\n\n";
        byte[] bytes = b(body);
        String chunk1 = Integer.toHexString(20) + "\r\n";
        // a size line split in two, an extension, a multi-byte character cut by the chunk boundary, a trailer
        try (RawServer server = RawServer.canned(true, b(HEAD), b(chunk1.substring(0, 1)), b(chunk1.substring(1)),
                java.util.Arrays.copyOfRange(bytes, 0, 20), b("\r\n" + Integer.toHexString(bytes.length - 20) + ";x=y\r\n"),
                java.util.Arrays.copyOfRange(bytes, 20, bytes.length), b("\r\n0\r\nX-Trailer: 1\r\n\r\n"))) {
            StreamCapture c = Exchange.run(server.target(), HttpRequest.get("/api/sse"), 5_000);
            assertEquals(StreamCapture.End.COMPLETE, c.end, c::summary);
            assertEquals(body, c.bodyText());
            assertEquals(List.of(new ExpectedEvent("message", "中", "1")), c.eventList());
            assertTrue(c.opensWithRetry());
            assertEquals(-1, c.firstInvalidUtf8());
        }
    }

    @Test
    @DisplayName("[API-013] a response that never ends is given up at the deadline instead of hanging the suite")
    void neverEndingStreamTimesOut() throws Exception {
        try (RawServer server = RawServer.canned(false, b(HEAD), b("b\r\ndata: a\n\n\n\r\n"))) {
            StreamCapture c = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> Exchange.run(server.target(), HttpRequest.get("/api/sse"), 300));
            assertEquals(StreamCapture.End.TIMEOUT, c.end, c::summary);
            assertEquals(List.of(new ExpectedEvent("message", "a", "")), c.eventList());
            assertTrue(!c.closedByServer());
        }
    }

    @Test
    @DisplayName("[API-018] a connection closed inside a chunked body counts as cut by the server, not as a complete response")
    void cutInsideChunkedBody() throws Exception {
        try (RawServer server = RawServer.canned(true, b(HEAD), b("b\r\ndata: a\n\n\n\r\n"))) {
            StreamCapture c = Exchange.run(server.target(), HttpRequest.get("/api/sse"), 5_000);
            assertEquals(StreamCapture.End.CUT, c.end, c::summary);
            assertTrue(c.closedByServer());
            assertEquals(1, c.events.size());
        }
    }

    @Test
    @DisplayName("[PARSE-030] invalid UTF-8 in the body is found at its byte offset")
    void invalidUtf8Located() throws Exception {
        byte[] body = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xC3, '(', '\n', '\n'};
        try (RawServer server = RawServer.canned(true,
                b("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n"), body)) {
            StreamCapture c = Exchange.run(server.target(), HttpRequest.get("/api/sse"), 5_000);
            assertEquals(StreamCapture.End.COMPLETE, c.end, c::summary);
            assertEquals(6, c.firstInvalidUtf8());
            assertEquals("\ufffd(", c.events.get(0).value().data());
        }
    }

    @Test
    @DisplayName("[API-014] a 204 has no body and ends at once, even on a kept-alive connection")
    void noContentEndsAtOnce() throws Exception {
        try (RawServer server = RawServer.canned(false, b("HTTP/1.1 204 No Content\r\n\r\n"))) {
            StreamCapture c = Exchange.run(server.target(), HttpRequest.get("/api/sse"), 5_000);
            assertEquals(204, c.status);
            assertEquals(StreamCapture.End.COMPLETE, c.end, c::summary);
        }
    }
}
