package dev.ssekit.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The EventSource processing model of WHATWG HTML 9.2.2 and 9.2.3 as a pure state machine: no I/O, no threads, no
 * clock. A driver does the HTTP and the waiting, and tells the model what happened; the model keeps readyState, the
 * reconnection time and the last event ID string, fires {@code open}, {@code message} and {@code error} at its
 * {@link Listener}, and answers each step with what the driver does {@link Next}.
 *
 * <pre>{@code
 * model = new EventSourceModel(listener);                  // CONNECTING; the first fetch is due
 * send a GET with model.requestHeaders();
 * next = model.onResponse(status, contentType, headers);   // or model.onNetworkError(aborted)
 * while next == READ_BODY: model.onBody(bytes) per chunk, then next = model.onEndOfBody()
 * if next == RECONNECT: wait model.reconnectionTime() ms, then if model.reconnect(), send the next GET
 * }</pre>
 *
 * <p>Where HTML queues a task, the model acts at once, on the calling thread; the checks HTML makes in those tasks
 * (is readyState CLOSED?) are made all the same, so a listener may call {@link #close()} from any callback. Not
 * thread-safe.
 *
 * <p>Request caching (PROC-002): HTML sets the request's cache mode to "no-store"; over the network, Fetch expresses
 * that mode as {@code Cache-Control: no-cache} and {@code Pragma: no-cache}, which is what browsers send, so
 * {@link #requestHeaders()} has both.
 *
 * <p>CORS (CORS-004): when constructed with the requesting document's origin, the stream URL is taken to be
 * cross-origin and every response must pass the {@link CorsCheck}. A failure is a network error as Fetch defines it,
 * so the connection is reestablished (PROC-009). Chromium is known to fail the connection instead; this model
 * follows the standard.
 */
public final class EventSourceModel {

    /** HTML's initial reconnection time is implementation-defined, "in the region of a few seconds" (PROC-014). */
    public static final long DEFAULT_RECONNECTION_TIME = 3000;

    /** readyState; {@link #value()} is the IDL constant (PROC-020). */
    public enum ReadyState {
        CONNECTING, OPEN, CLOSED;

        /** 0, 1 or 2. */
        public int value() {
            return ordinal();
        }
    }

    /** What the driver does after a step. */
    public enum Next {
        /** The connection is announced: feed the body to {@link #onBody}, then call {@link #onEndOfBody()}. */
        READ_BODY,
        /** Wait {@link #reconnectionTime()} ms (or longer, PROC-023), then call {@link #reconnect()}. */
        RECONNECT,
        /** Nothing more: the model is CLOSED. */
        STOP
    }

    /** The events an EventSource fires. */
    public interface Listener {

        /** A {@code message} (or custom-type) event. */
        void onMessage(ParsedEvent event);

        default void onOpen() {
        }

        default void onError() {
        }

        /**
         * A valid {@code retry} field set the reconnection time (PARSE-019), in stream order with the events; for
         * drivers that report it. Not called once CLOSED.
         */
        default void onRetry(long millis) {
        }

        /** A comment line (PARSE-008: the model ignores it), for drivers that report heartbeats. Not called once CLOSED. */
        default void onComment(String text) {
        }
    }

    /** Where the current connection attempt stands. */
    private enum Phase { AWAITING_RESPONSE, READING_BODY, WAITING_TO_RECONNECT, DONE }

    private final Listener listener;
    private final boolean withCredentials;
    private final String origin;
    private final ParserLimits limits;

    /** The body of one announced connection; once the connection ends, it delivers nothing more. */
    private final class Connection implements EventStreamListener {
        final EventStreamParser parser;
        boolean live = true;
        boolean feeding;

        Connection() {
            // The last event ID string carries over; the parser's buffers start empty (PARSE-005).
            parser = new EventStreamParser(this, limits, lastEventId);
        }

        @Override
        public void onEvent(ParsedEvent event) {
            if (live && readyState != ReadyState.CLOSED) { // PROC-019
                listener.onMessage(event);
            }
        }

        @Override
        public void onRetry(long millis) {
            if (live) {
                reconnectionTime = millis;
                if (readyState != ReadyState.CLOSED) {
                    listener.onRetry(millis);
                }
            }
        }

        @Override
        public void onComment(String text) {
            if (live && readyState != ReadyState.CLOSED) {
                listener.onComment(text);
            }
        }

        void feed(byte[] bytes, int off, int len, ByteBuffer buf) {
            feeding = true;
            try {
                if (buf != null) {
                    parser.feed(buf);
                } else {
                    parser.feed(bytes, off, len);
                }
            } finally {
                feeding = false;
            }
        }

        /** Drops the incomplete event (PARSE-013) and returns the last event ID string. */
        String end() {
            live = false;
            if (!feeding) {
                parser.end(); // when a listener ends the connection mid-chunk, the rest of the chunk is dropped instead
            }
            return parser.lastEventId();
        }
    }

    private ReadyState readyState = ReadyState.CONNECTING; // PROC-001
    private Phase phase = Phase.AWAITING_RESPONSE;
    private long reconnectionTime;
    private String lastEventId;
    private Connection connection;

    /** A same-origin EventSource without credentials. */
    public EventSourceModel(Listener listener) {
        this(false, null, listener);
    }

    /**
     * @param withCredentials the EventSourceInit member (CORS-001: false unless set here)
     * @param origin the serialised origin of the requesting document if the stream URL is cross-origin, else null
     */
    public EventSourceModel(boolean withCredentials, String origin, Listener listener) {
        this(withCredentials, origin, DEFAULT_RECONNECTION_TIME, ParserLimits.defaults(), listener);
    }

    public EventSourceModel(boolean withCredentials, String origin, long initialReconnectionTime, ParserLimits limits,
            Listener listener) {
        this(withCredentials, origin, initialReconnectionTime, "", limits, listener);
    }

    /**
     * @param initialLastEventId the last event ID string to start with, as if an earlier connection had set it: the
     *     first request sends it as {@code Last-Event-ID} unless it is empty (a client resuming a stream it read
     *     before); it must not contain NUL, CR or LF, which no {@code id} field can set
     */
    public EventSourceModel(boolean withCredentials, String origin, long initialReconnectionTime,
            String initialLastEventId, ParserLimits limits, Listener listener) {
        Objects.requireNonNull(initialLastEventId, "initialLastEventId");
        if (initialLastEventId.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("initialLastEventId must not contain NUL, CR or LF");
        }
        this.lastEventId = initialLastEventId;
        if (initialReconnectionTime < 0) {
            throw new IllegalArgumentException("initialReconnectionTime must not be negative");
        }
        this.withCredentials = withCredentials;
        this.origin = origin;
        this.reconnectionTime = initialReconnectionTime;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ReadyState readyState() {
        return readyState;
    }

    public boolean withCredentials() {
        return withCredentials;
    }

    /** The request's credentials mode (CORS-002): "include" with credentials, else "same-origin". */
    public String credentialsMode() {
        return withCredentials ? "include" : "same-origin";
    }

    /** The request's mode: an EventSource request is a potential-CORS request whose mode is "cors" (CORS-003). */
    public String requestMode() {
        return "cors";
    }

    /** In milliseconds; starts at the initial value and follows each valid {@code retry} field (PARSE-019). */
    public long reconnectionTime() {
        return reconnectionTime;
    }

    /** The last event ID string; it outlives connections (PROC-024). */
    public String lastEventId() {
        return connection != null ? connection.parser.lastEventId() : lastEventId;
    }

    /**
     * The headers of the request due now, in order: {@code Accept: text/event-stream} and the two no-cache headers
     * (PROC-002), {@code Origin} for a cross-origin stream, and {@code Last-Event-ID} when the last event ID string
     * is not empty (PROC-015, PROC-016). Send {@code Last-Event-ID} as the UTF-8 bytes of its value (PROC-017,
     * {@link #lastEventIdHeaderValue()}): an HTTP library that writes header values as Latin-1 would corrupt it.
     */
    public Map<String, String> requestHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "text/event-stream");
        h.put("Cache-Control", "no-cache");
        h.put("Pragma", "no-cache");
        if (origin != null) {
            h.put("Origin", origin);
        }
        String id = lastEventId();
        if (!id.isEmpty()) {
            h.put("Last-Event-ID", id);
        }
        return Collections.unmodifiableMap(h);
    }

    /** The {@code Last-Event-ID} header value as bytes: the last event ID string in UTF-8 (PROC-017); null if omitted. */
    public byte[] lastEventIdHeaderValue() {
        String id = lastEventId();
        return id.isEmpty() ? null : id.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The response to the pending request arrived (status and headers; the body follows).
     *
     * @param contentType the {@code Content-Type} value, or null if there is none
     * @param headers all response headers, for the CORS check; may be null for a same-origin stream
     */
    public Next onResponse(int status, String contentType, Map<String, List<String>> headers) {
        if (phase == Phase.DONE) {
            return Next.STOP;
        }
        expect(Phase.AWAITING_RESPONSE, "onResponse");
        if (origin != null && !CorsCheck.passes(origin, withCredentials, headers)) {
            return reestablish(); // CORS-004: a network error; PROC-009
        }
        if (status != 200 || !isEventStream(contentType)) {
            return fail(); // PROC-005, PROC-006
        }
        return announce(); // PROC-003
    }

    /**
     * A chunk of the announced response's body. Ignored once CLOSED (PROC-019). A {@link LimitExceededException}
     * from the parser propagates; the driver then ends the connection, as a network error or with {@link #close()}.
     */
    public void onBody(byte[] bytes, int off, int len) {
        if (phase == Phase.DONE) {
            return;
        }
        expect(Phase.READING_BODY, "onBody");
        connection.feed(bytes, off, len, null);
    }

    public void onBody(byte[] bytes) {
        onBody(bytes, 0, bytes.length);
    }

    public void onBody(ByteBuffer bytes) {
        if (phase == Phase.DONE) {
            return;
        }
        expect(Phase.READING_BODY, "onBody");
        connection.feed(null, 0, 0, bytes);
    }

    /** The announced response's body ended, gracefully or not (PROC-011). */
    public Next onEndOfBody() {
        if (phase == Phase.DONE) {
            return Next.STOP;
        }
        expect(Phase.READING_BODY, "onEndOfBody");
        return reestablish();
    }

    /**
     * The fetch failed with a network error, before the response or while reading the body.
     *
     * @param aborted true for an aborted network error, which fails the connection (PROC-010); any other network
     *     error reestablishes it (PROC-009)
     */
    public Next onNetworkError(boolean aborted) {
        if (phase == Phase.DONE) {
            return Next.STOP;
        }
        if (phase == Phase.WAITING_TO_RECONNECT) {
            throw new IllegalStateException("onNetworkError while no fetch is running");
        }
        return aborted ? fail() : reestablish();
    }

    /**
     * The reconnection wait is over (PROC-013). Returns true when a new request is due now, with
     * {@link #requestHeaders()}; false when the EventSource was closed meanwhile.
     */
    public boolean reconnect() {
        if (phase == Phase.DONE || readyState != ReadyState.CONNECTING) {
            return false;
        }
        expect(Phase.WAITING_TO_RECONNECT, "reconnect");
        phase = Phase.AWAITING_RESPONSE;
        return true;
    }

    /** close(): aborts the fetch and sets CLOSED, without an error event (PROC-018). */
    public void close() {
        readyState = ReadyState.CLOSED;
        endConnection();
    }

    /** HTML 9.2.3 "announce the connection" (PROC-004). */
    private Next announce() {
        if (readyState == ReadyState.CLOSED) {
            return Next.STOP;
        }
        readyState = ReadyState.OPEN;
        phase = Phase.READING_BODY;
        connection = new Connection();
        listener.onOpen();
        return phase == Phase.DONE ? Next.STOP : Next.READ_BODY;
    }

    /** HTML 9.2.3 "reestablish the connection" (PROC-012), up to the wait. */
    private Next reestablish() {
        endConnection();
        if (readyState == ReadyState.CLOSED) {
            return Next.STOP;
        }
        readyState = ReadyState.CONNECTING;
        phase = Phase.WAITING_TO_RECONNECT;
        listener.onError();
        return phase == Phase.DONE ? Next.STOP : Next.RECONNECT;
    }

    /** HTML 9.2.3 "fail the connection" (PROC-008). */
    private Next fail() {
        boolean wasClosed = readyState == ReadyState.CLOSED;
        readyState = ReadyState.CLOSED;
        endConnection();
        if (!wasClosed) {
            listener.onError();
        }
        return Next.STOP;
    }

    private void endConnection() {
        if (connection != null) {
            lastEventId = connection.end();
            connection = null;
        }
        if (readyState == ReadyState.CLOSED) {
            phase = Phase.DONE;
        }
    }

    private void expect(Phase expected, String call) {
        if (phase != expected) {
            throw new IllegalStateException(call + " called while " + phase.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    /**
     * True when the MIME type's essence is text/event-stream: parameters are ignored (PROC-007), type and subtype
     * compare ASCII case-insensitively, and HTTP whitespace around the essence is ignored.
     */
    static boolean isEventStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String essence = CorsCheck.trimHttpWhitespace(semicolon < 0 ? contentType : contentType.substring(0, semicolon));
        return CorsCheck.asciiEqualsIgnoreCase(essence, "text/event-stream");
    }
}
