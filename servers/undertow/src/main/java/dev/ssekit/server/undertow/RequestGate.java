package dev.ssekit.server.undertow;

import dev.ssekit.server.MalformedHead;
import dev.ssekit.server.SseCore;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConnectionUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The gate in front of Undertow's HTTP parser on one connection: the bottom of its read side, installed when the
 * connection is accepted, so every byte Undertow reads passes here first (contract.md, "Hostile clients").
 *
 * <ul>
 *   <li>Each request head is read strictly ({@link HeadScanner}) and given to {@link SseCore#admit} before Undertow
 *       sees its last byte; a head that is invalid or refused never reaches Undertow. The refusal is written here,
 *       after the answers to the requests before it, and the connection is closed: nothing sent after it (a body, a
 *       pipelined request) is ever read as a request (API-031, HTTP-001..005, HTTP-009). A body is taken only with
 *       one Content-Length and is passed through by count, so the next head is found where it starts.</li>
 *   <li>The request deadline (API-030): a timer on the connection's I/O thread runs from the accept, and again from
 *       the end of each response on a persistent connection, until a whole request (head and body) has arrived. When
 *       it passes, the 408 of {@link SseCore#requestTimedOut()} is written (which counts it) and the connection
 *       closed; a keep-alive connection on which nothing of a next request has arrived is closed without one. No
 *       timer runs while a response is in progress, so an open event stream is never cut.</li>
 *   <li>A connection closed after an answer lingers: its writes are shut down (FIN after the answer) and what the
 *       client still sends is read and dropped, for at most {@link #LINGER_MS} and {@link #LINGER_BYTES}, so that the
 *       client reads the answer instead of a reset.</li>
 *   <li>Where HTTP/2 is served (ALPN h2 over TLS, h2c with prior knowledge), a connection that opens with the h2
 *       preface is HTTP/2: the gate steps aside for good (its heads are HPACK frames, judged per stream by the
 *       adapter's handler), and the deadline is Undertow's idle timeout of the HTTP/2 connection. A connection whose
 *       first bytes stop matching the preface is HTTP/1.x and is read as above from its first byte.</li>
 * </ul>
 * Everything here runs on the connection's I/O thread: Undertow reads there, the timer and the exchange completion
 * of this adapter run there.
 */
final class RequestGate extends AbstractStreamSourceConduit<StreamSourceConduit>
        implements Runnable, ExchangeCompletionListener, ChannelListener<StreamConnection> {

    /** How long a closing connection is read and drained before it is closed regardless. */
    static final long LINGER_MS = 2_000;
    /** How much a closing connection reads and drops before it is closed regardless. */
    static final long LINGER_BYTES = 4L << 20;

    /** Reading heads and bodies and passing them to Undertow. */
    private static final int SCANNING = 0;
    /** Passing {@link #bodyLeft} bytes of an admitted request's body. */
    private static final int BODY = 1;
    /** A head was refused: nothing more reaches Undertow; the refusal waits for the answers before it. */
    private static final int REFUSED = 2;
    /** An event stream is open: its connection closes after it, so what the client sends is only watched for EOF. */
    private static final int PASS = 3;
    /** The connection is closing: what arrives is dropped. */
    private static final int CLOSING = 4;

    private final SseCore core;
    private final StreamConnection connection;
    private final StreamSinkConduit sink;
    private final long timeoutMs;
    private final HeadScanner scanner = new HeadScanner();
    /** Bytes of the HTTP/2 preface matched at the start of the connection; -1 once it cannot be HTTP/2. */
    private int preface;
    private int state = SCANNING;
    private long bodyLeft;
    /** Admitted requests whose exchanges have not completed. */
    private int inFlight;
    /** Whole requests (head and body) received, and exchanges completed: equal while a request is owed. */
    private long received;
    private long ended;
    private XnioExecutor.Key timer;
    private SseResponse.Full refusal;
    private long dropped;

    private RequestGate(StreamSourceConduit next, StreamConnection connection, SseCore core, boolean http2) {
        super(next);
        this.preface = http2 ? 0 : -1;
        this.core = core;
        this.connection = connection;
        this.sink = connection.getSinkChannel().getConduit();
        this.timeoutMs = core.config().requestTimeoutMs();
    }

    /**
     * Puts a gate under Undertow on a new connection (over TLS: its decrypted side) and starts its request deadline;
     * with {@code http2}, a connection that opens with the HTTP/2 preface is passed through as HTTP/2.
     */
    static void install(StreamConnection connection, SseCore core, boolean http2) {
        RequestGate gate = new RequestGate(connection.getSourceChannel().getConduit(), connection, core, http2);
        connection.getSourceChannel().setConduit(gate);
        connection.setCloseListener(gate);
        gate.arm(gate.timeoutMs);
    }

    /** The gate of an exchange's connection. */
    static RequestGate of(HttpServerExchange exchange) {
        return (RequestGate) ((AbstractServerConnection) exchange.getConnection()).getOriginalSourceConduit();
    }

    /** Loads and initialises what the accept, refusal and deadline paths use, so none of it happens there (API-034). */
    static void warmUp(SseCore core) {
        HeadScanner s = new HeadScanner();
        byte[] sample = "GET /api/stats?a=%41 HTTP/1.1\r\nHost: warm-up\r\nX-A: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        s.scan(ByteBuffer.wrap(sample), 0, sample.length);
        SseRequest head = s.request();
        head.contentLength();
        core.admit(head);
        new HeadScanner().scan(ByteBuffer.wrap(new byte[] {0x16}), 0, 1);
        http11(core.malformed(MalformedHead.syntax("warm-up")));
        http11(core.admit(new SseRequest("POST", "/api/feed", null, Map.of("transfer-encoding", List.of("chunked")),
                null, SseRequest.HTTP_1_1)));
        try {
            Class.forName(ConnectionUtils.class.getName(), true, RequestGate.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event stream opened on this connection: from now on nothing the client sends is a request. */
    void streamOpened() {
        state = PASS;
        cancelTimer();
    }

    // ---- reading (Undertow calls these) ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        switch (state) {
            case PASS:
                return next.read(dst);
            case REFUSED:
                return 0;
            case CLOSING:
                return drop();
            default:
                break;
        }
        int start = dst.position();
        int n = next.read(dst);
        if (n <= 0) {
            return n;
        }
        int kept = take(dst, start, start + n);
        dst.position(kept);
        return kept - start;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        for (int i = offs; i < offs + len; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    @Override
    public void resumeReads() {
        if (state == REFUSED) {
            next.suspendReads(); // nothing will be read until the refusal is sent: no wake-ups meanwhile
        } else {
            next.resumeReads();
        }
    }

    @Override
    public void wakeupReads() {
        if (state != REFUSED) {
            next.wakeupReads();
        }
    }

    /**
     * Reads the bytes at {@code [p, end)} of {@code buffer}, just read from the socket, and returns where the bytes
     * Undertow may see end: {@code end}, or where a refused head's bytes start to be withheld.
     */
    private int take(ByteBuffer buffer, int p, int end) {
        if (preface >= 0) {
            p = matchPreface(buffer, p, end);
            if (p < 0) {
                return -p - 1;
            }
        }
        while (p < end) {
            if (state == BODY) {
                int k = (int) Math.min(bodyLeft, end - p);
                p += k;
                bodyLeft -= k;
                if (bodyLeft == 0) {
                    state = SCANNING;
                    requestReceived();
                }
                continue;
            }
            int q = scanner.scan(buffer, p, end);
            MalformedHead v = scanner.violation();
            if (v != null) {
                refuse(core.malformed(v));
                return q; // the offending byte and all after it are withheld
            }
            if (!scanner.complete()) {
                return end;
            }
            SseRequest head = scanner.request();
            scanner.reset();
            SseResponse.Full refused = admit(head);
            if (refused != null) {
                refuse(refused);
                return q - 1; // Undertow never sees the head's last LF: it never starts this request
            }
            inFlight++;
            long length = head.contentLength();
            if (length > 0) {
                state = BODY;
                bodyLeft = length;
            } else {
                requestReceived();
            }
            p = q;
        }
        return end;
    }

    /** HTTP/2 preface, RFC 9113 3.4. */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Matches the start of the connection against the HTTP/2 preface. Returns where HTTP/1.x scanning goes on, or
     * {@code -(k + 1)} when {@code take} is to return {@code k} at once: the whole preface has arrived (HTTP/2 from
     * now on), all of it so far matches, or what matched is already a refused head.
     */
    private int matchPreface(ByteBuffer buffer, int p, int end) {
        while (p < end && preface < PREFACE.length && buffer.get(p) == PREFACE[preface]) {
            p++;
            preface++;
        }
        if (preface == PREFACE.length) {
            preface = -1;
            state = PASS; // HTTP/2: Undertow's HTTP/2 channel reads every byte from here on
            cancelTimer();
            return -end - 1;
        }
        if (p == end) {
            // Undertow may see these: a cut-short preface is read by Undertow's own HTTP/2 prior-knowledge check, which
            // waits for the rest, and one that stops matching is refused here before Undertow reads a request from it
            return -end - 1;
        }
        int matched = preface;
        preface = -1;
        if (matched > 0) {
            // HTTP/1.x after all: the scanner reads the bytes that matched, then goes on from the first that did not
            scanner.scan(ByteBuffer.wrap(PREFACE), 0, matched);
            MalformedHead v = scanner.violation();
            if (v != null) {
                refuse(core.malformed(v));
                return -p - 1;
            }
        }
        return p;
    }

    /** The core's refusal of a complete head, or null. */
    private SseResponse.Full admit(SseRequest head) {
        SseResponse r;
        try {
            r = core.admit(head);
        } catch (RuntimeException e) {
            return core.failed(e);
        }
        return (SseResponse.Full) r;
    }

    private void requestReceived() {
        received++;
        cancelTimer();
    }

    private void refuse(SseResponse.Full r) {
        refusal = r;
        state = REFUSED;
        cancelTimer();
        next.suspendReads();
        if (inFlight == 0) {
            // After Undertow's read listener returns: it may still set itself up to read, which the close replaces.
            execute(this::sendRefusal);
        }
    }

    private void sendRefusal() {
        if (state == REFUSED && connection.isOpen()) {
            SseResponse.Full r = refusal;
            refusal = null;
            closeAfter(r);
        }
    }

    /** Writes {@code r} under Undertow (no response of it is in progress), then lingers and closes. */
    private void closeAfter(SseResponse.Full r) {
        write(r);
        linger();
        ConnectionUtils.cleanClose(connection); // shuts writes down and drains through drop() until EOF
    }

    private void linger() {
        state = CLOSING;
        cancelTimer();
        arm(LINGER_MS);
    }

    private void write(SseResponse.Full r) {
        ByteBuffer bytes = ByteBuffer.wrap(http11(r));
        try {
            while (bytes.hasRemaining() && sink.write(bytes) > 0) {
                // best effort: a client that does not read loses the rest, and the connection closes anyway
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    /** What a closing connection reads: dropped; EOF (or the linger bound) ends it. */
    private int drop() throws IOException {
        ByteBuffer scratch = UndertowTransport.scratch();
        while (true) {
            scratch.clear();
            int n = next.read(scratch);
            if (n <= 0) {
                return n;
            }
            dropped += n;
            if (dropped > LINGER_BYTES) {
                return -1;
            }
        }
    }

    // ---- exchanges, the deadline, the close ----

    /** An exchange of this connection completed (this adapter's handler registers the gate on each one). */
    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        try {
            inFlight--;
            ended++;
            if (state == CLOSING) {
                return;
            }
            if (!exchange.isPersistent()) {
                refusal = null;
                linger(); // Undertow closes it cleanly next, reading through drop()
            } else if (state == REFUSED && inFlight == 0) {
                // Undertow has flushed this response; the refusal follows it, then Undertow closes cleanly.
                SseResponse.Full r = refusal;
                refusal = null;
                exchange.setPersistent(false);
                write(r);
                linger();
            } else if (state != REFUSED && received == ended) {
                arm(timeoutMs); // keep-alive: the next request is owed from now
            }
        } finally {
            nextListener.proceed();
        }
    }

    /** The timer: the request deadline, or the end of a linger. */
    @Override
    public void run() {
        timer = null;
        if (!connection.isOpen()) {
            return;
        }
        if (state == CLOSING) {
            IoUtils.safeClose(connection);
        } else if ((state == SCANNING || state == BODY) && received == ended) {
            if (ended > 0 && state == SCANNING && scanner.idle()) {
                // Idle keep-alive, nothing of a next request sent: closed without an answer, which a request crossing
                // it on the wire could take for its own.
                linger();
                ConnectionUtils.cleanClose(connection);
            } else {
                closeAfter(core.requestTimedOut()); // counts it
            }
        }
    }

    /** The connection closed. */
    @Override
    public void handleEvent(StreamConnection closed) {
        state = CLOSING;
        refusal = null;
        cancelTimer();
    }

    private void arm(long ms) {
        cancelTimer();
        try {
            timer = connection.getIoThread().executeAfter(this, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            IoUtils.safeClose(connection); // the worker is stopping
        }
    }

    private void cancelTimer() {
        XnioExecutor.Key t = timer;
        if (t != null) {
            timer = null;
            t.remove();
        }
    }

    private void execute(Runnable task) {
        try {
            connection.getIoThread().execute(task);
        } catch (RejectedExecutionException e) {
            IoUtils.safeClose(connection);
        }
    }

    // ---- answers written here ----

    /**
     * {@code r} as HTTP/1.1 bytes. Every answer written here is a refusal, a 408 or a 500 of the core, which says
     * {@code Connection: close}: the connection is closed after it.
     */
    private static byte[] http11(SseResponse r) {
        SseResponse.Full f = (SseResponse.Full) r;
        if (!f.closesConnection()) {
            throw new IllegalStateException("the gate closes the connection after its answers; " + f.status()
                    + " does not say so");
        }
        return f.toHttp11();
    }
}
