package dev.ssekit.server.redis;

import dev.ssekit.server.FeedStore;
import dev.ssekit.server.FeedUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.redis.client.ProtocolVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broadcast feed on one Redis stream, shared by every server that names the same Redis and key.
 *
 * <ul>
 *   <li>A publish is one {@code XADD key MAXLEN ~ capacity 0-* d data}: Redis gives the entry {@code 0-N}, the next
 *       sequence number, and N is the event's id on every server (decimal, consecutive, from 1).</li>
 *   <li>Each server has one reading connection: it fills its feed with the newest entries the stream keeps
 *       ({@code XREVRANGE}), then follows it with a blocking {@code XREAD} from the newest id it has. Entries go to the
 *       server's feed in order, where they are encoded once and fanned out as on one server. A server that reads
 *       slowly holds back nobody: Redis does not wait for readers.</li>
 *   <li>When the reading connection fails, it is made again (backing off up to {@value #RECONNECT_MAX_MS} ms) and
 *       reading goes on from the newest id the server has; what the stream trimmed meanwhile is a gap the feed tells
 *       its subscribers about. A server that cannot read for {@value #CUT_AFTER_MS} ms cuts its subscribers once, so
 *       that they resume, through a balancer on another server, rather than wait in silence.</li>
 *   <li>A stream that came back shorter than this server's newest id (Redis restarted without persistence) is moved
 *       on to that id by a script ({@code XSETID}, or an emptied {@code XADD} when the key is gone), so that ids never
 *       go back, and the feed tells its subscribers that events after it may be lost. The same script keeps a random
 *       epoch next to the stream ({@code KEY:epoch}): when Redis loses its data the epoch changes, so every server
 *       can tell, not only the first to come back.</li>
 *   <li>Publishes and the newest-id query use a second connection and are bounded by {@value #COMMAND_TIMEOUT_MS} ms;
 *       a failure is a {@link FeedUnavailableException} naming the Redis and the reason, which the feed answers with
 *       503.</li>
 * </ul>
 */
public final class RedisFeedStore implements FeedStore {

    /** The default key of the stream. */
    public static final String DEFAULT_KEY = "sse-kit:feed";
    /** The bound on a publish or a newest-id query. */
    static final long COMMAND_TIMEOUT_MS = 2000;
    /** How long one XREAD blocks: the reader notices a close within this. */
    static final int BLOCK_MS = 1000;
    /** Entries one XREAD takes at most. */
    static final int READ_COUNT = 512;
    static final long RECONNECT_MIN_MS = 100;
    static final long RECONNECT_MAX_MS = 2000;
    /** How long a server that cannot read the stream keeps its subscribers waiting before it cuts them. */
    static final long CUT_AFTER_MS = 5000;

    /** The data field of an entry. */
    static final String DATA = "d";

    private static final Logger LOG = Logger.getLogger(RedisFeedStore.class.getName());

    /**
     * Run by each server after each connect. Moves the stream's last id on to ARGV[1] when it is behind (a Redis that
     * lost the stream; a missing key is made with one entry at that id, trimmed to none), and returns the stream's last
     * sequence number afterwards, 1 when it moved it, and the stream's epoch: a random value kept next to the stream
     * (KEYS[2], set to ARGV[2] when missing), which changes when Redis loses its data, so that every server, not only
     * the first to come back, can tell.
     */
    static final String CATCH_UP = String.join("\n",
            "local ok, info = pcall(redis.call, 'XINFO', 'STREAM', KEYS[1])",
            "local last = 0",
            "if ok then",
            "  for i = 1, #info, 2 do",
            "    if info[i] == 'last-generated-id' then last = tonumber(string.match(info[i + 1], '%-(%d+)$')) end",
            "  end",
            "end",
            "local epoch = redis.call('GET', KEYS[2])",
            "if not epoch then epoch = ARGV[2]; redis.call('SET', KEYS[2], epoch) end",
            "local want = tonumber(ARGV[1])",
            "if last >= want then return {last, 0, epoch} end",
            "if ok then redis.call('XSETID', KEYS[1], '0-' .. want)",
            "else redis.call('XADD', KEYS[1], 'MAXLEN', '0', '0-' .. want, 'seed', '1') end",
            "return {want, 1, epoch}");

    private final String url;
    private final String key;
    private final int capacity;
    private final Vertx vertx;
    private final Redis commands;
    private final Redis readerClient;

    // The reader's state: touched on the store's one event loop only.
    private RedisConnection reader;
    private long backoffMs = RECONNECT_MIN_MS;
    private long downSince = -1; // when reading stopped working, -1 while it works
    private boolean cutSent; // this outage's cut was made
    private boolean foreignWarned;
    private String epoch; // the stream's epoch when this server last read it; null before the first connect

    private volatile FeedStore.Sink sink;
    private volatile boolean closed;

    private RedisFeedStore(String url, String key, int capacity) {
        this.url = url;
        this.key = key;
        this.capacity = capacity;
        // one event loop: the reader's loop and every callback run on it, in order
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.commands = Redis.createClient(vertx, options(url).setMaxPoolSize(4).setMaxPoolWaiting(256));
        this.readerClient = Redis.createClient(vertx, options(url).setMaxPoolSize(1));
    }

    private static RedisOptions options(String url) {
        return new RedisOptions().setConnectionString(url)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2) // arrays, the same shape from every command
                .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) COMMAND_TIMEOUT_MS)
                        .setTcpNoDelay(true).setTcpKeepAlive(true));
    }

    /**
     * The factory for a server's config.
     *
     * @param url {@code redis://HOST:PORT} or {@code redis://HOST:PORT/DB}
     * @param key the stream's key, e.g. {@link #DEFAULT_KEY}
     * @throws IllegalArgumentException naming what is wrong with the URL or key
     */
    public static FeedStore.Factory factory(String url, String key) {
        String checked = checkUrl(url);
        if (key == null || key.isEmpty() || key.length() > 256 || key.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("the Redis key must be 1 to 256 visible characters, got \""
                    + key + "\"");
        }
        return capacity -> new RedisFeedStore(checked, key, capacity);
    }

    /** {@code redis://HOST[:PORT][/DB]} with nothing else; the reason otherwise. */
    static String checkUrl(String url) {
        URI u;
        try {
            u = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
        }
        if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("a Redis URL is redis://HOST:PORT (optionally /DB), got " + url);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.isEmpty() && !path.matches("/[0-9]{1,2}")) {
            throw new IllegalArgumentException("the path of a Redis URL is a database number (/0 to /99), got "
                    + path);
        }
        if (u.getQuery() != null || u.getFragment() != null) {
            throw new IllegalArgumentException("a Redis URL takes no query or fragment, got " + url);
        }
        return url;
    }

    @Override
    public String describe() {
        return "Redis stream " + key + " at " + redacted();
    }

    /** The URL without a password. */
    private String redacted() {
        return redacted(url);
    }

    /** A Redis URL as it may be printed: without the user and password it may carry. */
    public static String redacted(String url) {
        return url.replaceFirst("//[^@/]*@", "//");
    }

    // ---- publish and newest ------------------------------------------------------------------------------

    @Override
    public CompletionStage<Long> append(String data) {
        Request xadd = Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(capacity).arg("0-*")
                .arg(DATA).arg(data);
        return bounded(commands.send(xadd), "publishing").thenApply(r -> {
            long id = sequence(r.toString());
            if (id < 0) {
                throw new FeedUnavailableException("the stream " + key + " at " + redacted()
                        + " holds entries the kit did not write (id " + r + "); give the feed a key of its own");
            }
            return id;
        });
    }

    @Override
    public CompletionStage<Long> newest() {
        return bounded(commands.send(Request.cmd(Command.XINFO).arg("STREAM").arg(key)).transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture(lastGenerated(ar.result()));
            }
            String m = String.valueOf(ar.cause().getMessage());
            return m.contains("no such key") ? Future.succeededFuture(0L) : Future.failedFuture(ar.cause());
        }), "asking for the newest id");
    }

    /** The stage of a Redis call, bounded, failing with the reason a 503 gives. */
    private <T> CompletableFuture<T> bounded(Future<T> call, String doing) {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.onComplete(ar -> {
            if (ar.succeeded()) {
                f.complete(ar.result());
            } else {
                f.completeExceptionally(unavailable(doing, ar.cause()));
            }
        });
        return f.orTimeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable c = e.getCause() != null && !(e instanceof FeedUnavailableException) ? e.getCause() : e;
            if (c instanceof FeedUnavailableException u) {
                throw u;
            }
            if (c instanceof TimeoutException) {
                throw new FeedUnavailableException("the feed's Redis at " + redacted() + " did not answer within "
                        + COMMAND_TIMEOUT_MS + " ms when " + doing);
            }
            throw unavailable(doing, c);
        });
    }

    private FeedUnavailableException unavailable(String doing, Throwable cause) {
        if (cause instanceof FeedUnavailableException u) {
            return u;
        }
        return new FeedUnavailableException("the feed's Redis at " + redacted() + " failed when " + doing + ": "
                + describe(cause), cause);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    // ---- the reader --------------------------------------------------------------------------------------

    @Override
    public void start(FeedStore.Sink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("already started");
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        vertx.runOnContext(v -> connect());
    }

    private void connect() {
        if (closed) {
            return;
        }
        readerClient.connect().onComplete(ar -> {
            if (closed) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                down("cannot connect: " + describe(ar.cause()));
                return;
            }
            reader = ar.result();
            RedisConnection conn = reader;
            conn.exceptionHandler(e -> readerGone(conn, describe(e)));
            conn.endHandler(v -> readerGone(conn, "the connection closed"));
            catchUp(conn);
        });
    }

    /**
     * After each connect: moves the stream on if it lost events (ids never go back), fills the feed when it is empty,
     * then reads.
     */
    private void catchUp(RedisConnection conn) {
        long latest = sink.latest();
        Request script = Request.cmd(Command.EVAL).arg(CATCH_UP).arg(2).arg(key).arg(key + ":epoch").arg(latest)
                .arg(UUID.randomUUID().toString());
        conn.send(script).onComplete(ar -> {
            if (ar.failed()) {
                readerGone(conn, "checking the stream: " + describe(ar.cause()));
                return;
            }
            long last = ar.result().get(0).toLong();
            boolean moved = ar.result().get(1).toLong() == 1;
            String now = ar.result().get(2).toString();
            boolean otherEpoch = epoch != null && !epoch.equals(now);
            epoch = now;
            up();
            if ((moved || otherEpoch) && latest > 0) {
                // Redis came back without the stream, or with less of it: what other servers had after this one's
                // newest is gone, and this server's subscribers may have missed it
                sink.lost(latest, "the feed's Redis lost its stream after event " + latest
                        + " (restarted without persistence?); events published after it may be lost");
            }
            if (sink.latest() == 0) {
                fill(conn, last);
            } else {
                read(conn);
            }
        });
    }

    /** A server whose feed is empty takes the newest entries the stream keeps, oldest first, then reads. */
    private void fill(RedisConnection conn, long last) {
        conn.send(Request.cmd(Command.XREVRANGE).arg(key).arg("+").arg("-").arg("COUNT").arg(capacity))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        readerGone(conn, "filling from the stream: " + describe(ar.cause()));
                        return;
                    }
                    Response newestFirst = ar.result();
                    for (int i = newestFirst == null ? 0 : newestFirst.size() - 1; i >= 0; i--) {
                        deliver(newestFirst.get(i));
                    }
                    if (sink.latest() < last) {
                        // the stream keeps nothing up to its last id (emptied, or moved on): start after it
                        sink.lost(last, "this server joined the feed after event " + last);
                    }
                    read(conn);
                });
    }

    private void read(RedisConnection conn) {
        if (closed || conn != reader) {
            return;
        }
        Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(READ_COUNT).arg("BLOCK").arg(BLOCK_MS)
                .arg("STREAMS").arg(key).arg("0-" + sink.latest());
        conn.send(xread).onComplete(ar -> {
            if (ar.failed()) {
                readerGone(conn, "reading the stream: " + describe(ar.cause()));
                return;
            }
            Response r = ar.result();
            if (r != null && r.type() == ResponseType.MULTI) {
                for (int s = 0; s < r.size(); s++) {
                    Response entries = r.get(s).get(1);
                    for (int i = 0; i < entries.size(); i++) {
                        deliver(entries.get(i));
                    }
                }
            }
            read(conn);
        });
    }

    /** Hands an entry to the feed; one the kit did not write is skipped (and said once). */
    private void deliver(Response entry) {
        String id = entry.get(0).toString();
        long n = sequence(id);
        String data = field(entry.get(1), DATA);
        if (n < 0 || data == null) {
            if (!foreignWarned) {
                foreignWarned = true;
                LOG.warning(() -> "the stream " + key + " holds entries the kit did not write (first " + id
                        + "); they are skipped: give the feed a key of its own");
            }
            return;
        }
        sink.deliver(n, data);
    }

    private static String field(Response fields, String name) {
        if (fields == null) {
            return null;
        }
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (name.equals(fields.get(i).toString())) {
                return fields.get(i + 1).toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** N of an entry id {@code 0-N}; -1 for any other id. */
    static long sequence(String id) {
        if (id == null || !id.startsWith("0-")) {
            return -1;
        }
        try {
            long n = Long.parseLong(id.substring(2));
            return n > 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The sequence of {@code last-generated-id} in an XINFO STREAM answer (RESP2: name, value, ...). */
    static long lastGenerated(Response info) {
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if ("last-generated-id".equals(info.get(i).toString())) {
                String id = info.get(i + 1).toString();
                return Math.max(0, sequence(id));
            }
        }
        return 0;
    }

    private void up() {
        if (downSince >= 0) {
            long was = System.currentTimeMillis() - downSince;
            LOG.info(() -> "reading the feed from " + redacted() + " again after " + was + " ms");
        }
        downSince = -1;
        cutSent = false;
        backoffMs = RECONNECT_MIN_MS;
    }

    /** The reading connection failed or closed: it is let go (closing twice is harmless) and reading starts over. */
    private void readerGone(RedisConnection conn, String why) {
        if (conn == reader) {
            reader = null;
            conn.close();
            down(why);
        }
    }

    /** Reading stopped: try again after a back-off; past {@link #CUT_AFTER_MS}, cut the subscribers once. */
    private void down(String why) {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        if (downSince < 0) {
            downSince = now;
            LOG.warning(() -> "cannot read the feed from " + redacted() + ": " + why + "; trying again");
        }
        if (!cutSent && now - downSince >= CUT_AFTER_MS) {
            cutSent = true;
            long latest = sink.latest();
            sink.lost(latest, "this server cannot read the feed's Redis (" + why + ")");
        }
        long wait = backoffMs;
        backoffMs = Math.min(RECONNECT_MAX_MS, backoffMs * 2);
        vertx.setTimer(wait, t -> connect());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            if (reader != null) {
                reader.close();
                reader = null;
            }
            readerClient.close();
            commands.close();
            done.complete(null);
        });
        try {
            done.get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the Redis clients", e);
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the store's Vert.x", e);
        }
    }
}
