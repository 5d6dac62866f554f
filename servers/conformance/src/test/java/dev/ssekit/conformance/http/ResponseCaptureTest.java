package dev.ssekit.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResponseCaptureTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @DisplayName("[HTTP-006,HTTP-007] a captured exchange: interim, a HEAD answer without body, a sized, a chunked and a close-delimited body")
    void pipelinedResponses() {
        ResponseCapture c = ResponseCapture.decode(b("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}"
                + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\n\r\ndata: x\n\n"), true, List.of("POST", "HEAD", "GET"));
        assertEquals(List.of(100, 202, 200, 200, 200), c.statuses());
        List<ResponseCapture.Response> r = c.responses();
        assertEquals(4, r.size());
        assertEquals(List.of(100), r.get(0).interim().stream().map(ResponseHead::status).toList());
        assertEquals("{}", r.get(0).text());
        assertEquals("", r.get(1).text(), "the answer to HEAD has no body, whatever its Content-Length");
        assertEquals("abcde", r.get(2).text());
        assertEquals("data: x\n\n", r.get(3).text());
        assertTrue(r.stream().allMatch(ResponseCapture.Response::complete));
        assertNull(c.failure());
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n".length(), c.heads().get(0).size());
    }

    @Test
    @DisplayName("[API-018] a body cut by the close is incomplete; bytes that are not HTTP stop the decoding, keeping what came before")
    void cutAndMalformed() {
        ResponseCapture cut = ResponseCapture.decode(b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"), true,
                List.of());
        assertEquals(1, cut.responses().size());
        assertFalse(cut.responses().get(0).complete());
        assertEquals("ab", cut.responses().get(0).text());

        ResponseCapture open = ResponseCapture.decode(b("HTTP/1.1 200 OK\r\n\r\ndata"), false, List.of());
        assertFalse(open.responses().get(0).complete(), "a close-delimited body is not over while the connection is open");

        ResponseCapture bad = ResponseCapture.decode(b("HTTP/1.1 400 Bad Request\r\nContent-Length: 3\r\n\r\nbad<EOF>"), true,
                List.of());
        assertEquals(List.of(400), bad.statuses());
        assertEquals("bad", bad.responses().get(0).text());
        assertNotNull(bad.failure());
    }
}
