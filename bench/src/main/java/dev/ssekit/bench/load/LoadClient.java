package dev.ssekit.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A non-blocking SSE load generator: one selector thread drives every connection. This class is the selector loop
 * and its schedule (open, churn, reopen, abort); each {@link LoadConnection} reads its response through the kit's
 * HTTP response decoder into its own parser, and {@link Latency} measures what arrives.
 *
 * <p>Connections bind to 127.0.0.1, 127.0.0.2, ... in turn so that many connections to one server port do not
 * run out of ephemeral ports on a single source address.
 *
 * <p>Bounded: at most {@code maxConnections} open at once, and the selector thread stops by itself after
 * {@code maxDurationMs}. Everything is loopback only.
 */
public final class LoadClient implements LoadDriver {

    private final InetSocketAddress remote;
    private final String host;
    private final int maxConnections;
    private final long deadlineNanos;
    private final List<InetAddress> sources = new ArrayList<>();
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<LoadConnection> conns = new ArrayList<>();
    private final ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;
    private int sourceIndex;

    // --- observable counters (written by the selector thread) ---
    private final Latency latency = new Latency();
    private final LoadConnection.Owner owner = new Counting();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicLong opened = new AtomicLong();

    // --- churn / reopen state (selector thread only) ---
    private String churnPath;
    private double churnRatePerSec;
    private long churnStartNanos;
    private long churnEndNanos;
    private long churnOpened;
    private long churnHoldNanos;
    private String reopenPath;
    private long reopenUntilNanos;

    /**
     * @param host a loopback address of the server (e.g. 127.0.0.1)
     * @param port the server port
     * @param sourceAddresses how many source addresses 127.0.0.1..127.0.0.n to bind to (1..250)
     * @param maxConnections the most connections open at once
     * @param maxDurationMs after this the client stops by itself and closes every connection
     */
    public LoadClient(String host, int port, int sourceAddresses, int maxConnections, long maxDurationMs) throws IOException {
        this(host, port, sourceRange(1, Math.max(1, Math.min(250, sourceAddresses))), maxConnections, maxDurationMs);
    }

