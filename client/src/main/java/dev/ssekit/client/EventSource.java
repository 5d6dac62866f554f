package dev.ssekit.client;

import dev.ssekit.protocol.EventSourceModel;
import dev.ssekit.protocol.EventSourceModel.Next;
import dev.ssekit.protocol.EventSourceModel.ReadyState;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.protocol.ParserLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An EventSource for Java: WHATWG HTML 9.2's processing model ({@link EventSourceModel}) on the JDK's
 * {@link HttpClient}, HTTP/1.1 or HTTP/2 as the JDK negotiates. See the {@linkplain dev.ssekit.client package} for an
 * example.
 *
 * <p><b>Life cycle.</b> {@link #builder(URI)} configures, {@link Builder#build()} creates (readyState CONNECTING,
 * nothing sent), {@link #start()} sends the first request, {@link #close()} ends it all. A 200 response whose
 * Content-Type is {@code text/event-stream} (parameters ignored) opens the stream; a stream that ends or breaks, and a
 * request that fails with an I/O error or times out, reconnect after the reconnection time; any other status (204
 * included), another Content-Type, too many redirects and a parser limit fail for good. Every {@code error} callback
 * says which ({@link ErrorEvent#reason()}) and how long until the next attempt.
 *
 * <p><b>Requests.</b> Each attempt sends {@code Accept: text/event-stream}, {@code Cache-Control: no-cache},
 * {@code Pragma: no-cache}, the builder's headers (which may replace those three), and {@code Last-Event-ID} when the
 * last event ID string is not empty. Each attempt starts at {@link #url()} with the builder's method and body, so a
 * POST body is sent again on every reconnect. Redirects (301, 302, 303, 307, 308) are followed as fetch follows them,
 * up to {@link Builder#maxRedirects(int)}: 303 turns any method but HEAD into a GET without a body, and 301 or 302 turn
 * a POST into one; a dropped body drops its {@code Content-*} headers, and leaving the origin drops
 * {@code Authorization}. As with fetch's request, what a redirect changed (the URL, the method, the body, those
 * headers) stays changed for the reconnects after it (PROC-028); each attempt may follow the limit of redirects again.
 *
 * <p><b>Last-Event-ID bytes (PROC-017).</b> The header value is the UTF-8 encoding of the last event ID string, on
 * the wire byte for byte, over HTTP/1.1 and HTTP/2. The JDK writes header values one byte per char, so the client hands
 * it the UTF-8 bytes as chars 0-255, which HTTP/2 (HPACK) keeps. Over HTTP/1.1 the JDK (17 to 25 at least) encodes the
 * request head as US-ASCII and would write every non-ASCII byte as {@code ?}, so a request with a header value byte
 * above 0x7F (a non-ASCII id, or such a builder header) is sent instead on a socket of its own, over HTTP/1.1, by the
 * client itself: with the client's connect timeout and TLS settings, without connection reuse, its body read by one of
 * the shared worker threads while the stream is open. That happens unless HTTP/2 is forced, the https origin has
 * answered this EventSource over HTTP/2 before, or the {@link Builder#httpClient(HttpClient) caller's HttpClient} has a
 * proxy, an authenticator or a cookie handler, which only the JDK client honours; in those cases the JDK client sends
 * it, and an h2c upgrade request or an HTTP/1.1 connection gets {@code ?}. ASCII values, the usual case, always go
 * through the JDK client. An id holding a control character the JDK refuses in a header value (U+0001 to U+001F but
 * tab, and U+007F) is not sent at all.
 *
 * <p><b>The JDK's own retry.</b> When a connection closes before a single byte of the response arrived, the JDK
 * HttpClient sends a GET or HEAD once more at once, on a new connection, before it reports a failure (17 to 25 at
 * least; no setting turns it off for these methods). A server then sees two requests for one attempt; the EventSource
 * sees one network error and waits as it should before the next attempt. Other methods are not repeated, and a
 * refused connection is retried once by the JDK unless {@code -Djdk.httpclient.disableRetryConnect=true}. The
 * client's own HTTP/1.1 exchange (above) never repeats a request.
 *
 * <p><b>Reconnect timing.</b> After a stream that opened, the next attempt waits exactly the reconnection time (the
 * builder's initial value until a {@code retry} field sets another). Failed attempts in a row back off: the k-th
 * (k &ge; 2) waits between {@code base + (1 - jitter) * (ceiling - base)} and {@code ceiling}, where
 * {@code ceiling = min(max, max(base, 1 s) * 2^(k-1))} and {@code base} is the reconnection time; never less than the
 * reconnection time (PROC-023). An open resets the count. Defaults: 3 s initial, 30 s max, jitter 0.5.
 *
 * <p><b>Threads.</b> Callbacks run on the builder's executor (default: shared worker threads that end when idle), one
 * at a time and in order for each EventSource; a slow callback delays only its own stream, since the body is read one
 * chunk at a time and the next chunk is asked for once the last one is handled. A waiting reconnect holds no thread:
 * it is a task on a shared timer. The EventSource starts no thread of its own. After {@link #close()} returns, no
 * callback runs, no request or timer of this EventSource is pending, and its connection is closed (an HTTP/1.1
 * connection is closed, and a worker blocked reading it returns; an HTTP/2 stream is reset). A connection whose
 * response had ended cleanly before may stay in the HttpClient's pool, as any JDK response's does; the client's own
 * HTTP/1.1 exchange pools nothing.
 *
 * <p>Thread-safe: {@link #readyState()}, {@link #lastEventId()} and {@link #close()} may be called from any thread,
 * also from inside a callback.
 */
public final class EventSource implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventSource.class.getName());

    /** Fetch's redirect limit. */
    public static final int DEFAULT_MAX_REDIRECTS = 20;
    public static final Duration DEFAULT_RECONNECTION_TIME = Duration.ofMillis(EventSourceModel.DEFAULT_RECONNECTION_TIME);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    public static final double DEFAULT_JITTER = 0.5;

    private static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Fetch's request-body-header names, dropped with the body on a redirect that turns the request into a GET. */
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language",
            "content-location");

    private final URI url;
    private final String method;
    private final byte[] body;
    private final Map<String, String> headers;
    private final HttpClient client;
    private final HttpClient.Version httpVersion;
    private final Duration readTimeout;
    private final int maxRedirects;
    private final Backoff backoff;
    private final SerialExecutor serial;
    private final List<Consumer<OpenEvent>> openListeners;
    private final List<Consumer<MessageEvent>> eventListeners;
    private final Map<String, List<Consumer<MessageEvent>>> typeListeners;
    private final List<Consumer<ErrorEvent>> errorListeners;
    private final List<Consumer<Duration>> retryListeners;
    private final List<Consumer<String>> commentListeners;

    // Touched only in the serial context.
    private final EventSourceModel model;
    private URI requestUrl;
    private String requestMethod;
    private byte[] requestBody;
    private boolean bodyDropped;
    private boolean authorizationDropped;
    private int redirects;
    private HttpClient.Version responseVersion;
    /** https origins that answered this EventSource over HTTP/2. */
    private final Set<String> h2Origins = new HashSet<>();
    private boolean openedThisAttempt;
    private int failedAttempts;
    private ErrorEvent pendingError;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ReadyState state = ReadyState.CONNECTING;
    private volatile String lastEventId;
    private volatile long reconnectionMillis;
    private volatile long lastRead;
    /** Held while a callback runs, so that close() from another thread returns only once it has returned. */
    private final ReentrantLock delivering = new ReentrantLock();

    /** Guards the I/O handles below. */
    private final Object io = new Object();
    private long generation;
    private CompletableFuture<?> inFlight;
    private Flow.Subscription subscription;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> readTimer;

    private EventSource(Builder b) {
        url = b.url;
        method = b.method;
        body = b.body;
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        client = b.client != null ? b.client : Shared.httpClient();
        httpVersion = b.httpVersion;
        readTimeout = b.readTimeout;
        maxRedirects = b.maxRedirects;
        backoff = new Backoff(b.backoffMax.toMillis(), b.jitter, () -> ThreadLocalRandom.current().nextDouble());
        serial = new SerialExecutor(b.executor != null ? b.executor : Shared.WORKERS, this::close);
        openListeners = List.copyOf(b.openListeners);
        eventListeners = List.copyOf(b.eventListeners);
        Map<String, List<Consumer<MessageEvent>>> typed = new LinkedHashMap<>();
        b.typeListeners.forEach((k, v) -> typed.put(k, List.copyOf(v)));
        typeListeners = Collections.unmodifiableMap(typed);
        errorListeners = List.copyOf(b.errorListeners);
        retryListeners = List.copyOf(b.retryListeners);
        commentListeners = List.copyOf(b.commentListeners);
        model = new EventSourceModel(false, null, b.reconnectionTime.toMillis(), b.lastEventId, b.limits, new ModelEvents());
        lastEventId = b.lastEventId;
        reconnectionMillis = b.reconnectionTime.toMillis();
        requestUrl = url;
        requestMethod = method;
        requestBody = body;
    }

    /**
     * A builder for a stream at {@code url}.
     *
     * @throws IllegalArgumentException when the URL is not absolute http or https (PROC-021: a browser throws
     *     SyntaxError)
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** As {@link #builder(URI)}, parsing the URL; an unparsable one throws {@link IllegalArgumentException}. */
    public static Builder builder(String url) {
        try {
            return new Builder(new URI(url));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
    }

    /**
     * Sends the first request. Call once; after {@link #close()} it does nothing.
     *
     * @return this
     * @throws IllegalStateException when already started
     */
    public EventSource start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this EventSource was already started");
        }
        serial.execute(this::beginAttempt);
        return this;
    }

    /** CONNECTING, OPEN or CLOSED; {@link ReadyState#value()} gives the IDL number (PROC-020). */
    public ReadyState readyState() {
        return closed ? ReadyState.CLOSED : state;
    }

    /** The last event ID string: what the next request sends as {@code Last-Event-ID} (PROC-015, PROC-024). */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * The URL given to the builder. After a redirect, the request's current URL is where it led, and later reconnects go
     * there (PROC-028), as fetch's request keeps it; events carry that URL.
     */
    public URI url() {
        return url;
    }

    /** The reconnection time: the builder's initial value until a valid {@code retry} field sets another (PARSE-019). */
    public Duration reconnectionTime() {
        return Duration.ofMillis(reconnectionMillis);
    }

    /**
     * Stops everything (PROC-018): aborts the request or stream in progress, drops a pending reconnect, sets CLOSED,
     * and fires no error. From any thread, also from inside a callback. When called from another thread while a
     * callback runs, it waits for that callback to return, so that no callback runs after close() returns (PROC-019);
     * a callback that waits for the thread calling close() would therefore deadlock.
     */
    @Override
    public void close() {
        synchronized (io) {
            if (!closed) {
                closed = true;
                generation++;
                if (inFlight != null) {
                    inFlight.cancel(true); // JDK 16+: aborts the exchange
                    inFlight = null;
                }
                cancelStream();
                cancelTimer(reconnectTimer);
                reconnectTimer = null;
            }
        }
        if (!delivering.isHeldByCurrentThread()) {
            delivering.lock();
            delivering.unlock();
        }
    }

    @Override
    public String toString() {
        return "EventSource[" + url + ", " + readyState() + "]";
    }

    // ---- attempts (serial context) ----

    private void beginAttempt() {
        if (closed) {
            return;
        }
        // fetch's request outlives attempts: a redirect changed its current URL (PROC-028), and maybe its method and
        // body, for every reconnect after it; only the redirect count starts again, so a long-lived stream behind a
        // redirect is not failed after 20 reconnects
        if (requestUrl == null) {
            requestUrl = url;
            requestMethod = method;
            requestBody = body;
        }
        redirects = 0;
        openedThisAttempt = false;
        send();
    }

    private void send() {
        HttpRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            // the JDK refuses a URL that java.net.URI accepted (a redirect's Location, say)
            failForGood(ErrorEvent.Reason.BAD_REDIRECT, "the JDK refuses to request " + requestUrl + ": " + e.getMessage(),
                    0, e);
            return;
        }
        long gen;
        synchronized (io) {
            if (closed) {
                return;
            }
            gen = ++generation;
        }
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> f;
        try {
            f = exactBytesNeedHttp1Exchange(request) ? Http1Exchange.send(client, request, requestBody, Shared.WORKERS)
                    : client.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        } catch (RuntimeException e) {
            // e.g. a client the caller shut down (JDK 21+)
            reestablish(ErrorEvent.Reason.NETWORK_ERROR, "the request could not be sent: " + e, 0, null, e,
                    model::onNetworkError);
            return;
        }
        synchronized (io) {
            if (closed || gen != generation) {
                f.cancel(true);
                return;
            }
            inFlight = f;
        }
        f.whenComplete((response, failure) -> serial.execute(() -> onResponse(gen, response, failure)));
    }

    /**
     * PROC-017 over HTTP/1.1: the JDK would write a header value byte above 0x7F as {@code ?}, so such a request goes
     * through {@link Http1Exchange} unless HTTP/2 is forced, or this https origin answered over HTTP/2 before (HPACK
     * keeps the bytes), or the caller's client has a proxy, authenticator or cookie handler the exchange cannot honour.
     */
    private boolean exactBytesNeedHttp1Exchange(HttpRequest request) {
        if (httpVersion == HttpClient.Version.HTTP_2 || !Http1Exchange.needsRawBytes(request)
                || !Http1Exchange.supports(client)) {
            return false;
        }
        boolean h2Known = requestUrl.getScheme().equalsIgnoreCase("https") && httpVersion == null
                && client.version() == HttpClient.Version.HTTP_2 && h2Origins.contains(origin(requestUrl));
        return !h2Known;
    }

    /** The request of the current attempt, with the model's header fields, the builder's, and Last-Event-ID. */
    HttpRequest request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(requestUrl).method(requestMethod,
                requestBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        if (httpVersion != null) {
            b.version(httpVersion);
        }
        if (readTimeout != null) {
            b.timeout(readTimeout); // until the response head arrives; the body has its own timer
        }
        Map<String, String> fields = new LinkedHashMap<>();
        model.requestHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase(LAST_EVENT_ID)) {
                fields.put(k.toLowerCase(Locale.ROOT), k + ": " + v);
            }
        });
        headers.forEach((k, v) -> fields.put(k.toLowerCase(Locale.ROOT), k + ": " + v));
        if (bodyDropped) {
            fields.keySet().removeAll(BODY_HEADERS);
        }
        if (authorizationDropped) {
            fields.remove("authorization");
        }
        for (String field : fields.values()) {
            int colon = field.indexOf(':');
            b.header(field.substring(0, colon), field.substring(colon + 2));
        }
        byte[] id = model.lastEventIdHeaderValue();
        if (id != null) {
            try {
                // PROC-017: one char per UTF-8 byte, which the JDK writes as that byte (see the class comment)
                b.header(LAST_EVENT_ID, new String(id, StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "Last-Event-ID not sent: the JDK refuses its value ({0})", e.getMessage());
            }
        }
        return b.build();
    }

    private void onResponse(long gen, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, Throwable failure) {
        if (!current(gen)) {
            if (response != null) {
                discard(response);
            }
            return;
        }
        synchronized (io) {
            inFlight = null;
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof CancellationException) {
                return;
            }
            boolean timeout = cause instanceof HttpTimeoutException;
            reestablish(timeout ? ErrorEvent.Reason.READ_TIMEOUT : ErrorEvent.Reason.NETWORK_ERROR,
                    (timeout ? "no response within the read timeout: " : "the request failed: ") + describe(cause), 0, null,
                    cause, model::onNetworkError);
            return;
        }
        requestUrl = response.uri(); // a caller's client may have followed redirects itself
        responseVersion = response.version();
        if (responseVersion == HttpClient.Version.HTTP_2) {
            h2Origins.add(origin(requestUrl));
        }
        int status = response.statusCode();
        List<String> types = response.headers().allValues("Content-Type");
        String contentType = types.isEmpty() ? null : types.get(types.size() - 1);
        if (isRedirect(status) && response.headers().firstValue("Location").isPresent()) {
            discard(response);
            redirect(status, response.headers().firstValue("Location").get());
            return;
        }
        boolean statusOk = status == 200;
        pendingError = new ErrorEvent(statusOk ? ErrorEvent.Reason.CONTENT_TYPE : ErrorEvent.Reason.HTTP_STATUS,
                statusOk ? "the response's Content-Type is " + (contentType == null ? "missing" : "\"" + contentType + "\"")
                        + ", not text/event-stream"
                        : "the response's status is " + status + (status == 204 ? " (No Content: the server says stop)" : "")
                        + ", not 200",
                requestUrl, status, contentType, null, null);
        Next next;
        try {
            next = model.onResponse(status, contentType, response.headers().map());
        } finally {
            pendingError = null;
        }
        if (next == Next.READ_BODY && current(gen)) {
            response.body().subscribe(new BodyReader(gen));
        } else {
            discard(response);
        }
        syncState();
    }

    private void redirect(int status, String location) {
        if (redirects >= maxRedirects) {
            failForGood(ErrorEvent.Reason.TOO_MANY_REDIRECTS, "more than " + maxRedirects + " redirects (the last a "
                    + status + " to " + location + ")", status, null);
            return;
        }
        URI next;
        try {
            next = requestUrl.resolve(new URI(location));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            failForGood(ErrorEvent.Reason.BAD_REDIRECT, "a " + status + " redirect to an unparsable Location: " + location,
                    status, null);
            return;
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            failForGood(ErrorEvent.Reason.BAD_REDIRECT, "a " + status + " redirect to a URL that is not http(s): " + location,
                    status, null);
            return;
        }
        // fetch's HTTP-redirect fetch, step 12: which redirects turn the request into a GET without a body
        boolean toGet = status == 303 && !requestMethod.equals("HEAD")
                || (status == 301 || status == 302) && requestMethod.equals("POST");
        if (toGet) {
            requestMethod = "GET";
            requestBody = null;
            bodyDropped = true;
        }
        if (!origin(next).equals(origin(requestUrl))) {
            authorizationDropped = true; // fetch, step 13
        }
        redirects++;
        requestUrl = next;
        send();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    // ---- the body (serial context, fed by BodyReader) ----

    /** Reads one announced response's body a chunk at a time: the next chunk is asked for once this one is handled. */
    private final class BodyReader implements Flow.Subscriber<List<ByteBuffer>> {
        private final long gen;

        BodyReader(long gen) {
            this.gen = gen;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (io) {
                if (closed || gen != generation) {
                    s.cancel();
                    return;
                }
                subscription = s;
                lastRead = System.nanoTime();
                if (readTimeout != null) {
                    readTimer = Shared.TIMER.schedule(() -> serial.execute(() -> checkRead(gen)),
                            readTimeout.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunk) {
            lastRead = System.nanoTime();
            serial.execute(() -> onChunk(gen, chunk));
        }

        @Override
        public void onError(Throwable t) {
            serial.execute(() -> onBodyEnd(gen, t));
        }

        @Override
        public void onComplete() {
            serial.execute(() -> onBodyEnd(gen, null));
        }
    }

    private void onChunk(long gen, List<ByteBuffer> chunk) {
        if (!current(gen)) {
            return;
        }
        try {
            for (ByteBuffer b : chunk) {
                model.onBody(b);
            }
        } catch (LimitExceededException e) {
            retire();
            failForGood(ErrorEvent.Reason.LIMIT_EXCEEDED, "the stream went past " + e.limit() + "=" + e.max() + ": "
                    + e.getMessage(), 200, e);
            return;
        }
        syncState();
        Flow.Subscription s;
        synchronized (io) {
            s = !closed && gen == generation ? subscription : null;
        }
        if (s != null && model.readyState() == ReadyState.OPEN) {
            s.request(1);
        }
    }

    private void onBodyEnd(long gen, Throwable failure) {
        if (!current(gen)) {
            return;
        }
        retire();
        if (failure == null) {
            reestablish(ErrorEvent.Reason.END_OF_STREAM, "the stream ended", 200, null, null, aborted -> model.onEndOfBody());
        } else {
            reestablish(ErrorEvent.Reason.NETWORK_ERROR, "the stream broke: " + describe(failure), 200, null, failure,
                    model::onNetworkError);
        }
    }

    private void checkRead(long gen) {
        if (!current(gen) || readTimeout == null) {
            return;
        }
        long idle = System.nanoTime() - lastRead;
        long left = readTimeout.toNanos() - idle;
        if (left > 0) {
            synchronized (io) {
                if (!closed && gen == generation) {
                    readTimer = Shared.TIMER.schedule(() -> serial.execute(() -> checkRead(gen)), left, TimeUnit.NANOSECONDS);
                }
            }
            return;
        }
        retire();
        reestablish(ErrorEvent.Reason.READ_TIMEOUT, "nothing arrived for " + readTimeout.toMillis() + " ms (the read timeout)",
                200, null, null, model::onNetworkError);
    }

    // ---- outcomes (serial context) ----

    /** A model step that reconnects on success ({@code step} gets false: not aborted). */
    private void reestablish(ErrorEvent.Reason reason, String message, int status, String contentType, Throwable cause,
            java.util.function.Function<Boolean, Next> step) {
        long delay;
        if (openedThisAttempt) {
            delay = backoff.delay(model.reconnectionTime(), 0);
        } else {
            failedAttempts++;
            delay = backoff.delay(model.reconnectionTime(), failedAttempts);
        }
        pendingError = new ErrorEvent(reason, message, requestUrl, status, contentType, cause, Duration.ofMillis(delay));
        Next next;
        try {
            next = step.apply(false);
        } finally {
            pendingError = null;
        }
        syncState();
        if (next == Next.RECONNECT) {
            synchronized (io) {
                if (!closed) {
                    long gen = generation;
                    reconnectTimer = Shared.TIMER.schedule(() -> serial.execute(() -> reconnectDue(gen)), delay,
                            TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void reconnectDue(long gen) {
        synchronized (io) {
            if (closed || gen != generation) {
                return;
            }
            reconnectTimer = null;
        }
        if (model.reconnect()) {
            beginAttempt();
        }
    }

    /** Fails the connection (PROC-008) with an aborted network error, which the model takes as final. */
    private void failForGood(ErrorEvent.Reason reason, String message, int status, Throwable cause) {
        pendingError = new ErrorEvent(reason, message, requestUrl, status, null, cause, null);
        try {
            model.onNetworkError(true);
        } finally {
            pendingError = null;
        }
        syncState();
    }

    /** Ends the current connection's I/O: later events from it are ignored. */
    private void retire() {
        synchronized (io) {
            generation++;
            cancelStream();
        }
    }

    /** With {@link #io} held. */
    private void cancelStream() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        cancelTimer(readTimer);
        readTimer = null;
    }

    private static void cancelTimer(ScheduledFuture<?> t) {
        if (t != null) {
            t.cancel(false);
        }
    }

    private boolean current(long gen) {
        synchronized (io) {
            return !closed && gen == generation;
        }
    }

    /** Reads an unwanted response's body away: cancelling it releases (HTTP/1.1: closes) the connection. */
    private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        response.body().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    private void syncState() {
        state = model.readyState();
        lastEventId = model.lastEventId();
        reconnectionMillis = model.reconnectionTime();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    /** The serialised origin of an http(s) URL: scheme, host and the port unless it is the scheme's default. */
    static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    // ---- callbacks (serial context) ----

    /** Turns what the model fires into the caller's callbacks. */
    private final class ModelEvents implements EventSourceModel.Listener {
        @Override
        public void onMessage(ParsedEvent e) {
            syncState();
            MessageEvent m = new MessageEvent(e.type(), e.data(), e.lastEventId(), requestUrl);
            deliver(eventListeners, m);
            deliver(typeListeners.getOrDefault(e.type(), List.of()), m);
        }

        @Override
        public void onOpen() {
            openedThisAttempt = true;
            failedAttempts = 0;
            syncState();
            deliver(openListeners, new OpenEvent(requestUrl, responseVersion));
        }

        @Override
        public void onError() {
            syncState();
            ErrorEvent e = pendingError != null ? pendingError
                    : new ErrorEvent(ErrorEvent.Reason.NETWORK_ERROR, "the connection failed", requestUrl, 0, null, null, null);
            deliver(errorListeners, e);
        }

        @Override
        public void onRetry(long millis) {
            reconnectionMillis = millis;
            deliver(retryListeners, Duration.ofMillis(millis));
        }

        @Override
        public void onComment(String text) {
            deliver(commentListeners, text);
        }
    }

    private <T> void deliver(List<Consumer<T>> listeners, T event) {
        for (Consumer<T> l : listeners) {
            delivering.lock();
            try {
                if (closed) {
                    return; // PROC-019
                }
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an EventSource callback threw; the stream goes on", e);
            } finally {
                delivering.unlock();
            }
        }
    }

    /**
     * Configures an {@link EventSource}. Not thread-safe; {@link #build()} copies what it holds, so a builder may be
     * reused.
     */
    public static final class Builder {
        private final URI url;
        private String method = "GET";
        private byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String lastEventId = "";
        private Duration readTimeout;
        private Duration reconnectionTime = DEFAULT_RECONNECTION_TIME;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private double jitter = DEFAULT_JITTER;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private ParserLimits limits = ParserLimits.defaults();
        private Executor executor;
        private HttpClient client;
        private HttpClient.Version httpVersion;
        private final List<Consumer<OpenEvent>> openListeners = new ArrayList<>();
        private final List<Consumer<MessageEvent>> eventListeners = new ArrayList<>();
        private final Map<String, List<Consumer<MessageEvent>>> typeListeners = new LinkedHashMap<>();
        private final List<Consumer<ErrorEvent>> errorListeners = new ArrayList<>();
        private final List<Consumer<Duration>> retryListeners = new ArrayList<>();
        private final List<Consumer<String>> commentListeners = new ArrayList<>();

        private Builder(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("an EventSource URL is an absolute http or https URL, not " + url);
            }
            this.url = url;
        }

        /**
         * Adds a request header field, or replaces one of the same name (case-insensitive), including the
         * EventSource's own Accept, Cache-Control and Pragma.
         *
         * @throws IllegalArgumentException for a name or value the JDK refuses (Host, Connection, Content-Length...),
         *     and for Last-Event-ID, which {@link #lastEventId(String)} sets
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.equalsIgnoreCase(LAST_EVENT_ID)) {
                throw new IllegalArgumentException("Last-Event-ID is the EventSource's: set the first one with lastEventId(...)");
            }
            HttpRequest.newBuilder().header(name, value); // the JDK's own checks, now rather than at each request
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** {@link #header(String, String)} for each entry. */
        public Builder headers(Map<String, String> fields) {
            fields.forEach(this::header);
            return this;
        }

        /** The request method, without a body (default GET). */
        public Builder method(String method) {
            return method(method, (byte[]) null);
        }

        /**
         * The request method and body, sent again on every reconnect (a POST chat stream). Set its Content-Type with
         * {@link #header(String, String)}.
         *
         * @param body the body bytes, or null for none
         */
        public Builder method(String method, byte[] body) {
            Objects.requireNonNull(method, "method");
            HttpRequest.newBuilder().method(method, HttpRequest.BodyPublishers.noBody()); // the JDK's checks
            this.method = method;
            this.body = body == null ? null : body.clone();
            return this;
        }

        /** As {@link #method(String, byte[])} with the body's UTF-8 bytes. */
        public Builder method(String method, String body) {
            return method(method, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The last event ID string to start with (default empty): the first request sends it as {@code Last-Event-ID}
         * unless it is empty, as if an earlier connection had set it.
         *
         * @throws IllegalArgumentException when it holds NUL, CR or LF, which no id field can set
         */
        public Builder lastEventId(String id) {
            Objects.requireNonNull(id, "id");
            if (id.chars().anyMatch(c -> c == 0 || c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a last event ID cannot hold NUL, CR or LF");
            }
            this.lastEventId = id;
            return this;
        }

        /**
         * Drops a connection and reconnects when nothing arrives for this long: no response head, or no body bytes
         * (comments and heartbeats count). Null or zero: no timeout (the default, as in browsers).
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout == null || timeout.isZero() ? null : positive(timeout, "readTimeout");
            return this;
        }

        /** The reconnection time until a {@code retry} field sets another (default 3 s, PROC-014). */
        public Builder reconnectionTime(Duration initial) {
            Objects.requireNonNull(initial, "initial");
            if (initial.isNegative()) {
                throw new IllegalArgumentException("reconnectionTime must not be negative");
            }
            this.reconnectionTime = initial;
            return this;
        }

        /**
         * The backoff on failed attempts in a row (see {@link EventSource}): the wait grows towards {@code max}
         * (default 30 s), each shortened by up to {@code jitter} (0 to 1, default 0.5) of its growth. Never below the
         * reconnection time. {@code backoff(Duration.ZERO, 0)} always waits exactly the reconnection time.
         */
        public Builder backoff(Duration max, double jitter) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative()) {
                throw new IllegalArgumentException("the backoff maximum must not be negative");
            }
            new Backoff(max.toMillis(), jitter, () -> 0); // checks jitter
            this.backoffMax = max;
            this.jitter = jitter;
            return this;
        }

        /** How many redirects one attempt follows (default 20, fetch's); one more fails for good. 0 follows none. */
        public Builder maxRedirects(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRedirects must be 0 or more, not " + n);
            }
            this.maxRedirects = n;
            return this;
        }

        /** The parser's limits (default {@link ParserLimits#defaults()}); a stream past one fails for good, naming it. */
        public Builder limits(ParserLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Where callbacks run, one at a time and in order (default: shared worker threads that end when idle). Any
         * executor works, {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21 included. If it rejects a
         * task, the EventSource closes.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The HttpClient to send with (default: one shared by all EventSources that have none). It should not follow
         * redirects ({@link HttpClient.Redirect#NEVER}, the JDK's default): the EventSource follows them itself, with
         * its limit. The caller keeps it, and closes it if it wants to.
         */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Forces an HTTP version on every request (the JDK may still fall back to HTTP/1.1 when the server does not
         * speak HTTP/2). Null (the default) lets the client negotiate.
         */
        public Builder httpVersion(HttpClient.Version version) {
            this.httpVersion = version;
            return this;
        }

        /** Called when a connection opens (readyState OPEN, PROC-004). */
        public Builder onOpen(Consumer<OpenEvent> listener) {
            openListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called for each event of type {@code message}, as {@code EventSource.onmessage}. */
        public Builder onMessage(Consumer<MessageEvent> listener) {
            return on("message", listener);
        }

        /** Called for each event of the given type, as {@code addEventListener(type, ...)}. */
        public Builder on(String type, Consumer<MessageEvent> listener) {
            Objects.requireNonNull(type, "type");
            typeListeners.computeIfAbsent(type, t -> new ArrayList<>()).add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called for every event, whatever its type (before the listeners for its type). */
        public Builder onEvent(Consumer<MessageEvent> listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Called when a connection ends or fails (the {@code error} event): readyState is CONNECTING when
         * {@link ErrorEvent#willReconnect()}, else CLOSED.
         */
        public Builder onError(Consumer<ErrorEvent> listener) {
            errorListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called when a valid {@code retry} field sets the reconnection time, in stream order with the events. */
        public Builder onRetry(Consumer<Duration> listener) {
            retryListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Called for each comment line ({@code : text}), such as a server's heartbeat; browsers ignore them. */
        public Builder onComment(Consumer<String> listener) {
            commentListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** A new EventSource in readyState CONNECTING (PROC-001); nothing is sent before {@link EventSource#start()}. */
        public EventSource build() {
            return new EventSource(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
