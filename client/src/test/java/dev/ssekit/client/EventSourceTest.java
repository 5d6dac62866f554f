package dev.ssekit.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventSourceModel.ReadyState;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParserLimits;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The client against scripted servers on 127.0.0.1. Timing asserts are lower bounds, strict, and upper bounds,
 * loose: a slow machine may wait longer, never shorter.
 */
class EventSourceTest {

    private final List<ScriptServer> servers = new ArrayList<>();
    private final List<EventSource> sources = new ArrayList<>();
    private final Log log = new Log();

    @AfterEach
    void stop() throws IOException {
        sources.forEach(EventSource::close);
        for (ScriptServer s : servers) {
            s.close();
        }
    }

    private ScriptServer server(ScriptServer.Script... scripts) throws IOException {
        ScriptServer s = new ScriptServer(scripts);
        servers.add(s);
        return s;
    }

    /** Starts a logged EventSource at {@code url} with a 100 ms reconnection time, as {@code more} configures it. */
    private EventSource start(URI url, UnaryOperator<EventSource.Builder> more) {
        EventSource es = more.apply(log.attach(EventSource.builder(url).reconnectionTime(Duration.ofMillis(100)))).build();
        sources.add(es);
        return es.start();
    }

    private EventSource start(URI url) {
        return start(url, b -> b);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** A stream that sends {@code body} and then holds the connection open. */
    private static ScriptServer.Script streamAndHold(String body) {
        return (r, c) -> {
            c.sse().send(body);
            c.hold();
        };
    }

    @Test
    @DisplayName("[PROC-001,PROC-002,PROC-003,PROC-004,PROC-020,PROC-022,PARSE-025,PARSE-026] the request asks for an event stream; 200 text/event-stream opens; events carry type, data, id and origin")
    void opensAndDelivers() throws Exception {
        ScriptServer s = server(streamAndHold("id: 1\ndata: a\n\nevent: lol\ndata: b\ndata: c\n\n"));
        EventSource es = EventSource.builder(s.uri("/s")).build();
        sources.add(es);
        assertEquals(ReadyState.CONNECTING, es.readyState());
        assertEquals(0, es.readyState().value());
        EventSource started = start(s.uri("/s"));
        log.awaitCount("lol:", 1);
        assertEquals(ReadyState.OPEN, started.readyState());
        assertEquals(List.of("open", "message:a#1", "lol:b\nc#1"), log.flow());
        assertEquals("http://127.0.0.1:" + s.port(), log.events.get(0).origin());
        assertEquals(s.uri("/s"), log.opens.get(0).url());
        ScriptServer.Request r = s.awaitRequest(0, 5000);
        assertEquals("GET", r.method());
        assertEquals("/s", r.target());
        assertEquals("text/event-stream", r.header("Accept"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertNull(r.header("Last-Event-ID"));
        assertEquals("1", started.lastEventId());
    }

    @Test
    @DisplayName("[PROC-011,PROC-012,PROC-013,PROC-015,PROC-024,PARSE-019] the stream's end reconnects after retry, sending Last-Event-ID")
    void endReconnectsAfterRetry() throws Exception {
        ScriptServer s = server((r, c) -> {
            c.sse().send("retry: 600\nid: 7\ndata: a\n\n").close();
        }, streamAndHold("data: b\n\n"));
        start(s.uri("/"));
        log.awaitLine("message:b#");
        ScriptServer.Request second = s.awaitRequest(1, 5000);
        long waited = ms(second.arrivedNanos() - s.closedNanos(0));
        assertTrue(waited >= 600, "reconnected after " + waited + " ms, retry was 600");
        assertTrue(waited < 5000, "reconnected after " + waited + " ms");
        assertEquals("7", second.header("Last-Event-ID"));
        assertEquals(List.of("open", "message:a#7", "error:END_OF_STREAM in 600", "open", "message:b#"), log.flow());
        assertTrue(log.lines.contains("retry:600"));
    }

    @Test
    @DisplayName("[PARSE-019,PARSE-020,PROC-013,PROC-014] retry: 0400 sets 400 ms; an invalid retry is ignored and the initial time stays")
    void retryParsing() throws Exception {
        ScriptServer s = server((r, c) -> c.sse().send("retry: 1x\nretry: -5\nretry:\ndata: a\n\n").close(),
                (r, c) -> c.sse().send("retry: 0400\ndata: b\n\n").close(),
                streamAndHold("data: c\n\n"));
        start(s.uri("/"), b -> b.reconnectionTime(Duration.ofMillis(250)));
        log.awaitLine("message:c#");
        long first = ms(s.awaitRequest(1, 100).arrivedNanos() - s.closedNanos(0));
        long second = ms(s.awaitRequest(2, 100).arrivedNanos() - s.closedNanos(1));
        assertTrue(first >= 250, "the first wait was " + first + " ms, the initial 250 ms");
        assertTrue(second >= 400, "the second wait was " + second + " ms, retry 400");
        assertTrue(log.lines.contains("error:END_OF_STREAM in 250"), log.lines::toString);
        assertTrue(log.lines.contains("error:END_OF_STREAM in 400"), log.lines::toString);
    }

    @Test
    @DisplayName("[PROC-016,PARSE-017,PARSE-018,PARSE-022] an empty id clears Last-Event-ID; an id with NUL is ignored; an id-only block sets it")
    void lastEventIdRules() throws Exception {
        ScriptServer s = server((r, c) -> c.sse().send("id: 1\ndata: a\n\nid\ndata: b\n\n").close(),
                (r, c) -> c.sse().send("id: 5\n\nid: x\u0000y\ndata: c\n\n").close(),
                (r, c) -> c.sse().send("id: 9\ndata: d\n\nid: 10\ndata: partial").close(),
                streamAndHold(""));
        start(s.uri("/"));
        s.awaitRequest(3, 10_000);
        assertNull(s.awaitRequest(1, 100).header("Last-Event-ID"), "an empty id clears it");
        assertEquals("5", s.awaitRequest(2, 100).header("Last-Event-ID"), "id-only block sets it, NUL id ignored");
        assertEquals("9", s.awaitRequest(3, 100).header("Last-Event-ID"), "an undispatched block does not set it");
        assertTrue(log.lines.contains("message:c#5"), log.lines::toString);
    }

    @Test
    @DisplayName("[PROC-015,PROC-017] an initial Last-Event-ID is sent on the first request; the header value is the UTF-8 bytes")
    void initialAndUtf8LastEventId() throws Exception {
        ScriptServer s = server(streamAndHold(""));
        start(s.uri("/"), b -> b.lastEventId("abc-42"));
        assertEquals("abc-42", s.awaitRequest(0, 5000).header("Last-Event-ID"));

        EventSource es = EventSource.builder(s.uri("/")).lastEventId("é€😀").build();
        String value = es.request().headers().firstValue("Last-Event-ID").orElseThrow();
        // what the JDK writes: one byte per char (HPACK over HTTP/2 writes exactly these bytes)
        assertArrayEquals("é€😀".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    @DisplayName("[PROC-017] over HTTP/1.1 a non-ASCII Last-Event-ID reaches the server as its exact UTF-8 bytes, forced or negotiated")
    void http11NonAsciiLastEventIdIsUtf8() throws Exception {
        ScriptServer s = server(streamAndHold("data: a\n\n"));
        start(s.uri("/"), b -> b.lastEventId("é€😀").httpVersion(java.net.http.HttpClient.Version.HTTP_1_1));
        start(s.uri("/"), b -> b.lastEventId("é€😀"));
        byte[] utf8 = {(byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac, (byte) 0xf0, (byte) 0x9f,
                (byte) 0x98, (byte) 0x80};
        assertArrayEquals(utf8, s.awaitRequest(0, 5000).headerBytes("Last-Event-ID"));
        assertArrayEquals(utf8, s.awaitRequest(1, 5000).headerBytes("Last-Event-ID"));
        log.awaitCount("message:a#", 2);
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, log.opens.get(0).httpVersion());
    }

    @Test
    @DisplayName("[PROC-011,PROC-012,PROC-015,PROC-017,PROC-024] a non-ASCII id set by the stream goes out as UTF-8 on the reconnect; a chunked body is decoded across writes")
    void nonAsciiIdFromTheStreamOnTheReconnect() throws Exception {
        ScriptServer s = server((r, c) -> {
            c.head(200, "Content-Type: text/event-stream", "Transfer-Encoding: chunked");
            byte[] event = "id: ü1\ndata: a\n\n".getBytes(StandardCharsets.UTF_8);
            c.write(("5;ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1)).write(java.util.Arrays.copyOf(event, 5));
            c.pause(20).write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            c.write((Integer.toHexString(event.length - 5) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            c.trickle(java.util.Arrays.copyOfRange(event, 5, event.length));
            c.write("\r\n0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).close();
        }, (r, c) -> {
            byte[] body = "id: é2\ndata: b\n\ndata".getBytes(StandardCharsets.UTF_8);
            c.head(200, "Content-Type: text/event-stream", "Content-Length: " + body.length).write(body);
            c.hold();
        }, streamAndHold(""));
        start(s.uri("/"));
        ScriptServer.Request second = s.awaitRequest(1, 5000);
        assertArrayEquals("ü1".getBytes(StandardCharsets.UTF_8), second.headerBytes("Last-Event-ID"));
        // a Content-Length body ends after its bytes: the partial "data" block is dropped and the third request goes
        ScriptServer.Request third = s.awaitRequest(2, 5000);
        assertArrayEquals("é2".getBytes(StandardCharsets.UTF_8), third.headerBytes("Last-Event-ID"));
        assertEquals(List.of("open", "message:a#ü1", "error:END_OF_STREAM in 100", "open", "message:b#é2",
                "error:END_OF_STREAM in 100"), log.flow().subList(0, 6));
        assertEquals("text/event-stream", second.header("Accept"));
        assertEquals("no-cache", second.header("Cache-Control"));
    }

    @Test
    @DisplayName("[PROC-005,PROC-017,PROC-022] with a non-ASCII id a POST keeps its method, body and headers, a 307 is followed with Last-Event-ID, and 204 stops")
    void nonAsciiIdPostRedirectAndStop() throws Exception {
        ScriptServer target = server((r, c) -> c.head(204).close());
        ScriptServer s = server((r, c) -> c.head(307, "Location: " + target.uri("/next?q=1")).close());
        EventSource es = start(s.uri("/chat?x=y"), b -> b.lastEventId("ß").method("POST", "{\"q\":\"é\"}")
                .header("Content-Type", "application/json").header("X-Custom", "v"));
        log.awaitLine("error:HTTP_STATUS closed");
        assertEquals(ReadyState.CLOSED, es.readyState());
        for (ScriptServer.Request r : List.of(s.awaitRequest(0, 100), target.awaitRequest(0, 100))) {
            assertEquals("POST", r.method());
            assertEquals("{\"q\":\"é\"}", r.bodyText());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("v", r.header("X-Custom"));
            assertArrayEquals("ß".getBytes(StandardCharsets.UTF_8), r.headerBytes("Last-Event-ID"));
        }
        assertEquals("/chat?x=y", s.awaitRequest(0, 100).target());
        assertEquals("/next?q=1", target.awaitRequest(0, 100).target());
        assertEquals("127.0.0.1:" + target.port(), target.awaitRequest(0, 100).header("Host"));
        assertEquals(204, log.errors.get(0).status());
    }

    @Test
    @DisplayName("[PROC-009,PROC-017] with a non-ASCII id, no response head within the read timeout and a cut connection are network errors that reconnect")
    void nonAsciiIdTimeoutAndCut() throws Exception {
        ScriptServer s = server((r, c) -> c.hold(), (r, c) -> c.cutInHead(), streamAndHold("data: c\n\n"));
        start(s.uri("/"), b -> b.lastEventId("é").readTimeout(Duration.ofMillis(300)).backoff(Duration.ZERO, 0));
        log.awaitLine("message:c#");
        assertTrue(s.awaitClientClose(0, 5000), "the timed-out connection was closed");
        // the cut request was not repeated at once (as the JDK client repeats a GET): the error came first
        assertEquals(List.of("error:READ_TIMEOUT in 100", "error:NETWORK_ERROR in 100", "open", "message:c#"),
                log.flow().subList(0, 4));
    }

    @Test
    @DisplayName("[PROC-005,PROC-008,AUTH-003] 204 fails for good: CLOSED, one error with the status, no second request")
    void noContentStops() throws Exception {
        ScriptServer s = server((r, c) -> c.head(204).close());
        EventSource es = start(s.uri("/"));
        log.awaitLine("error:HTTP_STATUS closed");
        assertEquals(ReadyState.CLOSED, es.readyState());
        assertEquals(204, log.errors.get(0).status());
        Thread.sleep(500); // five reconnection times
        assertEquals(1, s.requests().size());
        assertEquals(List.of("error:HTTP_STATUS closed"), log.flow());
    }

    @Test
    @DisplayName("[PROC-005,PROC-008] 205, 3xx without Location, 4xx and 5xx fail for good, naming the status")
    void otherStatusesStop() throws Exception {
        for (int status : new int[] {205, 301, 304, 404, 500, 503}) {
            Log l = new Log();
            try (ScriptServer s = new ScriptServer((r, c) -> c.head(status, "Content-Type: text/event-stream").send("data: x\n\n").close())) {
                EventSource es = l.attach(EventSource.builder(s.uri("/")).reconnectionTime(Duration.ofMillis(50))).build().start();
                l.awaitLine("error:HTTP_STATUS closed");
                Thread.sleep(200);
                assertEquals(1, s.requests().size(), "status " + status + " was retried");
                assertEquals(status, l.errors.get(0).status());
                assertTrue(l.errors.get(0).message().contains(String.valueOf(status)), l.errors.get(0).message());
                assertEquals(ReadyState.CLOSED, es.readyState());
            }
        }
    }

    @Test
    @DisplayName("[PROC-006,PROC-007] a Content-Type other than text/event-stream fails for good; parameters, case and a bare ';' are accepted")
    void contentTypes() throws Exception {
        for (String type : new String[] {"text/plain", "text/event-stream-foobar", null, "text/event-streams"}) {
            Log l = new Log();
            try (ScriptServer s = new ScriptServer((r, c) -> {
                (type == null ? c.head(200) : c.head(200, "Content-Type: " + type)).send("data: x\n\n").close();
            })) {
                l.attach(EventSource.builder(s.uri("/")).reconnectionTime(Duration.ofMillis(50))).build().start();
                l.awaitLine("error:CONTENT_TYPE closed");
                Thread.sleep(150);
                assertEquals(1, s.requests().size(), type);
                assertEquals(type, l.errors.get(0).contentType());
            }
        }
        for (String type : new String[] {"text/event-stream;charset=x", "text/event-stream;", "Text/Event-Stream ; a=b"}) {
            Log l = new Log();
            try (ScriptServer s = new ScriptServer((r, c) -> {
                c.head(200, "Content-Type: " + type).send("data: x\n\n");
                c.hold();
            })) {
                EventSource es = l.attach(EventSource.builder(s.uri("/"))).build().start();
                l.awaitLine("message:x#");
                es.close();
            }
        }
    }

    @Test
    @DisplayName("[PROC-009,PROC-012] a reset mid-stream and a refused connection are network errors: the client reconnects")
    void networkErrorsReconnect() throws Exception {
        ScriptServer s = server((r, c) -> {
            c.sse().send("data: a\n\n").pause(50);
            c.reset();
        }, streamAndHold("data: b\n\n"));
        start(s.uri("/"));
        log.awaitLine("message:b#");
        assertEquals(ErrorEvent.Reason.NETWORK_ERROR, log.errors.get(0).reason());
        assertTrue(log.errors.get(0).willReconnect());

        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        Log l = new Log();
        EventSource es = l.attach(EventSource.builder(URI.create("http://127.0.0.1:" + closedPort + "/"))
                .reconnectionTime(Duration.ofMillis(50))).build();
        sources.add(es);
        es.start();
        l.awaitCount("error:NETWORK_ERROR", 2);
        assertEquals(ReadyState.CONNECTING, es.readyState());
        assertInstanceOf(IOException.class, l.errors.get(0).cause());
    }

    @Test
    @DisplayName("[PARSE-013,PROC-011] a partial event at a cut is discarded, and the next connection starts clean")
    void partialEventDiscarded() throws Exception {
        ScriptServer s = server((r, c) -> c.sse().send("data: a\n\nevent: x\ndata: partial").close(),
                streamAndHold("data: b\n\n"));
        start(s.uri("/"));
        log.awaitLine("message:b#");
        assertEquals(List.of("open", "message:a#", "error:END_OF_STREAM in 100", "open", "message:b#"), log.flow());
    }

    @Test
    @DisplayName("[PARSE-001,PARSE-002,PARSE-004] BOM only at the start, CR, LF and CRLF, multi-byte characters split one byte per write")
    void bytePerWrite() throws Exception {
        byte[] body = "\uFEFFdata: é€😀\r\rdata: b\n\n\uFEFFdata: c\r\n\r\ndata: d\r\ndata: e\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        ScriptServer s = server((r, c) -> {
            c.sse().trickle(body);
            c.hold();
        });
        start(s.uri("/"));
        log.awaitLine("message:d\ne#");
        assertEquals(List.of("open", "message:é€😀#", "message:b#", "message:d\ne#"), log.flow());
    }

    @Test
    @DisplayName("[PROC-022,PROC-015,PROC-028] 301, 302, 303, 307 and 308 are followed; events carry the final origin; the reconnect goes to the URL redirected to, with Last-Event-ID")
    void redirectsFollowed() throws Exception {
        for (int status : new int[] {301, 302, 303, 307, 308}) {
            Log l = new Log();
            try (ScriptServer target = new ScriptServer((r, c) -> c.sse().send("id: " + r.n() + "\ndata: x\n\n").close());
                    ScriptServer s = new ScriptServer((r, c) -> c.head(status, "Location: " + target.uri("/final")).close())) {
                EventSource es = l.attach(EventSource.builder(s.uri("/start")).reconnectionTime(Duration.ofMillis(50))).build().start();
                l.awaitCount("message:", 2);
                es.close();
                assertEquals("http://127.0.0.1:" + target.port(), l.events.get(0).origin(), "status " + status);
                assertEquals("/final", target.awaitRequest(0, 1000).target());
                // fetch's request keeps the URL a redirect led to (its URL list): the reconnect goes there
                assertEquals("/final", target.awaitRequest(1, 1000).target(), "status " + status);
                assertEquals("0", target.awaitRequest(1, 1000).header("Last-Event-ID"), "status " + status);
                assertEquals(1, s.requests().size(), "status " + status + ": the reconnect went back to the start");
            }
        }
    }

    @Test
    @DisplayName("[PROC-011,PROC-022] a POST body is sent on every attempt; 307 keeps POST and its body; 303 and 302 turn it into a GET without one")
    void postBodies() throws Exception {
        ScriptServer s = server((r, c) -> c.sse().send("data: a\n\n").close(), streamAndHold("data: b\n\n"));
        start(s.uri("/chat"), b -> b.method("POST", "{\"q\":1}").header("Content-Type", "application/json"));
        log.awaitLine("message:b#");
        for (int i = 0; i < 2; i++) {
            ScriptServer.Request r = s.awaitRequest(i, 100);
            assertEquals("POST", r.method());
            assertEquals("{\"q\":1}", r.bodyText());
            assertEquals("application/json", r.header("Content-Type"));
        }
        for (int status : new int[] {307, 303, 302}) {
            try (ScriptServer target = new ScriptServer(streamAndHold("data: x\n\n"));
                    ScriptServer from = new ScriptServer((r, c) -> c.head(status, "Location: " + target.uri("/t")).close())) {
                Log l = new Log();
                EventSource es = l.attach(EventSource.builder(from.uri("/")).method("POST", "body")
                        .header("Content-Type", "text/plain")).build().start();
                l.awaitLine("message:x#");
                es.close();
                ScriptServer.Request r = target.awaitRequest(0, 100);
                boolean kept = status == 307;
                assertEquals(kept ? "POST" : "GET", r.method(), "status " + status);
                assertEquals(kept ? "body" : "", r.bodyText(), "status " + status);
                assertEquals(kept ? "text/plain" : null, r.header("Content-Type"), "status " + status);
            }
        }
    }

    @Test
    @DisplayName("[PROC-008,PROC-009] more redirects than maxRedirects fail for good, naming the limit; maxRedirects(0) follows none")
    void redirectLimit() throws Exception {
        ScriptServer s = server((r, c) -> c.head(302, "Location: /hop" + (r.n() + 1)).close());
        EventSource es = start(s.uri("/hop0"), b -> b.maxRedirects(3));
        log.awaitLine("error:TOO_MANY_REDIRECTS closed");
        Thread.sleep(300);
        assertEquals(4, s.requests().size(), "the first request and three redirects");
        assertEquals("/hop3", s.requests().get(3).target());
        assertTrue(log.errors.get(0).message().contains("3 redirects"), log.errors.get(0).message());
        assertEquals(ReadyState.CLOSED, es.readyState());

        Log l = new Log();
        l.attach(EventSource.builder(s.uri("/x")).maxRedirects(0)).build().start().readyState();
        l.awaitLine("error:TOO_MANY_REDIRECTS closed");
    }

    @Test
    @DisplayName("[PROC-023,PROC-013] failed attempts in a row back off, never below the reconnection time; an open resets the backoff")
    void backoffOnRepeatedFailures() throws Exception {
        ScriptServer s = server((r, c) -> c.cutInHead(), (r, c) -> c.cutInHead(), (r, c) -> c.cutInHead(),
                (r, c) -> c.sse().send("data: up\n\n").close(), (r, c) -> c.cutInHead(), streamAndHold(""));
        start(s.uri("/"), b -> b.reconnectionTime(Duration.ofMillis(100)).backoff(Duration.ofMillis(1500), 0.5));
        s.awaitRequest(5, 15_000);
        long[] waits = new long[5];
        for (int i = 0; i < 5; i++) {
            waits[i] = ms(s.awaitRequest(i + 1, 100).arrivedNanos() - s.closedNanos(i));
        }
        List<Long> delays = log.errors.stream().map(e -> e.reconnectDelay().toMillis()).toList();
        assertEquals(100, delays.get(0), "the first failure waits the reconnection time: " + delays);
        // the second and third: min(1500, 1 s * 2^(k-1)) = 1500, less up to half of its growth over 100 ms
        assertTrue(delays.get(1) >= 800 && delays.get(1) <= 1500, "the second failure: " + delays);
        assertTrue(delays.get(2) >= 800 && delays.get(2) <= 1500, "the third failure: " + delays);
        assertEquals(100, delays.get(3), "after an open, the reconnection time again: " + delays);
        assertEquals(100, delays.get(4), "a failure after an open is a first failure: " + delays);
        for (int i = 0; i < 5; i++) {
            assertTrue(waits[i] >= delays.get(i), "wait " + i + " was " + waits[i] + " ms, announced " + delays.get(i));
        }
    }

    @Test
    @DisplayName("[PROC-009,PROC-013] a read timeout drops a silent stream and reconnects; comments keep a stream alive")
    void readTimeout() throws Exception {
        ScriptServer s = server((r, c) -> {
            c.sse().send(": hi\n\n").pause(150).send(": hi\n\n").pause(150).send("data: a\n\n");
            c.hold();
        }, streamAndHold("data: b\n\n"));
        start(s.uri("/"), b -> b.readTimeout(Duration.ofMillis(400)));
        log.awaitLine("message:b#");
        assertTrue(s.awaitClientClose(0, 5000), "the silent connection was closed");
        assertEquals(List.of("open", "message:a#", "error:READ_TIMEOUT in 100", "open", "message:b#"), log.flow());
    }

    @Test
    @DisplayName("[KIT-005,PROC-008] a stream past a parser limit fails for good; the error names the limit")
    void limitExceeded() throws Exception {
        ScriptServer s = server(streamAndHold("data: ok\n\ndata: " + "x".repeat(100) + "\n\n"));
        EventSource es = start(s.uri("/"), b -> b.limits(ParserLimits.of(32, 64)));
        log.awaitLine("error:LIMIT_EXCEEDED closed");
        assertTrue(s.awaitClientClose(0, 5000), "the connection was closed");
        LimitExceededException e = assertInstanceOf(LimitExceededException.class, log.errors.get(0).cause());
        assertEquals("maxLineLength", e.limit());
        assertTrue(log.errors.get(0).message().contains("maxLineLength=32"), log.errors.get(0).message());
        assertEquals(ReadyState.CLOSED, es.readyState());
        assertEquals(1, s.requests().size());
    }

    @Test
    @DisplayName("[PROC-018,PROC-019] close() inside onError stops everything: CLOSED, no reconnect, no more callbacks")
    void closeInsideOnError() throws Exception {
        ScriptServer s = server((r, c) -> c.sse().send("data: a\n\n").close());
        EventSource[] self = new EventSource[1];
        List<String> after = new ArrayList<>();
        EventSource es = log.attach(EventSource.builder(s.uri("/")).reconnectionTime(Duration.ofMillis(50)))
                .onError(e -> {
                    self[0].close();
                    after.add(self[0].readyState().name());
                })
                .onError(e -> after.add("second onError listener ran"))
                .build();
        self[0] = es;
        sources.add(es);
        es.start();
        log.awaitLine("error:END_OF_STREAM in 50");
        Thread.sleep(400);
        assertEquals(1, s.requests().size(), "no reconnect after close()");
        assertEquals(List.of("CLOSED"), after);
        assertEquals(ReadyState.CLOSED, es.readyState());
    }

    @Test
    @DisplayName("[PROC-018,PROC-019] close() from another thread closes the connection and no callback runs after it returns")
    void closeFromAnotherThread() throws Exception {
        ScriptServer s = server((r, c) -> {
            c.sse();
            try {
                for (int i = 0; i < 20_000; i++) {
                    c.send("data: " + i + "\n\n").pause(1);
                }
            } catch (IOException e) {
                c.clientGone();
            }
        });
        EventSource es = start(s.uri("/"));
        log.awaitCount("message:", 20);
        es.close();
        int seen = log.lines.size();
        assertTrue(s.awaitClientClose(0, 5000), "the server's writes fail: the connection is closed");
        Thread.sleep(300);
        assertEquals(seen, log.lines.size(), "callbacks after close() returned");
        assertEquals(ReadyState.CLOSED, es.readyState());
    }

    @Test
    @DisplayName("[PROC-019] callbacks run on the given executor, one at a time, in stream order")
    void callbacksOnExecutor() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "caller-pool");
            t.setDaemon(true);
            return t;
        });
        try {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                body.append("data: ").append(i).append("\n\n");
            }
            ScriptServer s = server(streamAndHold(body.toString()));
            java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
            start(s.uri("/"), b -> b.executor(pool).onEvent(e -> {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                Thread.onSpinWait();
                inside.decrementAndGet();
            }));
            log.awaitLine("message:199#");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("message:" + i + "#");
            }
            assertEquals(expected, log.flow().subList(1, 201));
            assertEquals(0, overlaps.get());
            assertTrue(log.threads.stream().allMatch("caller-pool"::equals), log.threads::toString);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("[PROC-021] a URL that is not absolute http(s) is refused at once; start() twice is an error")
    void badUrlAndDoubleStart() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> EventSource.builder("not a url"));
        assertThrows(IllegalArgumentException.class, () -> EventSource.builder(URI.create("ftp://host/x")));
        assertThrows(IllegalArgumentException.class, () -> EventSource.builder(URI.create("/relative")));
        assertThrows(IllegalArgumentException.class, () -> EventSource.builder("http://h/").header("Last-Event-ID", "1"));
        assertThrows(IllegalArgumentException.class, () -> EventSource.builder("http://h/").header("Host", "x"));
        ScriptServer s = server(streamAndHold(""));
        EventSource es = start(s.uri("/"));
        assertThrows(IllegalStateException.class, es::start);
        es.close();
        assertFalse(es.readyState() != ReadyState.CLOSED);
    }

    @Test
    @DisplayName("[PROC-009] known JDK behaviour, pinned: a GET whose connection closes before any response byte is sent twice at once, one error")
    void jdkRetriesAnEmptyClose() throws Exception {
        ScriptServer s = server((r, c) -> c.close(), (r, c) -> c.close(), streamAndHold("data: b\n\n"));
        start(s.uri("/"), b -> b.reconnectionTime(Duration.ofMillis(300)));
        log.awaitLine("message:b#");
        // if a JDK stops repeating the request, this fails: drop the paragraph from EventSource's Javadoc
        assertEquals(3, s.requests().size());
        long repeat = ms(s.awaitRequest(1, 100).arrivedNanos() - s.closedNanos(0));
        long reconnect = ms(s.awaitRequest(2, 100).arrivedNanos() - s.closedNanos(1));
        assertTrue(repeat < 300, "the JDK's repeat came after " + repeat + " ms");
        assertTrue(reconnect >= 300, "the reconnect came after " + reconnect + " ms");
        assertEquals(List.of("error:NETWORK_ERROR in 300", "open", "message:b#"), log.flow());
    }
}
