package dev.ssekit.server;

import dev.ssekit.server.internal.Admission;
import dev.ssekit.server.internal.Answers;
import dev.ssekit.server.internal.BadRequest;
import dev.ssekit.server.internal.Counters;
import dev.ssekit.server.internal.Cors;
import dev.ssekit.server.internal.DemoPage;
import dev.ssekit.server.internal.DocsRoute;
import dev.ssekit.server.internal.Document;
import dev.ssekit.server.internal.DocumentRoute;
import dev.ssekit.server.internal.EventStream;
import dev.ssekit.server.internal.FeedHub;
import dev.ssekit.server.internal.FeedRoute;
import dev.ssekit.server.internal.InfoRoute;
import dev.ssekit.server.internal.PublishToken;
import dev.ssekit.server.internal.Route;
import dev.ssekit.server.internal.StatsRoute;
import dev.ssekit.server.internal.StreamContext;
import dev.ssekit.server.internal.StreamParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The server-neutral reference server (spec/contract.md): every route, the document streams, the broadcast feed,
 * CORS, limits and stats. An adapter turns HTTP into {@link SseRequest}s, writes what {@link #handle} answers, and
 * moves bytes; everything else is here, so both reference servers behave byte for byte alike. This class is the
 * router; each concern has a class of its own in the (not exported) {@code internal} package: a {@code Route} per
 * path, CORS, the publish token, the refusals and answers, the feed hub and the stream registry.
 *
 * <h2>Routes</h2>
 * <ul>
 *   <li>{@code GET /}: the demo page, {@code text/html; charset=utf-8} (API-025).</li>
 *   <li>{@code GET /api/sse}: a bundled document, or the {@code text} parameter's text (API-026, API-027), as an
 *       event stream (API-001..018); 400 for a bad query or {@code Last-Event-ID}, 204 for a {@code Last-Event-ID}
 *       past the end.</li>
 *   <li>{@code GET /api/info}: this server's name and the servers next to it, as JSON (API-029).</li>
 *   <li>{@code GET/HEAD /docs/<path>}: the files of {@link SseServerConfig#docsRoot()} (API-028); {@code /docs}
 *       redirects to {@code /docs/}. A file is answered as {@link SseResponse.File}, which the adapter sends from disk
 *       (API-033).</li>
 *   <li>{@code GET /api/stats}: {@link Stats} as JSON (API-017).</li>
 *   <li>{@code GET /api/feed}: subscribe to the broadcast feed, with replay on {@code Last-Event-ID} (API-019,
 *       API-020); an id ahead of the feed's newest is 400.</li>
 *   <li>{@code POST /api/feed}: publish the body (UTF-8 text, at most 64 KiB) as the data of one event, with
 *       {@code Authorization: Bearer <token>} (API-021): no or a non-Bearer Authorization 401, a wrong token 403,
 *       no configured token 403; 202 with the new event's id as the plain-text body.</li>
 *   <li>{@code HEAD} wherever {@code GET} is allowed: the same status and header fields, no content; a stream's head
 *       is a {@link SseResponse.StreamHead} and opens nothing (HTTP-007).</li>
 *   <li>{@code OPTIONS} on any of these: the CORS preflight answer, 204. Other paths 404; other methods 405 with
 *       {@code Allow}. Every 4xx has a {@code text/plain; charset=utf-8} body that names the problem.</li>
 * </ul>
 * Every response carries CORS headers (API-022, API-023): a request whose {@code Origin} is on
 * {@link SseServerConfig#allowedOrigins()} gets that origin echoed, {@code Access-Control-Allow-Credentials: true}
 * and {@code Vary: Origin}; any other request gets {@code Access-Control-Allow-Origin: *} (plus {@code Vary: Origin}
 * when an allow-list exists, since the answer then depends on the origin).
 *
 * <h2>Backpressure (API-024)</h2>
 * Each connection's backlog (the bytes queued for it that the adapter has not yet taken for writing; for a feed
 * subscriber, the log's bytes after its cursor) is bounded by {@link SseServerConfig#backlogBytes()}. When an event would take the backlog over the bound, the connection is
 * dropped at once with {@link Transport#abort()}: nothing more is sent, not even {@code done}. The drop is counted
 * in {@link Stats#slowClientsDropped()}, and the event that did not fit in
 * {@link Stats#eventsDroppedForSlowClients()}. The client can reconnect and resume with {@code Last-Event-ID}
 * ({@code /api/feed} replays from its ring). An empty backlog always takes one event, however large.
 * {@code /api/sse} with {@code interval=0} is produced only as fast as the client reads (the next batch is queued
 * when the adapter reports the previous one written), so a stalled reader stalls its stream rather than filling
 * the backlog; timed streams and the feed never wait for a client. Nothing blocks the publisher or the scheduler,
 * and a connection never holds more than its bound plus the one write the adapter has in flight.
 *
 * <h2>For adapters</h2>
 * <ul>
 *   <li>When a request head has arrived, call {@link #admit} with it (body null). A refusal is sent as is, and the
 *       connection closes after it. Otherwise send {@code 100 Continue} if the request expects it and announces a
 *       body, read the body (at most {@link #MAX_BODY_BYTES}), and call {@link #handle} (any thread; it does not
 *       block). A head the adapter's parser cannot take gets {@link #malformed}; set the parser's limits to
 *       {@link #MAX_REQUEST_LINE}, {@link #MAX_HEADER_SECTION} and {@link #MAX_HEADER_LINES}.</li>
 *   <li>Every answer whose headers say {@code Connection: close} ({@link SseResponse#closesConnection()}) ends its
 *       connection; send the headers as given. An adapter builds no answer of its own: its refusals, its 500 and
 *       its 503 come from here, so both servers say the same thing in the same words with the same headers.</li>
 *   <li>Write a {@link SseResponse.Full} as is (to HEAD, without its body). Send a {@link SseResponse.File} from the
 *       file in bounded pieces or by zero-copy, with Content-Length. For a {@link SseResponse.Stream}: send the status
 *       and headers as given, no Content-Length, no compression (to HTTP/1.0, no Transfer-Encoding either: the
 *       stream then ends by closing the connection), flush, then call {@code open(transport)} once. A
 *       {@link SseResponse.StreamHead} is sent as a stream's head with no content, and nothing is opened.</li>
 *   <li>Enforce the request deadline ({@link SseServerConfig#requestTimeoutMs()}, API-030): a connection that has
 *       not delivered a whole request that long after it was accepted, or after its previous response ended, gets
 *       {@link #requestTimedOut()} (which counts it) and is closed. When answering fails, send {@link #failed}.</li>
 *   <li>On {@link Transport#wakeUp()} (any thread, possibly repeated): on the I/O thread, {@link Outbox#poll()}
 *       once, write all the buffers in one write, and once all of them are written and the channel is
 *       writable again call {@link SseStream#onDrained()} (after every poll that returned buffers; the
 *       {@code interval=0} producer and the {@code dropAfter} cut wait for it). Poll again only after that; a
 *       wake-up that arrives while a write is in flight means "poll again after this one".</li>
 *   <li>{@link Transport#end()}: finish the response after everything already queued is polled and written.
 *       {@link Transport#abort()}: close the connection now, queued bytes included.</li>
 *   <li>Call {@link SseStream#onClosed()} when the connection goes, for whatever reason, also after end or abort.</li>
 *   <li>Buffers may be shared, read-only views: write them, never change their content.</li>
 *   <li>Core calls into the transport never hold a core lock, so the adapter may call back on the same thread.</li>
 * </ul>
 *
 * <h2>Threads and timers</h2>
 * Streams keep their state under their own monitor; the feed holds its lock only to append an event (its id, its
 * encoding, its place in the one shared log). Each feed subscriber is a cursor into that log and reads it at poll
 * time on its adapter's I/O thread, with no lock of the feed's; a publish wakes only the subscribers that were idle.
 * A timed document stream holds one periodic task; all heartbeats come from one shared timer that exists only while a
 * stream is open, so an idle core has no scheduled task.
 */
public final class SseCore implements AutoCloseable {

    /** The largest request body ({@code POST /api/feed}); a larger one is refused from its head with 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The longest request line an adapter takes (HTTP-009): a {@code text} of 4096 code points needs about 48 KiB. */
    public static final int MAX_REQUEST_LINE = 64 * 1024;

    /** The largest header section an adapter takes (HTTP-009), line ends included. */
    public static final int MAX_HEADER_SECTION = 16 * 1024;

    /** The most header lines an adapter takes (HTTP-009). */
    public static final int MAX_HEADER_LINES = 100;

    private final SseServerConfig config;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final Counters counters = new Counters();
    private final StreamContext ctx;
    private final FeedHub feed;
    private final FeedStore store; // null: the feed lives in this server's memory
    private final Cors cors;
    private final List<Route> routes;
    private final DocsRoute docs;
    private final StatsRoute statsRoute;
    private final InfoRoute info;
    private final String served; // what a 404 says is served
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A core with its own {@link ExecutorScheduler}, closed by {@link #close()}. */
    public SseCore(SseServerConfig config) {
        this(check(config), null, true);
    }

    /** A core on the given scheduler, which the caller keeps and closes. */
    public SseCore(SseServerConfig config, Scheduler scheduler) {
        this(check(config), Objects.requireNonNull(scheduler, "scheduler"), false);
    }

    private SseCore(SseServerConfig config, Scheduler scheduler, boolean owns) {
        this.config = config;
        this.scheduler = owns ? new ExecutorScheduler() : scheduler;
        this.ownsScheduler = owns;
        this.ctx = new StreamContext(config, this.scheduler, counters);
        this.feed = new FeedHub(ctx, config.replayCapacity());
        this.store = config.feedStore() == null ? null : config.feedStore().open(config.replayCapacity());
        this.cors = new Cors(config.allowedOrigins());
        this.statsRoute = new StatsRoute(ctx.registry(), this.scheduler, counters, feed);
        this.info = new InfoRoute(config.docsRoot());
        this.routes = List.of(
                new DemoPage(config.eventType()),
                new DocumentRoute(ctx, config.intervalMs(), config.eventType()),
                statsRoute,
                info,
                new FeedRoute(feed, store, new PublishToken(config.publishToken()), MAX_BODY_BYTES,
                        config.requestTimeoutMs()));
        this.docs = new DocsRoute(config.docsRoot());
        List<String> paths = routes.stream().map(Route::path).collect(Collectors.toList());
        this.served = String.join(", ", paths) + " and " + DocsRoute.PATH;
        HttpStatus.date(); // time zone data and the formatter load now, not on an error path (API-034)
        if (store != null) {
            store.start(feed);
        }
    }

    private static SseServerConfig check(SseServerConfig config) {
        Objects.requireNonNull(config, "config");
        if (!StreamParams.isEventType(config.eventType())) {
            throw new IllegalArgumentException("eventType must be 1 to 64 characters of A-Z a-z 0-9 _ . : -, got "
                    + BadRequest.quote(String.valueOf(config.eventType())));
        }
        return config;
    }

    public SseServerConfig config() {
        return config;
    }

    /** The LF-normalised text of a bundled document ({@code tutorial}, {@code probe}): what a full stream spells. */
    public static String documentText(String name) {
        Document d = Document.bundled(name);
        if (d == null) {
            throw new IllegalArgumentException("no bundled document " + BadRequest.quote(String.valueOf(name)));
        }
        return d.text();
    }

    /**
     * Publishes to the feed without HTTP or token (for embedding and benchmarks); returns the event's id. With a feed
     * store this waits for the store (bounded by the request deadline) and throws {@link FeedUnavailableException} when
     * it cannot take the event.
     */
    public long publish(String data) {
        if (closed.get()) {
            throw new IllegalStateException("core is closed");
        }
        Objects.requireNonNull(data, "data");
        if (store == null) {
            return feed.publish(data);
        }
        try {
            return store.append(data).toCompletableFuture().get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof FeedUnavailableException u ? u
                    : new FeedUnavailableException("the feed's store failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new FeedUnavailableException("the feed's store did not answer within " + config.requestTimeoutMs()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailableException("interrupted while publishing");
        }
    }

    /** The feed's store, or null when the feed lives in this server's memory. */
    public FeedStore feedStore() {
        return store;
    }

    /**
     * Names this server and the servers running next to it (itself included), by name and port, for
     * {@code GET /api/info} (API-029): the live playground finds the other server there. Called once the ports are
     * known, after start.
     *
     * @param self this server's name, e.g. {@code undertow}
     * @param servers name to port, in display order
     */
    public void announce(String self, Map<String, Integer> servers) {
        info.announce(self, servers);
    }

    public Stats stats() {
        return statsRoute.snapshot();
    }

    // ---- routing ------------------------------------------------------------------------------------------

    /**
     * Checks a request head before its body is read (contract.md, "Hostile clients"): the framing (a body only with one
     * valid Content-Length, API-031, HTTP-001..003), Host (HTTP-004), Expect (HTTP-006), the body's size, and, for a
     * request that announces a body, what its route, method and token decide (404, 405, 401, 403). Returns the refusal,
     * which closes the connection, or null: then the adapter sends {@code 100 Continue} if the request expects it and
     * announces a body, reads the body, and calls {@link #handle}.
     */
    public SseResponse admit(SseRequest head) {
        Map<String, List<String>> cors = this.cors.headers(head.header("Origin"));
        Admission.Refusal r = Admission.check(head, MAX_BODY_BYTES);
        if (r != null) {
            return Answers.refused(r.status(), r.reason(), cors);
        }
        if (!Admission.announcesBody(head)) {
            return null;
        }
        SseResponse early = refusalBeforeBody(head, cors);
        // The body that may follow is never read: the connection ends with the answer.
        return early == null ? null : Answers.closing((SseResponse.Full) early);
    }

    /** The answer a path, method or publish token gives without the body, or null. */
    private SseResponse refusalBeforeBody(SseRequest head, Map<String, List<String>> cors) {
        String path = head.path();
        if (DocsRoute.matches(path)) {
            return null; // a body on GET /docs/ is read (bounded) and ignored; other methods get 405 in handle
        }
        Route route = route(path);
        if (route == null || !"OPTIONS".equals(head.method()) && !route.allows(head.method())) {
            return handle(new SseRequest(head.method(), path, head.rawQuery(), head.headers(), new byte[0], head.version()));
        }
        return route.refuseBeforeBody(head, cors);
    }

    /** Answers one request; never blocks. */
    // tag::router[]
    public SseResponse handle(SseRequest request) {
        Map<String, List<String>> cors = this.cors.headers(request.header("Origin"));
        try {
            String path = request.path();
            if (DocsRoute.matches(path)) {
                return docs.answer(request, cors);
            }
            Route route = route(path);
            if (route == null) {
                return Answers.notFound(path, served, cors);
            }
            String method = request.method();
            if ("OPTIONS".equals(method)) {
                return Cors.preflight(route.allow(), cors);
            }
            if (!route.allows(method)) {
                return Answers.methodNotAllowed(method, route.path(), route.allow(), cors);
            }
            if (closed.get()) {
                return Answers.shuttingDown(cors);
            }
            SseResponse answer = route.answer(request, cors);
            return "HEAD".equals(method) ? headOf(answer) : answer;
        } catch (BadRequest e) {
            return Answers.badRequest(cors, e.getMessage());
        } catch (RuntimeException e) {
            System.getLogger(SseCore.class.getName()).log(System.Logger.Level.ERROR, "request failed", e);
            return Answers.internalError(cors, e);
        }
    }
    // end::router[]

    private Route route(String path) {
        for (Route r : routes) {
            if (r.path().equals(path)) {
                return r;
            }
        }
        return null;
    }

    /** HTTP-007: HEAD gets what GET would, with no content; a stream is never opened. */
    private static SseResponse headOf(SseResponse get) {
        if (get instanceof SseResponse.Later later) {
            return new SseResponse.Later(later.answer().thenApply(SseCore::headOf));
        }
        return get instanceof SseResponse.Stream s ? new SseResponse.StreamHead(s.status(), s.headers()) : get;
    }

    // ---- the answers adapters send ------------------------------------------------------------------------

    /** The 408 for a connection the request deadline closes (API-030); counts it in {@code requestsTimedOut}. */
    public SseResponse.Full requestTimedOut() {
        counters.requestsTimedOut.increment();
        return Answers.requestTimedOut(config.requestTimeoutMs());
    }

    /**
     * The answer to a request head the adapter's parser could not take (HTTP-005, HTTP-009, API-035): the status and a
     * plain-text reason the core chooses for what the adapter found, and the connection closes.
     */
    public SseResponse.Full malformed(MalformedHead problem) {
        return Answers.refused(problem.status(), problem.reason());
    }

    /**
     * The 500 an adapter sends when answering failed (API-035), or 503 once the server is closing; either ends the
     * connection.
     */
    public SseResponse.Full failed(Throwable e) {
        if (closed.get()) {
            return Answers.shuttingDown();
        }
        System.getLogger(SseCore.class.getName()).log(System.Logger.Level.ERROR, "answering a request failed", e);
        return Answers.internalError(e);
    }

    /**
     * Graceful and idempotent: refuses new streams, ends every open one after what is queued (EventSource then
     * reconnects after its retry time, PROC-011), cancels every timer, and closes the scheduler if the core made it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (EventStream s : ctx.registry().close()) {
            s.shutdown();
        }
        ctx.registry().cancelTimer();
        if (store != null) {
            store.close();
        }
        if (ownsScheduler) {
            scheduler.close();
        }
    }
}
