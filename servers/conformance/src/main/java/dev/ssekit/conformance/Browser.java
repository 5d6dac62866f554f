package dev.ssekit.conformance;

import dev.ssekit.protocol.EventSourceModel;
import dev.ssekit.protocol.EventSourceModel.Next;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParsedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a browser's EventSource does with the responses a check reads, from the kit's client model
 * ({@link EventSourceModel}): which request it sends (its headers, {@code Last-Event-ID} included), whether it
 * reconnects or stops, and the reconnection time it keeps. The check sends the requests and reads the responses; the
 * model decides what comes next. One instance is one EventSource, same-origin, without credentials.
 */
final class Browser {

    private final List<ParsedEvent> events = new ArrayList<>();
    private final EventSourceModel model = new EventSourceModel(events::add);

    /** The request the EventSource sends now: GET {@code path} with the model's headers. */
    HttpRequest request(String path) {
        HttpRequest r = HttpRequest.get(path);
        for (Map.Entry<String, String> h : model.requestHeaders().entrySet()) {
            r = r.withHeader(h.getKey(), h.getValue());
        }
        return r;
    }

    /**
     * The response {@code c} arrives: its head decides whether the connection is announced, then every kept body byte is
     * read. Returns {@link Next#READ_BODY} while the connection stays open, else what the model does instead.
     */
    Next open(StreamCapture c) {
        return open(c, Integer.MAX_VALUE);
    }

    /**
     * As {@link #open(StreamCapture)}, but the body is read only up to the end of its {@code events}-th event, where
     * the connection then drops: {@link Next#RECONNECT} after a network error (PROC-009). How a check cuts a stream at
     * a known event.
     */
    Next openUntil(StreamCapture c, int events) {
        Next n = open(c, events);
        return n == Next.READ_BODY ? dropped() : n;
    }

    private Next open(StreamCapture c, int maxEvents) {
        if (!c.hasStatus()) {
            return model.onNetworkError(false);
        }
        Next n = model.onResponse(c.status, c.header("Content-Type"), null);
        if (n != Next.READ_BODY) {
            return n;
        }
        byte[] body = c.bodyBytes();
        int start = events.size();
        try {
            // line by line, so that reading stops right after the line that dispatched the last wanted event
            int from = 0;
            for (int i = 0; i < body.length && events.size() - start < maxEvents; i++) {
                if (body[i] == '\n' || body[i] == '\r') {
                    model.onBody(body, from, i + 1 - from);
                    from = i + 1;
                }
            }
            if (events.size() - start < maxEvents) {
                model.onBody(body, from, body.length - from);
            }
        } catch (LimitExceededException e) {
            return dropped();
        }
        return Next.READ_BODY;
    }

    /** The announced response's body ended: EventSource reestablishes the connection (PROC-011). */
    Next ended() {
        return model.onEndOfBody();
    }

    /** The connection dropped with a network error (not an abort): EventSource reestablishes it (PROC-009). */
    Next dropped() {
        return model.onNetworkError(false);
    }

    /** The reconnection wait is over: true when a request is due now. */
    boolean reconnect() {
        return model.reconnect();
    }

    /** Every event dispatched so far, across connections. */
    List<ParsedEvent> events() {
        return events;
    }

    String lastEventId() {
        return model.lastEventId();
    }

    /** In milliseconds: the last valid retry field's, or the model's initial value. */
    long reconnectionTime() {
        return model.reconnectionTime();
    }

    EventSourceModel.ReadyState readyState() {
        return model.readyState();
    }
}
