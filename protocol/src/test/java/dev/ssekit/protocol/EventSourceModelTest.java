package dev.ssekit.protocol;

import static dev.ssekit.protocol.Recorder.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventSourceModel.Next;
import dev.ssekit.protocol.EventSourceModel.ReadyState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The EventSource processing model, driven step by step as a client would drive it. */
class EventSourceModelTest {

    private static final String SSE = "text/event-stream";

    /** Logs what the EventSource fires, with readyState at that moment. */
    static final class Log implements EventSourceModel.Listener {
        final List<String> fired = new ArrayList<>();
        EventSourceModel model;

        @Override
        public void onMessage(ParsedEvent event) {
            fired.add(event.type() + ":" + event.data() + "#" + event.lastEventId());
        }

        @Override
        public void onOpen() {
            fired.add("open@" + model.readyState());
        }

        @Override
        public void onError() {
            fired.add("error@" + model.readyState());
        }
    }

    private final Log log = new Log();

    private EventSourceModel model() {
        EventSourceModel m = new EventSourceModel(log);
        log.model = m;
        return m;
    }

    private EventSourceModel crossOrigin(boolean withCredentials) {
        EventSourceModel m = new EventSourceModel(withCredentials, "https://page.example", log);
        log.model = m;
        return m;
    }

    @Test
    @DisplayName("[PROC-001,PROC-020] a new EventSource is CONNECTING; readyState values are 0, 1 and 2")
    void startsConnecting() {
        assertEquals(ReadyState.CONNECTING, model().readyState());
        assertEquals(0, ReadyState.CONNECTING.value());
        assertEquals(1, ReadyState.OPEN.value());
        assertEquals(2, ReadyState.CLOSED.value());
    }

    @Test
    @DisplayName("[PROC-002,PROC-016] the first request asks for text/event-stream, is not cached, and has no Last-Event-ID")
    void firstRequestHeaders() {
        EventSourceModel m = model();
        assertEquals(Map.of("Accept", "text/event-stream", "Cache-Control", "no-cache", "Pragma", "no-cache"),
                m.requestHeaders());
        assertNull(m.lastEventIdHeaderValue());
    }

    @Test
    @DisplayName("[PROC-003,PROC-004] a 200 text/event-stream response announces the connection: OPEN, then open")
    void announces() {
        EventSourceModel m = model();
        assertEquals(Next.READ_BODY, m.onResponse(200, SSE, Map.of()));
        assertEquals(ReadyState.OPEN, m.readyState());
        assertEquals(List.of("open@OPEN"), log.fired);
        m.onBody(utf8("data: hi\n\n"));
        assertEquals(List.of("open@OPEN", "message:hi#"), log.fired);
    }

    @Test
    @DisplayName("[PROC-005,PROC-008] any status but 200 fails the connection, 204 included: CLOSED, error, no reconnect")
    void non200Fails() {
        for (int status : new int[] {204, 201, 301, 304, 400, 404, 500, 503}) {
            Log l = new Log();
            EventSourceModel m = new EventSourceModel(l);
            l.model = m;
            assertEquals(Next.STOP, m.onResponse(status, SSE, Map.of()), "status " + status);
            assertEquals(ReadyState.CLOSED, m.readyState());
            assertEquals(List.of("error@CLOSED"), l.fired);
            assertFalse(m.reconnect(), "never reconnects");
            assertEquals(Next.STOP, m.onNetworkError(false));
            assertEquals(List.of("error@CLOSED"), l.fired, "one error event only");
        }
    }

    @Test
    @DisplayName("[PROC-006,PROC-008] a Content-Type other than text/event-stream fails the connection")
    void wrongContentTypeFails() {
        for (String type : new String[] {null, "", "text/plain", "text/event-streams", "text/event", "application/json",
            "text /event-stream", "text/event-stream,text/html", "text/event-\u017Ftream"}) {
            Log l = new Log();
            EventSourceModel m = new EventSourceModel(l);
            l.model = m;
            assertEquals(Next.STOP, m.onResponse(200, type, Map.of()), String.valueOf(type));
            assertEquals(ReadyState.CLOSED, m.readyState());
            assertEquals(List.of("error@CLOSED"), l.fired);
        }
    }

