package dev.ssekit.server;

import dev.ssekit.server.internal.Admission;
import dev.ssekit.server.internal.BadRequest;
import dev.ssekit.server.internal.Counters;
import dev.ssekit.server.internal.DocsFiles;
import dev.ssekit.server.internal.Document;
import dev.ssekit.server.internal.DocumentStream;
import dev.ssekit.server.internal.EncodedDocument;
import dev.ssekit.server.internal.EventStream;
import dev.ssekit.server.internal.FeedHub;
import dev.ssekit.server.internal.FeedStream;
import dev.ssekit.server.internal.LastEventId;
import dev.ssekit.server.internal.StreamContext;
import dev.ssekit.server.internal.StreamParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The server-neutral reference server (spec/contract.md): every route, the document streams, the broadcast feed,
 * CORS, limits and stats. An adapter turns HTTP into {@link SseRequest}s, writes what {@link #handle} answers, and
 * moves bytes; everything else is here, so both reference servers behave byte for byte alike.
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
 * Each connection's backlog (the bytes queued for it that the adapter has not yet taken for writing) is bounded by
 * {@link SseServerConfig#backlogBytes()}. When an event would take the backlog over the bound, the connection is
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
 *   <li>When a request head has arrived, call {@link #admit} with it (body null). A refusal is sent as is; it closes
 *       the connection when its headers say {@code Connection: close}. Otherwise send {@code 100 Continue} if the
 *       request expects it and announces a body, read the body (at most {@link #MAX_BODY_BYTES}), and call
 *       {@link #handle} (any thread; it does not block).</li>
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
 * Streams keep their state under their own monitor; the feed holds one lock for an id, the replay ring and one pass
 * over its subscribers. A timed document stream holds one periodic task; all heartbeats come from one shared timer
 * that exists only while a stream is open, so an idle core has no scheduled task.
 */
public final class SseCore implements AutoCloseable {

    /** The largest {@code POST /api/feed} body; adapters answer 413 above it without buffering more. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID";
    private static final int MAX_CACHED_ENCODINGS = 64;
    private static final String DOCS_ALLOW = "GET, HEAD, OPTIONS";
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** This server's name and its neighbours' ports, for {@code /api/info}. */
    private record Directory(String self, Map<String, Integer> servers) {
    }

    private enum Route {
        PAGE("/", "GET, HEAD, OPTIONS"),
        SSE("/api/sse", "GET, HEAD, OPTIONS"),
        STATS("/api/stats", "GET, HEAD, OPTIONS"),
        INFO("/api/info", "GET, HEAD, OPTIONS"),
        FEED("/api/feed", "GET, HEAD, POST, OPTIONS");

        final String path;
        final String allow;

        Route(String path, String allow) {
            this.path = path;
            this.allow = allow;
        }

        static Route of(String path) {
            for (Route r : values()) {
                if (r.path.equals(path)) {
                    return r;
                }
            }
            return null;
        }

        boolean allows(String method) {
            return !"OPTIONS".equals(method) && List.of(allow.split(", ")).contains(method);
        }
    }

    private final SseServerConfig config;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final Counters counters = new Counters();
    private final StreamContext ctx;
    private final FeedHub feed;
    private final Map<String, EncodedDocument> encodings = new ConcurrentHashMap<>();
    private final byte[] page;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Directory directory = new Directory(null, Map.of());

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
        for (String name : Document.bundledNames()) {
            encoding(Document.bundled(name), config.eventType()); // the default type, encoded up front
        }
        this.page = demoPage(config.eventType());
        HttpStatus.date(); // time zone data and the formatter load now, not on an error path (API-034)
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

    /** Publishes to the feed without HTTP or token (for embedding and benchmarks); returns the event's id. */
    public long publish(String data) {
        if (closed.get()) {
            throw new IllegalStateException("core is closed");
        }
        return feed.publish(Objects.requireNonNull(data, "data"));
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
        checkName(self);
        Map<String, Integer> copy = new LinkedHashMap<>();
        servers.forEach((name, port) -> {
            checkName(name);
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of " + name + " must be 1..65535, got " + port);
            }
            copy.put(name, port);
        });
        directory = new Directory(self, Collections.unmodifiableMap(copy));
    }

    private static void checkName(String name) {
        if (name == null || !SERVER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a server name must be 1 to 32 characters of A-Z a-z 0-9 _ . -, got "
                    + BadRequest.quote(String.valueOf(name)));
        }
    }

    public Stats stats() {
        return new Stats(ctx.registry().size(), scheduler.pendingTasks(), counters.eventsSent.sum(),
                counters.slowClientsDropped.sum(), feed.subscribers(), counters.eventsDroppedForSlowClients.sum(),
                feed.latest(), counters.requestsTimedOut.sum());
    }

    /**
     * Checks a request head before its body is read (contract.md, "Hostile clients"): the framing (a body only with one
     * valid Content-Length, API-031, HTTP-001..003), Host (HTTP-004), Expect (HTTP-006), the body's size, and, for a
     * request that announces a body, what its route, method and token decide (404, 405, 401, 403). Returns the refusal,
     * which closes the connection when a body may follow, or null: then the adapter sends {@code 100 Continue} if the
     * request expects it and announces a body, reads the body, and calls {@link #handle}.
     */
    public SseResponse admit(SseRequest head) {
        Map<String, List<String>> cors = cors(head.header("Origin"));
        Admission.Refusal r = Admission.check(head, MAX_BODY_BYTES);
        if (r != null) {
            Map<String, List<String>> h = new LinkedHashMap<>(cors);
            if (r.close()) {
                h.put("Connection", List.of("close"));
            }
            return text(r.status(), h, r.reason());
        }
        if (!Admission.announcesBody(head)) {
            return null;
        }
        SseResponse early = routeRefusal(head, cors);
        if (early == null) {
            return null;
        }
        Map<String, List<String>> h = new LinkedHashMap<>(early.headers());
        h.put("Connection", List.of("close")); // the body that may follow is never read
        return new SseResponse.Full(early.status(), Collections.unmodifiableMap(h), ((SseResponse.Full) early).body());
    }

    /** The answer a route, method or publish token gives without the body, or null. */
    private SseResponse routeRefusal(SseRequest head, Map<String, List<String>> cors) {
        String path = head.path();
        if ("/docs".equals(path) || (path != null && path.startsWith("/docs/"))) {
            return null; // a body on GET /docs/ is read (bounded) and ignored; other methods get 405 in handle
        }
        Route route = Route.of(path);
        if (route == null || !"OPTIONS".equals(head.method()) && !route.allows(head.method())) {
            return handle(new SseRequest(head.method(), path, head.rawQuery(), head.headers(), new byte[0], head.version()));
        }
        return route == Route.FEED && "POST".equals(head.method()) ? publishRefusal(head, cors) : null;
    }

    /** The 408 for a connection the request deadline closes (API-030); counts it in {@code requestsTimedOut}. */
    public SseResponse.Full requestTimedOut() {
        counters.requestsTimedOut.increment();
        return text(408, headers(Map.of(), "Connection", "close"), "no whole request arrived within "
                + config.requestTimeoutMs() + " ms (the request deadline); the connection is closed");
    }

    /**
     * The answer to a request head an adapter could not read (HTTP-005, HTTP-009, API-035): plain text naming the
     * problem, and the connection closes. Both adapters send these words for what their HTTP parsers refuse.
     */
    public SseResponse.Full malformed(int status, String reason) {
        return text(status, headers(Map.of(), "Connection", "close"), reason);
    }

    /** The 500 an adapter sends when answering failed (API-035), or 503 once the server is closing. */
    public SseResponse.Full failed(Throwable e) {
        if (closed.get()) {
            return text(503, Map.of(), "the server is shutting down; try again shortly");
        }
        System.getLogger(SseCore.class.getName()).log(System.Logger.Level.ERROR, "answering a request failed", e);
        return text(500, Map.of(), "internal error: " + e);
    }

    /** Answers one request; never blocks. */
    public SseResponse handle(SseRequest request) {
        Map<String, List<String>> cors = cors(request.header("Origin"));
        try {
            String path = request.path();
            if ("/docs".equals(path) || (path != null && path.startsWith("/docs/"))) {
                return docs(request, cors);
            }
            Route route = Route.of(path);
            if (route == null) {
                return text(404, cors, "no resource at " + BadRequest.quote(String.valueOf(path))
                        + "; this server serves /, /api/sse, /api/stats, /api/info, /api/feed and /docs/");
            }
            String method = request.method();
            if ("OPTIONS".equals(method)) {
                return preflight(route.allow, cors);
            }
            boolean head = "HEAD".equals(method);
            if (!route.allows(method)) {
                Map<String, List<String>> h = new LinkedHashMap<>(cors);
                h.put("Allow", List.of(route.allow));
                return text(405, h, "method " + BadRequest.quote(String.valueOf(method)) + " is not allowed on "
                        + route.path + "; allowed: " + route.allow);
            }
            if (closed.get()) {
                return text(503, cors, "the server is shutting down; try again shortly");
            }
            switch (route) {
                case PAGE:
                    return full(200, headers(cors, "Content-Type", "text/html; charset=utf-8",
                            "Cache-Control", "no-cache"), page);
                case STATS:
                    return full(200, headers(cors, "Content-Type", "application/json", "Cache-Control", "no-store"),
                            stats().toJson().getBytes(StandardCharsets.UTF_8));
                case INFO:
                    return full(200, headers(cors, "Content-Type", "application/json", "Cache-Control", "no-store"),
                            infoJson().getBytes(StandardCharsets.UTF_8));
                case SSE:
                    return head ? headOf(documentStream(request, cors)) : documentStream(request, cors);
                case FEED:
                    return "POST".equals(method) ? publish(request, cors)
                            : head ? headOf(subscribe(request, cors)) : subscribe(request, cors);
                default:
                    throw new IllegalStateException(route.name());
            }
        } catch (BadRequest e) {
            return text(400, cors, e.getMessage());
        } catch (RuntimeException e) {
            System.getLogger(SseCore.class.getName()).log(System.Logger.Level.ERROR, "request failed", e);
            return text(500, cors, "internal error: " + e);
        }
    }

    /** HTTP-007: HEAD gets what GET would, with no content; a stream is never opened. */
    private static SseResponse headOf(SseResponse get) {
        return get instanceof SseResponse.Stream s ? new SseResponse.StreamHead(s.status(), s.headers()) : get;
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
        if (ownsScheduler) {
            scheduler.close();
        }
    }

    // ---- /api/sse -------------------------------------------------------------------------------------------

    private SseResponse documentStream(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        StreamParams p = StreamParams.parse(request.rawQuery(), config.intervalMs(), config.eventType());
        long after = LastEventId.parse(request.headers().get("last-event-id"));
        // A given text (API-026) is encoded for this request only; bundled documents come from the cache.
        EncodedDocument doc = Document.bundled(p.doc().name()) == p.doc()
                ? encoding(p.doc(), p.eventType())
                : EncodedDocument.encode(p.doc(), p.eventType());
        if (after > doc.size()) {
            // API-014: past the done event (id N+1); 204 stops EventSource for good (AUTH-003).
            return full(204, headers(cors, "Cache-Control", "no-store"), new byte[0]);
        }
        DocumentStream stream = new DocumentStream(ctx, doc, p.intervalMs(), (int) Math.max(0, after), p.dropAfter());
        return new SseResponse.Stream(200, streamHeaders(cors), stream::open);
    }

    private EncodedDocument encoding(Document doc, String type) {
        String key = doc.name() + '\u0000' + type;
        EncodedDocument e = encodings.get(key);
        if (e != null) {
            return e;
        }
        e = EncodedDocument.encode(doc, type);
        if (encodings.size() < MAX_CACHED_ENCODINGS) { // bounded: event types come from the query
            EncodedDocument prior = encodings.putIfAbsent(key, e);
            return prior != null ? prior : e;
        }
        return e;
    }

    // ---- /api/info and /docs ------------------------------------------------------------------------------

    private String infoJson() {
        Directory d = directory; // names and ports are checked in announce(): nothing to escape
        StringBuilder b = new StringBuilder("{\"implementation\":");
        b.append(d.self() == null ? "null" : '"' + d.self() + '"').append(",\"servers\":[");
        String sep = "";
        for (Map.Entry<String, Integer> e : d.servers().entrySet()) {
            b.append(sep).append("{\"name\":\"").append(e.getKey()).append("\",\"port\":").append(e.getValue()).append('}');
            sep = ",";
        }
        Path root = config.docsRoot();
        b.append("],\"docs\":").append(root != null && Files.isDirectory(root))
                .append(",\"textLimit\":").append(StreamParams.MAX_TEXT_CODE_POINTS).append('}');
        return b.toString();
    }

    /** API-028: the docs site's files; a path that could leave the root is 400 before any file is looked at. */
    private SseResponse docs(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        String method = request.method();
        if ("OPTIONS".equals(method)) {
            return preflight(DOCS_ALLOW, cors);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            Map<String, List<String>> h = new LinkedHashMap<>(cors);
            h.put("Allow", List.of(DOCS_ALLOW));
            return text(405, h, "method " + BadRequest.quote(String.valueOf(method)) + " is not allowed on /docs/; allowed: "
                    + DOCS_ALLOW);
        }
        String path = request.path();
        if ("/docs".equals(path)) {
            return redirect("/docs/", cors);
        }
        Path root = config.docsRoot();
        if (root == null || !Files.isDirectory(root)) {
            return text(404, cors, (root == null ? "this server has no docs site configured"
                    : "the docs site is not built: " + root + " does not exist")
                    + ". Build it with ./mvnw verify (or ./mvnw -B -ntp -pl docs -am verify), then start ./sse-kit serve,"
                    + " which serves docs/target/site, or pass --docs DIR.");
        }
        DocsFiles.Result r = DocsFiles.lookup(root, path.substring("/docs/".length()));
        if (r instanceof DocsFiles.Found f) {
            return new SseResponse.File(200, headers(cors, "Content-Type", f.contentType(), "Cache-Control", "no-cache",
                    "X-Content-Type-Options", "nosniff"), f.path(), f.length());
        } else if (r instanceof DocsFiles.Redirect) {
            return redirect(path + "/", cors);
        } else if (r instanceof DocsFiles.TooLarge t) {
            return text(500, cors, t.message());
        }
        return text(404, cors, ((DocsFiles.Missing) r).message());
    }

    private static SseResponse redirect(String location, Map<String, List<String>> cors) {
        return text(301, headers(cors, "Location", location), "moved to " + location);
    }

    // ---- /api/feed ------------------------------------------------------------------------------------------

    private SseResponse subscribe(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        long after = LastEventId.parse(request.headers().get("last-event-id"));
        long latest = feed.latest();
        if (after > latest) {
            throw new BadRequest("header \"" + LastEventId.HEADER + "\" is " + after
                    + ", ahead of the feed's newest id " + latest);
        }
        FeedStream stream = feed.subscriber(after);
        return new SseResponse.Stream(200, streamHeaders(cors), stream::open);
    }

    private SseResponse publish(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        SseResponse refused = publishRefusal(request, cors);
        if (refused != null) {
            return refused;
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > MAX_BODY_BYTES) {
            return text(413, cors, "the body is " + body.length + " bytes; the limit is " + MAX_BODY_BYTES);
        }
        String data;
        try {
            data = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the body must be UTF-8 text; it is not valid UTF-8");
        }
        long id = feed.publish(data);
        return full(202, headers(cors, "Content-Type", TEXT, "Cache-Control", "no-store"),
                Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }

    /** 403 when publishing is off or the token is wrong, 401 without a Bearer token; null when it may publish. */
    private SseResponse publishRefusal(SseRequest request, Map<String, List<String>> cors) {
        String token = config.publishToken();
        if (token == null) {
            return text(403, cors, "publishing is disabled: this server has no publish token configured");
        }
        String auth = request.header("Authorization");
        String given = bearer(auth);
        if (given == null) {
            Map<String, List<String>> h = headers(cors, "WWW-Authenticate", "Bearer realm=\"sse-kit\"");
            return text(401, h, auth == null
                    ? "publishing needs the header Authorization: Bearer <token>"
                    : "the Authorization header must use the Bearer scheme: Authorization: Bearer <token>");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return text(403, cors, "the bearer token is not this server's publish token");
        }
        return null;
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive), or null. */
    private static String bearer(String auth) {
        if (auth == null) {
            return null;
        }
        String a = auth.strip();
        if (a.length() < 7 || !a.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer") || a.charAt(6) != ' ') {
            return null;
        }
        String t = a.substring(7).strip();
        return t.isEmpty() ? null : t;
    }

    // ---- responses ------------------------------------------------------------------------------------------

    private Map<String, List<String>> cors(String origin) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        if (origin != null && config.allowedOrigins().contains(origin)) {
            h.put("Access-Control-Allow-Origin", List.of(origin)); // API-023: exactly as sent, never *
            h.put("Access-Control-Allow-Credentials", List.of("true"));
            h.put("Vary", List.of("Origin"));
        } else {
            h.put("Access-Control-Allow-Origin", List.of("*")); // API-022: no credentials with * (CORS-006)
            if (!config.allowedOrigins().isEmpty()) {
                h.put("Vary", List.of("Origin"));
            }
        }
        return Collections.unmodifiableMap(h);
    }

    private static SseResponse preflight(String allow, Map<String, List<String>> cors) {
        return full(204, headers(cors,
                "Allow", allow,
                "Access-Control-Allow-Methods", allow,
                "Access-Control-Allow-Headers", ALLOW_HEADERS,
                "Access-Control-Max-Age", "600"), new byte[0]);
    }

    private static Map<String, List<String>> streamHeaders(Map<String, List<String>> cors) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("text/event-stream; charset=utf-8")); // API-001
        h.put("Cache-Control", List.of("no-store")); // API-002
        h.put("X-Accel-Buffering", List.of("no")); // API-002: nginx would otherwise buffer
        h.putAll(cors);
        return Collections.unmodifiableMap(h);
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> cors, String... nameValues) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        h.putAll(cors);
        return Collections.unmodifiableMap(h);
    }

    private static SseResponse.Full text(int status, Map<String, List<String>> extra, String message) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of(TEXT));
        h.put("Cache-Control", List.of("no-store"));
        h.putAll(extra);
        return full(status, Collections.unmodifiableMap(h), (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static SseResponse.Full full(int status, Map<String, List<String>> headers, byte[] body) {
        return new SseResponse.Full(status, headers, body);
    }

    private static byte[] demoPage(String eventType) {
        try (InputStream in = SseCore.class.getResourceAsStream("demo.html")) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/ssekit/server/demo.html");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Safe inside a JS string and HTML: the type is checked to be [A-Za-z0-9_.:-]{1,64}.
            return html.replace("{{EVENT_TYPE}}", eventType).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