    /** 127.0.0.first .. 127.0.0.(first+count-1). */
    static List<InetAddress> sourceRange(int first, int count) {
        if (first < 1 || count < 1 || first + count - 1 > 254) {
            throw new IllegalArgumentException("source addresses 127.0.0." + first + " +" + count + " out of 1..254");
        }
        List<InetAddress> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * @param sources loopback source addresses that connections bind to in turn
     */
    public LoadClient(String host, int port, List<InetAddress> sources, int maxConnections, long maxDurationMs) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        if (!addr.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only: " + host);
        }
        this.host = host;
        this.remote = new InetSocketAddress(addr, port);
        this.maxConnections = maxConnections;
        this.deadlineNanos = System.nanoTime() + maxDurationMs * 1_000_000L;
        for (InetAddress a : sources) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("loopback only: " + a);
            }
            this.sources.add(a);
        }
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "load-client");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Opens {@code n} connections that GET {@code path} (e.g. {@code /api/feed}) and stay open. */
    public void open(int n, String path) {
        commands.add(() -> {
            for (int i = 0; i < n; i++) {
                LoadConnection c = connect(path, 0);
                if (c != null) {
                    c.persistent = true;
                }
            }
        });
        selector.wakeup();
    }

    /**
     * Like {@link #open}, but each counts as established once its request is written: for a server that sends no
     * response head before its first event, which an idle stream never sends. A head that comes later is not counted
     * again.
     */
    public void openCountedOnRequest(int n, String path) {
        commands.add(() -> {
            for (int i = 0; i < n; i++) {
                LoadConnection c = connect(path, 0);
                if (c != null) {
                    c.persistent = true;
                    c.establishedOnRequest = true;
                }
            }
        });
        selector.wakeup();
    }

    /** Connect at {@code ratePerSec} for {@code durationMs}; abort (RST) each one {@code holdMs} after its head arrived. */
    public void churn(String path, double ratePerSec, long durationMs, long holdMs) {
        commands.add(() -> {
            churnPath = path;
            churnRatePerSec = ratePerSec;
            churnStartNanos = System.nanoTime();
            churnEndNanos = churnStartNanos + durationMs * 1_000_000L;
            churnHoldNanos = holdMs * 1_000_000L;
            churnOpened = 0;
        });
        selector.wakeup();
    }

    /** Opens {@code n} connections to {@code path}; each one that completes is replaced until {@code durationMs} passed. */
    public void openRepeating(int n, String path, long durationMs) {
        commands.add(() -> {
            reopenPath = path;
            reopenUntilNanos = System.nanoTime() + durationMs * 1_000_000L;
            for (int i = 0; i < n; i++) {
                connect(path, 0);
            }
        });
        selector.wakeup();
    }

    /** Stops replacing completed streams (see {@link #openRepeating}). */
    public void stopRepeating() {
        commands.add(() -> reopenPath = null);
        selector.wakeup();
    }

    /** Aborts (RST) every open connection. */
    public void abortAll() {
        commands.add(() -> {
            for (LoadConnection c : new ArrayList<>(conns)) {
                c.close(true);
            }
        });
        selector.wakeup();
    }

    /** Waits until {@code n} responses have their head (or fail), at most {@code timeoutMs}; returns the number established. */
    public int awaitEstablished(int n, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (established.get() + failed.get() < n && System.nanoTime() < end && running) {
            Thread.sleep(5);
        }
        return established.get();
    }

    /** Whether a churn run is still opening connections or has some open. */
    public boolean churning() {
        return churnPath != null || open.get() > 0;
    }

    /** False once the client stopped (closed, or its time bound passed). */
    public boolean running() {
        return running;
    }

    public long events() {
        return latency.events();
    }

    /** CPU time the selector thread has used so far, in nanoseconds (-1 if the JVM cannot tell). */
    public long cpuNanos() {
        try {
            return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    public int openConnections() {
        return open.get();
    }

    public int established() {
        return established.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Streams that ended by themselves with a complete response (e.g. a finished document). */
    public int completed() {
        return completed.get();
    }

    /** Streams the server closed or reset while the client still wanted them (e.g. dropped as too slow). */
    public int lost() {
        return lost.get();
    }

    public long connectionsOpened() {
        return opened.get();
    }

    /** Latency since the last call, in microseconds. */
    public Histogram takeLatency() {
        return latency.takePublishToReceive();
    }

    /** Time from connect to first event since the last call, in microseconds. */
    public Histogram takeFirstEvent() {
        return latency.takeFirstEvent();
    }

    /** Per-connection event counts of the connections open now (a snapshot, taken on the selector thread). */
    public long[] eventCountsPerConnection() throws InterruptedException {
        long[][] out = new long[1][];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        commands.add(() -> {
            long[] a = new long[conns.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = conns.get(i).eventCount;
            }
            out[0] = a;
            done.countDown();
        });
        selector.wakeup();
        if (!done.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            return new long[0];
        }
        return out[0];
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- selector thread

    private void loop() {
        try {
            while (running && System.nanoTime() < deadlineNanos) {
                Runnable r;
                while ((r = commands.poll()) != null) {
                    r.run();
                }
                tickChurn();
                selector.select(churnPath != null ? 1 : 20);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    LoadConnection c = (LoadConnection) k.attachment();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isConnectable()) {
                            c.channel.finishConnect();
                            k.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (k.isValid() && k.isWritable()) {
                            c.channel.write(c.request);
                            if (!c.request.hasRemaining()) {
                                k.interestOps(SelectionKey.OP_READ);
                                c.requestWritten();
                            }
                        }
                        if (k.isValid() && k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException | RuntimeException e) {
                        if (!c.headDone()) {
                            failed.incrementAndGet();
                        } else {
                            lost.incrementAndGet();
                        }
                        c.close(true);
                    }
                }
            }
        } catch (IOException e) {
            // selector broken: give up
        } finally {
            running = false;
            for (LoadConnection c : new ArrayList<>(conns)) {
                c.close(true);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private void tickChurn() {
        if (churnPath == null) {
            return;
        }
        long now = System.nanoTime();
        if (churnHoldNanos >= 0) {
            for (int i = conns.size() - 1; i >= 0; i--) {
                LoadConnection c = conns.get(i);
                if (c.churn && c.headDone() && now - c.headNanos >= c.holdNanos) {
                    c.close(true);
                }
            }
        }
        if (now >= churnEndNanos) {
            churnPath = null;
            for (LoadConnection c : new ArrayList<>(conns)) {
                if (c.churn) {
                    c.close(true);
                }
            }
            return;
        }
        long due = (long) ((now - churnStartNanos) / 1e9 * churnRatePerSec);
        while (churnOpened < due && open.get() < maxConnections) {
            churnOpened++;
            LoadConnection c = connect(churnPath, churnHoldNanos == 0 ? 0
                    : ThreadLocalRandom.current().nextLong(churnHoldNanos + 1));
            if (c != null) {
                c.churn = true;
            }
        }
    }

    private LoadConnection connect(String path, long holdNanos) {
        if (open.get() >= maxConnections) {
            failed.incrementAndGet();
            return null;
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(sources.get(sourceIndex++ % sources.size()), 0));
            LoadConnection c = new LoadConnection(ch, LoadConnection.request(path, host, remote.getPort()), holdNanos, owner,
                    latency);
            boolean now = ch.connect(remote);
            c.key = ch.register(selector, now ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
            c.index = conns.size();
            conns.add(c);
            open.incrementAndGet();
            opened.incrementAndGet();
            return c;
        } catch (IOException e) {
            failed.incrementAndGet();
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            return null;
        }
    }

    private void read(LoadConnection c) throws IOException {
        for (int rounds = 0; rounds < 4; rounds++) {
            readBuf.clear();
            int n = c.channel.read(readBuf);
            if (n < 0) {
                c.endOfInput();
                return;
            }
            if (n == 0) {
                return;
            }
            c.consume(readBuf.array(), 0, n);
            if (c.closed) {
                return;
            }
            if (n < readBuf.capacity()) {
                return;
            }
        }
    }

    /** What connections report (selector thread): the counters, the list of open ones, and reopening. */
    private final class Counting implements LoadConnection.Owner {
        @Override
        public void onEstablished() {
            established.incrementAndGet();
        }

        @Override
        public void onFailed() {
            failed.incrementAndGet();
        }

        @Override
        public void onCompleted() {
            completed.incrementAndGet();
        }

        @Override
        public void onLost() {
            lost.incrementAndGet();
        }

        @Override
        public void onClosed(LoadConnection c) {
            open.decrementAndGet();
            int i = c.index;
            if (i >= 0 && i < conns.size() && conns.get(i) == c) {
                LoadConnection last = conns.remove(conns.size() - 1);
                if (last != c) {
                    conns.set(i, last);
                    last.index = i;
                }
            }
            if (reopenPath != null && !c.churn && System.nanoTime() < reopenUntilNanos && running) {
                connect(reopenPath, 0);
            }
        }
    }
}