    @Test
    @DisplayName("[PROC-007] Content-Type parameters, case and surrounding whitespace are ignored when matching")
    void contentTypeParametersIgnored() {
        for (String type : new String[] {"text/event-stream; charset=utf-8", "TEXT/Event-Stream", " text/event-stream ",
            "text/event-stream;foo=bar;baz", "text/event-stream\t;charset=x"}) {
            EventSourceModel m = new EventSourceModel(e -> { });
            assertEquals(Next.READ_BODY, m.onResponse(200, type, Map.of()), type);
        }
    }

    @Test
    @DisplayName("[PROC-009,PROC-012,PROC-013] a network error reestablishes: CONNECTING, error, then wait the reconnection time")
    void networkErrorReestablishes() {
        EventSourceModel m = model();
        assertEquals(Next.RECONNECT, m.onNetworkError(false));
        assertEquals(ReadyState.CONNECTING, m.readyState());
        assertEquals(List.of("error@CONNECTING"), log.fired);
        assertEquals(EventSourceModel.DEFAULT_RECONNECTION_TIME, m.reconnectionTime());
        assertThrows(IllegalStateException.class, () -> m.onResponse(200, SSE, Map.of()), "no request is out while waiting");
        assertTrue(m.reconnect());
        assertEquals(Next.READ_BODY, m.onResponse(200, SSE, Map.of()));
    }

    @Test
    @DisplayName("[PROC-010,PROC-008] an aborted fetch fails the connection")
    void abortedFails() {
        EventSourceModel m = model();
        assertEquals(Next.STOP, m.onNetworkError(true));
        assertEquals(ReadyState.CLOSED, m.readyState());
        assertEquals(List.of("error@CLOSED"), log.fired);
        assertFalse(m.reconnect());
    }

