package dev.ssekit.conformance.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

    /** Records what the decoder reports, as text: interim and final statuses, bodies, completions. */
    private static final class Log implements ResponseDecoder.Listener {
        final List<Integer> interim = new ArrayList<>();
        final List<ResponseHead> heads = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int completed;

        @Override
        public void onInterim(ResponseHead head) {
            interim.add(head.status());
        }

        @Override
        public void onHead(ResponseHead head) {
            heads.add(head);
        }

        @Override
        public void onBody(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void onComplete(ResponseHead head) {
            completed++;
            bodies.add(body.toString(StandardCharsets.ISO_8859_1));
            body.reset();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds everything, in pieces of {@code step} bytes, re-feeding what a completed response left over. */
    private static void feed(ResponseDecoder d, byte[] all, int step) {
        for (int off = 0; off < all.length; off += step) {
            int len = Math.min(step, all.length - off);
            int done = 0;
            while (done < len) {
                done += d.feed(all, off + done, len - done);
            }
        }
    }

    @Test
    @DisplayName("[API-031] several responses in a row on one connection: Content-Length, chunked with a trailer, 204, whole and byte by byte")
    void pipelinedResponses() {
        String wire = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        for (int step : new int[] {wire.length(), 1, 7}) {
            Log log = new Log();
            ResponseDecoder d = new ResponseDecoder(log);
            feed(d, b(wire), step);
            assertEquals(List.of("hello", "abcde", "", ""), log.bodies, "step " + step);
            assertEquals(4, d.completed());
            assertEquals(ResponseDecoder.State.HEAD, d.state());
            assertEquals(ResponseDecoder.AtEnd.IDLE, d.endOfInput());
            assertEquals(wire.length(), d.consumed());
        }
    }

    @Test
    @DisplayName("[API-031] feed stops after the last byte of a completed response and says how much it took")
    void feedStopsAtResponseEnd() {
        ResponseDecoder d = new ResponseDecoder(new Log());
        byte[] wire = b("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 x\r\nContent-Length: 0\r\n\r\n");
        int first = d.feed(wire, 0, wire.length);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".length(), first);
        assertEquals(1, d.completed());
        d.feed(wire, first, wire.length - first);
        assertEquals(404, d.head().status());
        assertEquals(2, d.completed());
    }

    @Test
    @DisplayName("[HTTP-006] interim 1xx responses are reported and skipped; the final response follows")
    void interimResponses() {
        Log log = new Log();
        ResponseDecoder d = new ResponseDecoder(log);
        feed(d, b("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n42"), 3);
        assertEquals(List.of(100, 103), log.interim);
        assertEquals(1, log.heads.size());
        assertEquals(202, log.heads.get(0).status());
        assertEquals(List.of("42"), log.bodies);
    }

    @Test
    @DisplayName("[HTTP-007] the answer to HEAD has no body whatever its Content-Length; the bytes after it start the next response")
    void headHasNoBody() {
        Log log = new Log();
        ResponseDecoder d = new ResponseDecoder(log);
        d.expect("HEAD");
        d.expect("GET");
        feed(d, b("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"), 64);
        assertEquals(List.of("", "abc"), log.bodies);
        assertEquals("text/plain", log.heads.get(0).header("content-type"));
    }

    @Test
    @DisplayName("[HTTP-007] content after the answer to HEAD is found as malformed bytes, not taken as a body")
    void contentAfterHeadIsMalformed() {
        ResponseDecoder d = new ResponseDecoder(new Log());
        d.expect("HEAD");
        byte[] wire = b("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> feed(d, wire, wire.length));
        assertTrue(e.getMessage().contains("hello"), e.getMessage());
        assertEquals(wire.length - 5, e.offset(), "the stray bytes start right after the head");
        assertEquals(1, d.completed());
        assertEquals(ResponseDecoder.State.FAILED, d.state());
    }

    @Test
    @DisplayName("[HTTP-008] a body without length or chunks ends with the connection; a 304 has none")
    void closeDelimited() {
        Log log = new Log();
        ResponseDecoder d = new ResponseDecoder(log);
        feed(d, b("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\nHTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\n"), 5);
        assertEquals(ResponseDecoder.Framing.CLOSE, d.framing());
        assertEquals(1, d.completed());
        assertEquals(ResponseDecoder.AtEnd.COMPLETED, d.endOfInput());
        assertEquals(List.of("", "data: a\n\n"), log.bodies);
        assertEquals(ResponseDecoder.State.CLOSED, d.state());
    }

    @Test
    @DisplayName("[API-031] a response cut inside its head or body is told apart from one that ended")
    void cutResponses() {
        ResponseDecoder inHead = new ResponseDecoder(new Log());
        feed(inHead, b("HTTP/1.1 200 OK\r\nContent-"), 4);
        assertEquals(ResponseDecoder.AtEnd.CUT_IN_HEAD, inHead.endOfInput());
        ResponseDecoder inBody = new ResponseDecoder(new Log());
        feed(inBody, b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"), 4);
        assertEquals(ResponseDecoder.AtEnd.CUT_IN_BODY, inBody.endOfInput());
        assertEquals(2, inBody.bodyBytes());
    }

    @Test
    @DisplayName("[API-031] broken framing is an error that names the problem: status line, chunk size, Content-Length, head size")
    void malformed() {
        assertEquals(MalformedResponseException.Kind.FRAMING,
                assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size").kind());
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!", "differ");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length");
        assertEquals(MalformedResponseException.Kind.STATUS_LINE, assertMalformed("HTTP/1.1 2000 OK\r\n\r\n", "status line").kind());
        assertEquals(MalformedResponseException.Kind.NOT_HTTP,
                assertMalformed("{\"activeStreams\":0}", "not an HTTP/1.x response").kind());
        assertEquals(MalformedResponseException.Kind.NOT_HTTP, assertMalformed("{}", "not an HTTP/1.x response").kind());
        assertMalformed("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "colon");
        ResponseDecoder small = new ResponseDecoder(new Log(), 100);
        MalformedResponseException e = assertThrows(MalformedResponseException.class,
                () -> feed(small, b("HTTP/1.1 200 OK\r\nX: " + "a".repeat(200) + "\r\n\r\n"), 10));
        assertTrue(e.getMessage().contains("larger than 100"), e.getMessage());
        assertThrows(MalformedResponseException.class, () -> small.feed(new byte[1], 0, 1), "stays failed");
    }

    private static MalformedResponseException assertMalformed(String wire, String mentions) {
        ResponseDecoder d = new ResponseDecoder(new Log());
        MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> feed(d, b(wire), 3), wire);
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
        return e;
    }

    @Test
    @DisplayName("[API-001] header fields keep their order and case; values are trimmed; folded lines join the previous value")
    void headerFields() {
        Log log = new Log();
        ResponseDecoder d = new ResponseDecoder(log);
        feed(d, b("HTTP/1.1 200 OK\r\nX-A:  one \r\nx-a: two\r\nX-Fold: a\r\n  b\r\nContent-Length: 0\r\n\r\n"), 100);
        ResponseHead h = log.heads.get(0);
        assertEquals("one, two", h.header("X-A"));
        assertEquals("a b", h.header("x-fold"));
        assertNull(h.header("Date"));
        assertEquals("HTTP/1.1 200 OK", h.statusLine());
        assertEquals(List.of("x-a", "x-fold", "content-length"), h.names());
    }
}