    @Test
    @DisplayName("[PROC-011,PROC-012] the end of an announced stream reestablishes the connection; an incomplete event is dropped")
    void endOfBodyReestablishes() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("data: a\n\ndata: partial\n"));
        assertEquals(Next.RECONNECT, m.onEndOfBody());
        assertEquals(ReadyState.CONNECTING, m.readyState());
        assertEquals(List.of("open@OPEN", "message:a#", "error@CONNECTING"), log.fired);
        assertTrue(m.reconnect());
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("\n"));
        assertEquals(List.of("open@OPEN", "message:a#", "error@CONNECTING", "open@OPEN"), log.fired,
                "the next connection starts with empty buffers");
    }

    @Test
    @DisplayName("[PROC-009] a network error while reading the body reestablishes the connection")
    void networkErrorMidBodyReestablishes() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        assertEquals(Next.RECONNECT, m.onNetworkError(false));
        assertEquals(ReadyState.CONNECTING, m.readyState());
    }

    @Test
    @DisplayName("[PROC-013,PROC-014,PARSE-019] the reconnection time starts at a few seconds and follows retry across connections")
    void reconnectionTimeFollowsRetry() {
        EventSourceModel m = model();
        assertEquals(3000, m.reconnectionTime());
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("retry: 1500\n"));
        assertEquals(1500, m.reconnectionTime());
        m.onBody(utf8("retry: x\n"));
        assertEquals(1500, m.reconnectionTime());
        assertEquals(Next.RECONNECT, m.onEndOfBody());
        assertEquals(1500, m.reconnectionTime());
        assertEquals(250, new EventSourceModel(false, null, 250, ParserLimits.defaults(), e -> { }).reconnectionTime());
    }

    @Test
    @DisplayName("[PROC-015,PROC-017,PROC-024] the reconnect sends Last-Event-ID: the last event ID string, in UTF-8")
    void reconnectSendsLastEventId() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("id: é7😀\ndata: a\n\n"));
        assertEquals("é7😀", m.lastEventId());
        m.onEndOfBody();
        assertTrue(m.reconnect());
        assertEquals("é7😀", m.requestHeaders().get("Last-Event-ID"));
        assertArrayEquals(utf8("é7😀"), m.lastEventIdHeaderValue());
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("data: b\n\n"));
        assertEquals(List.of("open@OPEN", "message:a#é7😀", "error@CONNECTING", "open@OPEN", "message:b#"), log.fired,
                "PARSE-005: the new connection's id buffer starts empty");
    }

    @Test
    @DisplayName("[PROC-015,PARSE-022] an id dispatched without data still counts for Last-Event-ID")
    void idWithoutDataCounts() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("id: 9\n\n"));
        m.onEndOfBody();
        m.reconnect();
        assertEquals("9", m.requestHeaders().get("Last-Event-ID"));
    }

    @Test
    @DisplayName("[PROC-016,PROC-024] after an empty id resets it, the reconnect omits Last-Event-ID")
    void emptyIdOmitsHeader() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("id: 3\ndata: a\n\nid\ndata: b\n\n"));
        m.onEndOfBody();
        m.reconnect();
        assertFalse(m.requestHeaders().containsKey("Last-Event-ID"));
        assertNull(m.lastEventIdHeaderValue());
    }

    @Test
    @DisplayName("[PROC-018] close() sets CLOSED without an error event, and stops everything")
    void closeStops() {
        EventSourceModel m = model();
        m.onResponse(200, SSE, Map.of());
        m.close();
        assertEquals(ReadyState.CLOSED, m.readyState());
        assertEquals(List.of("open@OPEN"), log.fired);
        assertEquals(Next.STOP, m.onEndOfBody());
        assertEquals(Next.STOP, m.onNetworkError(false));
        assertFalse(m.reconnect());
    }

    @Test
    @DisplayName("[PROC-018,PROC-013] close() during the reconnection wait cancels the reconnect")
    void closeWhileWaiting() {
        EventSourceModel m = model();
        m.onNetworkError(false);
        m.close();
        assertFalse(m.reconnect());
        assertEquals(ReadyState.CLOSED, m.readyState());
    }

    @Test
    @DisplayName("[PROC-019] no event is dispatched after close(), even from the rest of the same chunk")
    void noEventsAfterClose() {
        List<String> got = new ArrayList<>();
        EventSourceModel[] m = new EventSourceModel[1];
        m[0] = new EventSourceModel(e -> {
            got.add(e.data());
            if (e.data().equals("2")) {
                m[0].close();
            }
        });
        m[0].onResponse(200, SSE, Map.of());
        m[0].onBody(utf8("data: 1\n\ndata: 2\n\ndata: 3\n\n"));
        m[0].onBody(ByteBuffer.wrap(utf8("data: 4\n\n")));
        m[0].onBody(utf8("data: 5\n\n"));
        assertEquals(List.of("1", "2"), got);
    }

    @Test
    @DisplayName("[PROC-004,PROC-018] close() from the open listener stops the body from being read")
    void closeFromOpen() {
        EventSourceModel[] m = new EventSourceModel[1];
        m[0] = new EventSourceModel(new EventSourceModel.Listener() {
            @Override
            public void onMessage(ParsedEvent event) {
                throw new AssertionError("no message after close");
            }

            @Override
            public void onOpen() {
                m[0].close();
            }
        });
        assertEquals(Next.STOP, m[0].onResponse(200, SSE, Map.of()));
        m[0].onBody(utf8("data: x\n\n"));
        assertEquals(ReadyState.CLOSED, m[0].readyState());
    }

    @Test
    @DisplayName("[PROC-012,PROC-018] close() from the error listener of a reestablish stops the reconnect")
    void closeFromError() {
        EventSourceModel[] m = new EventSourceModel[1];
        m[0] = new EventSourceModel(new EventSourceModel.Listener() {
            @Override
            public void onMessage(ParsedEvent event) {
            }

            @Override
            public void onError() {
                m[0].close();
            }
        });
        assertEquals(Next.STOP, m[0].onNetworkError(false));
        assertEquals(ReadyState.CLOSED, m[0].readyState());
    }

    @Test
    @DisplayName("[PROC-003] calls out of order are refused: body before a response, or a second response")
    void outOfOrderCallsRefused() {
        EventSourceModel m = model();
        assertThrows(IllegalStateException.class, () -> m.onBody(new byte[1]));
        assertThrows(IllegalStateException.class, m::onEndOfBody);
        assertThrows(IllegalStateException.class, m::reconnect);
        m.onResponse(200, SSE, Map.of());
        assertThrows(IllegalStateException.class, () -> m.onResponse(200, SSE, Map.of()));
    }

    @Test
    @DisplayName("[CORS-001,CORS-002] withCredentials starts false; true makes the credentials mode include")
    void withCredentials() {
        EventSourceModel plain = model();
        assertFalse(plain.withCredentials());
        assertEquals("same-origin", plain.credentialsMode());
        EventSourceModel credentialed = crossOrigin(true);
        assertTrue(credentialed.withCredentials());
        assertEquals("include", credentialed.credentialsMode());
    }

    @Test
    @DisplayName("[CORS-003] the request is a CORS-mode request; a cross-origin one carries Origin")
    void corsRequest() {
        assertEquals("cors", model().requestMode());
        assertFalse(model().requestHeaders().containsKey("Origin"));
        assertEquals("https://page.example", crossOrigin(false).requestHeaders().get("Origin"));
    }

    @Test
    @DisplayName("[CORS-004,PROC-009] a cross-origin response failing the CORS check is a network error: the connection is reestablished")
    void corsFailureReestablishes() {
        EventSourceModel m = crossOrigin(false);
        assertEquals(Next.RECONNECT, m.onResponse(200, SSE, Map.of()));
        assertEquals(ReadyState.CONNECTING, m.readyState());
        assertEquals(List.of("error@CONNECTING"), log.fired);
        assertTrue(m.reconnect());
        assertEquals(Next.READ_BODY, m.onResponse(200, SSE, Map.of("access-control-allow-origin", List.of("*"))));
    }

    @Test
    @DisplayName("[CORS-004,PROC-005] the CORS check comes first: a 204 without Access-Control-Allow-Origin is a network error")
    void corsBeforeStatus() {
        EventSourceModel m = crossOrigin(false);
        assertEquals(Next.RECONNECT, m.onResponse(204, SSE, Map.of()));
        assertTrue(m.reconnect());
        assertEquals(Next.STOP, m.onResponse(204, SSE, Map.of("Access-Control-Allow-Origin", List.of("*"))));
    }

    @Test
    @DisplayName("[CORS-005] a credentialed cross-origin stream needs the exact origin and Access-Control-Allow-Credentials: true")
    void credentialedCors() {
        EventSourceModel m = crossOrigin(true);
        assertEquals(Next.RECONNECT, m.onResponse(200, SSE, Map.of("Access-Control-Allow-Origin", List.of("*"),
                "Access-Control-Allow-Credentials", List.of("true"))));
        m.reconnect();
        assertEquals(Next.READ_BODY, m.onResponse(200, SSE, Map.of("Access-Control-Allow-Origin", List.of("https://page.example"),
                "Access-Control-Allow-Credentials", List.of("true"))));
    }
    @Test
    @DisplayName("[PROC-015,PROC-017,PROC-024] an initial last event ID is sent on the first request and kept until an id replaces it")
    void initialLastEventId() {
        EventSourceModel m = new EventSourceModel(false, null, 1000, "41 é", ParserLimits.defaults(), log);
        log.model = m;
        assertEquals("41 é", m.requestHeaders().get("Last-Event-ID"));
        assertArrayEquals(utf8("41 é"), m.lastEventIdHeaderValue());
        assertEquals(Next.READ_BODY, m.onResponse(200, SSE, Map.of()));
        m.onBody(utf8("data: a\n\nid: 42\ndata: b\n\n"));
        assertEquals(List.of("open@OPEN", "message:a#", "message:b#42"), log.fired);
        assertThrows(IllegalArgumentException.class,
                () -> new EventSourceModel(false, null, 1000, "a\nb", ParserLimits.defaults(), log));
    }

    @Test
    @DisplayName("[PARSE-019,PARSE-008] retry and comments reach the listener in stream order with the events, none after close()")
    void retryAndCommentsReported() {
        List<String> seen = new ArrayList<>();
        EventSourceModel m = new EventSourceModel(new EventSourceModel.Listener() {
            @Override
            public void onMessage(ParsedEvent event) {
                seen.add("event " + event.data());
            }

            @Override
            public void onRetry(long millis) {
                seen.add("retry " + millis);
            }

            @Override
            public void onComment(String text) {
                seen.add("comment " + text);
            }
        });
        m.onResponse(200, SSE, Map.of());
        m.onBody(utf8("data: a\n\nretry: 250\n: hi\nretry: x\ndata: b\n\n"));
        m.close();
        m.onBody(utf8("retry: 9\n: late\n"));
        assertEquals(List.of("event a", "retry 250", "comment hi", "event b"), seen);
        assertEquals(250, m.reconnectionTime());
    }
}
