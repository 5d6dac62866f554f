package dev.ssekit.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.ssekit.bench.load.BenchResults.Bracket;
import dev.ssekit.bench.load.BenchResults.ChurnResult;
import dev.ssekit.bench.load.BenchResults.ClockCheck;
import dev.ssekit.bench.load.BenchResults.Failed;
import dev.ssekit.bench.load.BenchResults.FanoutResult;
import dev.ssekit.bench.load.BenchResults.FanoutSetup;
import dev.ssekit.bench.load.BenchResults.FanoutStep;
import dev.ssekit.bench.load.BenchResults.HoldResult;
import dev.ssekit.bench.load.BenchResults.Latency1Result;
import dev.ssekit.bench.load.BenchResults.Latency1Setup;
import dev.ssekit.bench.load.BenchResults.LatencySummary;
import dev.ssekit.bench.load.BenchResults.Scenario;
import dev.ssekit.bench.load.BenchResults.Status;
import dev.ssekit.bench.load.BenchResults.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The load scenarios: fan-out, stream, churn, hold and latency1 ({@link Overload} is the sixth). Each is bounded in
 * time and count and returns its record of {@link BenchResults}.
 */
public final class Scenarios {

    /** Source addresses 127.0.0.1..127.0.0.8 that client connections bind to in turn. */
    static final int SOURCES = 8;
    /** Growth of heap-after-GC across churn that still counts as "returned" (GC noise, JIT, class data). */
    static final long CHURN_HEAP_MARGIN = 16L << 20;

    private Scenarios() {
    }

    /** Where a scenario's subscribers run. */
    @FunctionalInterface
    public interface Clients {
        LoadDriver start(BenchSubject s, int maxConnections, long maxDurationMs) throws IOException;

        /** The load client in this JVM (each connection costs this process a second descriptor and heap). */
        Clients IN_PROCESS = (s, max, ms) -> new LoadClient(s.host(), s.port(), SOURCES, max, ms);
        /** The load client in child JVMs, one per {@value AgentClients#PER_AGENT} connections. */
        Clients AGENTS = (s, max, ms) -> AgentClients.start(s.host(), s.port(), AgentClients.agentsFor(max), max, ms);
    }

    /** The shared-clock check of a client in child processes; null for one in this JVM. */
    static ClockCheck clock(LoadDriver lc) {
        return lc instanceof AgentClients a ? a.clock() : null;
    }

    static void log(String subject, String scenario, String fmt, Object... args) {
        System.out.printf("%6.1fs [%s %s] %s%n", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, subject, scenario,
                String.format(fmt, args));
        System.out.flush();
    }

    static double ms(Histogram h, double pct) {
        return LatencySummary.ms(h, pct);
    }

    /**
     * Fan-out: {@code n} subscribers on the feed; publish at each rate for {@code stepMs} (then let it drain up to
     * 2 s) until a step is not sustained (its p99 exceeds {@code p99BoundMs}, it delivers under 90% of what was
     * offered, or it loses a subscriber), then bisect between the last sustained rate and that one to within 10%
     * ({@link RateSearch}). The max sustained figure is the best sustained step.
     */
    public static Scenario fanout(BenchSubject s, int n, long[] rates, long stepMs, double p99BoundMs)
            throws IOException, InterruptedException {
        return fanout(s, Clients.IN_PROCESS, n, rates, stepMs, p99BoundMs);
    }

    /** Fan-out with the subscribers in {@code clients}. */
    public static Scenario fanout(BenchSubject s, Clients clients, int n, long[] rates, long stepMs, double p99BoundMs)
            throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.FANOUT)) {
            return notApplicable(s, BenchSubject.FANOUT);
        }
        List<FanoutStep> steps = new ArrayList<>();
        long bound = 90_000 + (rates.length + RateSearch.MAX_PROBES + 1) * 2L * (stepMs + 2_500);
        try (LoadDriver lc = clients.start(s, n + 16, bound)) {
            FanoutSetup setup = new FanoutSetup(n, p99BoundMs, lc.describe(), clock(lc));
            lc.open(n, s.feedPath());
            int est = lc.awaitEstablished(n, 60_000);
            awaitActive(s, n, 5_000);
            log(s.name(), "fanout", "%d/%d subscribers established (client: %s)", est, n, lc.describe());
            if (est < n) {
                return new Failed(setup, "only " + est + " of " + n + " subscribers established");
            }
            // warm-up (JIT of server and client), not measured: the lowest rate for one step
            long warm = publishAtRate(s, rates[0], Math.min(1_000, stepMs));
            long wEnd = System.nanoTime() + 2_000_000_000L;
            while (lc.events() < warm * n && System.nanoTime() < wEnd) {
                Thread.sleep(2);
            }
            log(s.name(), "fanout", "warm-up: %d events published at %d/s, %d delivered (not measured)", warm, rates[0], lc.events());
            Thread.sleep(200);
            lc.takeLatency();
            // subscribers stay connected across every step and probe; a lost one ends the ramp
            RateSearch.Result found = RateSearch.search(rates, (rate, kind, retryLeft) -> {
                FanoutStep st = step(s, lc, n, rate, stepMs, p99BoundMs, kind, retryLeft);
                steps.add(st);
                return new RateSearch.Outcome(st.sustained(), st.subscribersLost() > 0);
            });
            FanoutStep best = null;
            long peak = 0;
            for (FanoutStep st : steps) {
                peak = Math.max(peak, st.deliveredPerSec());
                if (st.sustained() && (best == null || st.deliveredPerSec() > best.deliveredPerSec())) {
                    best = st;
                }
            }
            long[] counts = lc.eventCountsPerConnection();
            java.util.LongSummaryStatistics perSub = java.util.stream.LongStream.of(counts).summaryStatistics();
            FanoutResult out = new FanoutResult(setup, steps, counts.length, counts.length == 0 ? 0 : perSub.getMin(),
                    counts.length == 0 ? 0 : perSub.getMax(), "ok", best == null ? 0 : best.deliveredPerSec(),
                    best == null ? null : best.latency(), peak,
                    found.lo() > 0 && found.hi() > 0 ? new Bracket(found.lo(), found.hi()) : null);
            // the most delivered in any step, whatever its latency: context when nothing was sustained
            log(s.name(), "fanout", "SUMMARY n=%d max sustained delivered %s events/s (peak in any step %d/s; rate bracket %d..%d/s%s)",
                    n, out.maxSustainedDeliveredPerSec(), peak, found.lo(), found.hi(), found.lost() ? ", a subscriber was lost" : "");
            lc.abortAll();
            awaitActive0(s, 30_000); // the next scenario (or the server's close) starts from 0 streams
            return out;
        }
    }

    /**
     * One step of the ramp at {@code rate} for {@code stepMs} (then up to 2 s to drain): sustained when the publisher
     * kept up, at least 90% of what was offered arrived, p99 is within the bound and no subscriber was lost.
     */
    private static FanoutStep step(BenchSubject s, LoadDriver lc, int n, long rate, long stepMs, double p99BoundMs, String kind,
            boolean retryLeft) throws IOException, InterruptedException {
        lc.refresh();
        long ev0 = lc.events();
        long cpu0 = lc.cpuNanos();
        long gc0 = gcMillis();
        int lost0 = lc.lost();
        long t0 = System.nanoTime();
        long published = publishAtRate(s, rate, stepMs);
        long offered = published * n;
        long drainEnd = System.nanoTime() + 2_000_000_000L;
        while (lc.events() - ev0 < offered && System.nanoTime() < drainEnd) {
            Thread.sleep(2);
        }
        lc.refresh();
        double secs = (System.nanoTime() - t0) / 1e9;
        long delivered = lc.events() - ev0;
        Histogram h = lc.takeLatency();
        int lostNow = lc.lost() - lost0;
        double clientCpu = (lc.cpuNanos() - cpu0) / 1e9 / secs;
        long gcMs = gcMillis() - gc0;
        double p99 = ms(h, 99);
        long planned = rate * stepMs / 1000;
        // the publisher must keep up too: a server whose publish call is slow (it writes on the
        // caller's thread) offers less than the rate asked for
        boolean ok = published >= 0.9 * planned && delivered >= 0.9 * offered && p99 >= 0 && p99 <= p99BoundMs && lostNow == 0;
        // RateSearch runs a failed step once more while the ramp's one retry is left
        boolean retry = !ok && retryLeft && lostNow == 0;
        FanoutStep st = new FanoutStep(rate, planned, published, offered, delivered, Math.round(delivered / secs), lostNow,
                LatencySummary.of(h), ok, Math.round(clientCpu * 100) / 100.0, gcMs, retry ? Boolean.TRUE : null, kind);
        log(s.name(), "fanout", "n=%d %s rate=%d/s published=%d/%d offered=%d delivered=%d (%.0f/s) p50=%.2fms p99=%.2fms p99.9=%.2fms lost=%d clientCpu=%.0f%% gc=%dms %s",
                n, kind, rate, published, planned, offered, delivered, delivered / secs, ms(h, 50), p99, ms(h, 99.9), lostNow,
                clientCpu * 100, gcMs, ok ? "OK" : retry ? "NOT SUSTAINED (retrying once)" : "NOT SUSTAINED");
        return st;
    }

    static long gcMillis() {
        long t = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, b.getCollectionTime());
        }
        return t;
    }

    /** Publishes {@code System.nanoTime()} as text at {@code rate}/s for {@code ms}; returns the count. */
    static long publishAtRate(BenchSubject s, long rate, long ms) {
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        long max = rate * ms / 1000;
        long n = 0;
        while (n < max) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = Math.min(max, (long) ((now - start) / 1e9 * rate) + 1);
            while (n < due) {
                s.publish(Long.toString(System.nanoTime()));
                n++;
            }
            LockSupport.parkNanos(200_000);
        }
        return n;
    }

    static void awaitActive(BenchSubject s, int n, long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (s.activeStreams() >= 0 && s.activeStreams() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    /** Stream: {@code m} clients pull the document over and over (each finished one is replaced) for {@code ms}. */
    public static Scenario stream(BenchSubject s, int m, long ms) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.STREAM)) {
            return notApplicable(s, BenchSubject.STREAM);
        }
        try (LoadClient lc = new LoadClient(s.host(), s.port(), SOURCES, m + 16, ms + 10_000)) {
            long t0 = System.nanoTime();
            lc.openRepeating(m, s.streamPath(), ms);
            long step = Math.max(500, ms / 3);
            long last = 0;
            while (System.nanoTime() - t0 < ms * 1_000_000L) {
                Thread.sleep(Math.min(step, Math.max(1, ms - (System.nanoTime() - t0) / 1_000_000L)));
                long e = lc.events();
                log(s.name(), "stream", "t=%.1fs events=%d (+%d) completed=%d open=%d", (System.nanoTime() - t0) / 1e9, e,
                        e - last, lc.completed(), lc.openConnections());
                last = e;
            }
            lc.stopRepeating();
            double secs = (System.nanoTime() - t0) / 1e9;
            long events = lc.events();
            Histogram ttfe = lc.takeFirstEvent();
            StreamResult out = new StreamResult("ok", m, s.streamPath(), secs, events, Math.round(events / secs), lc.completed(),
                    lc.failed(), LatencySummary.of(ttfe));
            log(s.name(), "stream", "SUMMARY %d clients: %.0f events/s, %d documents completed, TTFE p50=%.2fms p99=%.2fms",
                    m, events / secs, lc.completed(), ms(ttfe, 50), ms(ttfe, 99));
            lc.abortAll();
            return out;
        }
    }

    /**
     * Churn: connect at {@code rate}/s for {@code ms}, aborting each (RST) up to 50 ms after its head arrived;
     * then check the server counts 0 active streams within 5 s and heap after GC grew by less than a margin.
     */
    public static Scenario churn(BenchSubject s, double rate, long ms) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.CHURN)) {
            return notApplicable(s, BenchSubject.CHURN);
        }
        long heap0 = s.heapUsedAfterGc();
        long connectionsOpened;
        int established;
        int failed;
        try (LoadClient lc = new LoadClient(s.host(), s.port(), SOURCES, 2_000, ms + 10_000)) {
            long t0 = System.nanoTime();
            lc.churn(s.churnPath(), rate, ms, 50);
            while (System.nanoTime() - t0 < ms * 1_000_000L) {
                Thread.sleep(Math.min(500, ms));
                log(s.name(), "churn", "t=%.1fs opened=%d established=%d open=%d serverActive=%d", (System.nanoTime() - t0) / 1e9,
                        lc.connectionsOpened(), lc.established(), lc.openConnections(), s.activeStreams());
            }
            Thread.sleep(100);
            lc.abortAll();
            connectionsOpened = lc.connectionsOpened();
            established = lc.established();
            failed = lc.failed();
        }
        long end = System.nanoTime() + 5_000_000_000L;
        long tq = System.nanoTime();
        while ((s.activeStreams() > 0 || s.scheduledTasks() > 0) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        double settleMs = (System.nanoTime() - tq) / 1e6;
        Integer beforeProbe = null;
        Integer afterProbe = null;
        if (s.activeStreams() > 0 && s.supports(BenchSubject.FANOUT)) {
            // some servers only notice a vanished client when they write to it: one broadcast, then look again
            beforeProbe = s.activeStreams();
            s.publish("churn-probe");
            long end2 = System.nanoTime() + 2_000_000_000L;
            while (s.activeStreams() > 0 && System.nanoTime() < end2) {
                Thread.sleep(10);
            }
            afterProbe = s.activeStreams();
            log(s.name(), "churn", "%d streams still counted after 5 s; after one broadcast: %d", beforeProbe, afterProbe);
        }
        long heap1 = s.heapUsedAfterGc();
        int active = s.activeStreams();
        int tasks = s.scheduledTasks();
        long growth = heap0 < 0 ? -1 : heap1 - heap0;
        boolean ok = beforeProbe == null && active <= 0 && tasks <= 0 && (heap0 < 0 || growth < CHURN_HEAP_MARGIN);
        log(s.name(), "churn", "SUMMARY opened=%s activeAfter=%d tasksAfter=%d settled in %.0fms heapGrowth=%.1f KiB %s",
                connectionsOpened, active, tasks, settleMs, growth / 1024.0, ok ? "OK" : "NOT RETURNED");
        return new ChurnResult(connectionsOpened, established, failed, beforeProbe, afterProbe, "ok", rate, ms / 1000.0, active,
                tasks, settleMs, heap0, heap1, growth, CHURN_HEAP_MARGIN, ok);
    }

    /** Descriptors the hold ramp leaves free in this JVM (class loading, /proc reads, logs). */
    static final int FD_RESERVE = 64;

    /** Hold with the client in this JVM. */
    public static Scenario hold(BenchSubject s, int n) throws IOException, InterruptedException {
        return hold(s, Clients.IN_PROCESS, n);
    }

    /**
     * Hold: ramp to {@code n} idle feed streams in batches; report the server's live heap per stream (after full
     * GCs, net of a baseline sampled three times before connecting) and the server process's RSS per stream. The ramp
     * stops early, with the reason, when a batch is not established within 30 s or when the next batch would leave
     * this JVM (or a server in a child process) fewer than {@value #FD_RESERVE} free descriptors.
     */
    public static Scenario hold(BenchSubject s, Clients clients, int n) throws IOException, InterruptedException {
        return hold(s, clients, n, s.feedPath(), false);
    }

    /** Hold on {@code path} (recorded in the result), e.g. an idle document stream. */
    public static Scenario hold(BenchSubject s, Clients clients, int n, String path) throws IOException, InterruptedException {
        return hold(s, clients, n, path, true);
    }

    private static Scenario hold(BenchSubject s, Clients clients, int n, String path, boolean recordPath)
            throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.HOLD)) {
            return notApplicable(s, BenchSubject.HOLD);
        }
        long[] base = heapSamples(s);
        long heap0 = base[1];
        long rss0 = s.rssBytes();
        long fds0 = s.serverFds();
        long maxFds = s.serverMaxFds();
        try (LoadDriver lc = clients.start(s, n + 16, 300_000)) {
            long t0 = System.nanoTime();
            int batch = Math.max(100, Math.min(1_000, n / 10));
            int asked = 0;
            String stop = null;
            // a stream costs this JVM a descriptor for the client when it runs here, and one for the server when it does
            long perStream = (lc instanceof LoadClient ? 1 : 0) + (s.inThisJvm() ? 1 : 0);
            boolean onRequest = s.holdEstablishedOnRequest() && lc instanceof LoadClient;
            while (asked < n) {
                int k = Math.min(batch, n - asked);
                long room = perStream == 0 || maxFds() < 0 ? Long.MAX_VALUE : (maxFds() - openFds() - FD_RESERVE) / perStream;
                if (!s.inThisJvm() && maxFds >= 0) {
                    room = Math.min(room, s.serverMaxFds() - s.serverFds() - FD_RESERVE);
                }
                if (room < k) {
                    k = (int) Math.max(0, room);
                    if (k == 0) {
                        stop = String.format("fd-limit: this JVM has %d of %d descriptors open, the server %d of %d; the next"
                                + " stream would leave fewer than %d free", openFds(), maxFds(), s.serverFds(), maxFds, FD_RESERVE);
                        break;
                    }
                }
                if (onRequest) {
                    ((LoadClient) lc).openCountedOnRequest(k, path);
                } else {
                    lc.open(k, path);
                }
                asked += k;
                int est = lc.awaitEstablished(asked, 30_000);
                log(s.name(), "hold", "established=%d/%d failed=%d serverActive=%d serverFds=%d/%d", est, n, lc.failed(),
                        s.activeStreams(), s.serverFds(), maxFds);
                if (est < asked) {
                    stop = String.format("not-established: %d of %d streams asked for were not established within 30 s"
                            + " (client failures %d, the server's descriptors %d of %d)", asked - est, asked, lc.failed(),
                            s.serverFds(), maxFds);
                    break;
                }
            }
            int est = lc.established();
            awaitActive(s, est, 5_000);
            if (onRequest) {
                // no head to wait for: give the server time to accept and read what was written
                awaitServerFds(s, fds0 + est, 10_000);
            }
            double rampSecs = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(300);
            long fds1 = s.serverFds();
            if (onRequest && stop == null && fds0 >= 0 && fds1 - fds0 < est * 0.95) {
                stop = String.format("not-held: the server holds %d more descriptors for the %d streams written", fds1 - fds0, est);
            }
            long[] after = heapSamples(s);
            long heap1 = after[1];
            long rss1 = s.rssBytes();
            int serverActive = s.activeStreams();
            long heapPerConn = est == 0 || heap0 < 0 || heap1 < 0 ? -1 : (heap1 - heap0) / est;
            long rssPerConn = est == 0 || rss0 < 0 || rss1 < 0 ? -1 : (rss1 - rss0) / est;
            String note = !s.inThisJvm() ? "server in a child JVM: heap (read over JMX) and RSS are that JVM's alone"
                    + (onRequest ? "; a stream counted once its request was written (no head before the first event),"
                            + " checked against the server's descriptors" : "")
                    : lc instanceof LoadClient
                    ? "in-process: includes the load client's own per-connection state (same for every subject)"
                    : "client in separate processes: this JVM holds only the server's state";
            log(s.name(), "hold", "SUMMARY %d/%d streams in %.1fs (%s): heap %.2f KiB/stream (baseline spread %.0f KiB), RSS %.2f KiB/stream%s",
                    est, n, rampSecs, lc.describe(), heapPerConn / 1024.0, (base[2] - base[0]) / 1024.0, rssPerConn / 1024.0,
                    stop == null ? "" : "; stopped: " + stop);
            lc.abortAll();
            long ta = System.nanoTime();
            awaitActive0(s, 30_000);
            double settle = (System.nanoTime() - ta) / 1e9;
            log(s.name(), "hold", "after aborting every stream: serverActive=%d after %.1fs", s.activeStreams(), settle);
            return new HoldResult(n, lc.describe(), clock(lc), est == n && stop == null ? "ok" : "partial", est, stop,
                    serverActive, rampSecs, heap0, base[2] - base[0], heap1, heapPerConn, rssPerConn, fds0, fds1, maxFds, note,
                    s.activeStreams(), Math.round(settle * 100) / 100.0, recordPath ? path : null);
        }
    }

    private static void awaitServerFds(BenchSubject s, long fds, long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (s.serverFds() >= 0 && s.serverFds() < fds && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    /** {@code not-applicable}, with the subject's reason when it gives one. */
    static Scenario notApplicable(BenchSubject s, String scenario) {
        String why = s.notApplicableReason(scenario);
        return why == null ? Status.NOT_APPLICABLE : new BenchResults.NotApplicable(why);
    }

    /** Three heap-after-GC readings, sorted (min, median, max); all -1 when the server is not in this JVM. */
    static long[] heapSamples(BenchSubject s) {
        return heapSamples(s, 3);
    }

    /** {@code k} heap-after-GC readings, sorted. */
    static long[] heapSamples(BenchSubject s, int k) {
        long[] h = new long[k];
        for (int i = 0; i < k; i++) {
            h[i] = s.heapUsedAfterGc();
        }
        java.util.Arrays.sort(h);
        return h;
    }

    /**
     * Waits for the server to count 0 streams. Some servers (Undertow's built-in handler) only notice a vanished
     * client when they write to it: after 2 s, one broadcast nudges them.
     */
    static void awaitActive0(BenchSubject s, long ms) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        boolean nudged = false;
        while (s.activeStreams() > 0 && System.nanoTime() < end) {
            if (!nudged && System.nanoTime() - start > 2_000_000_000L && s.supports(BenchSubject.FANOUT)) {
                nudged = true;
                s.publish("settle");
            }
            Thread.sleep(10);
        }
    }

    /** Open descriptors of this JVM, or -1. */
    static long openFds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return -1;
    }

    /** This JVM's open-files limit, or -1. */
    static long maxFds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /**
     * One subscriber at {@code rate} events/s for {@code ms} (after a warm-up of ms/4, at most 1 s, not measured): publish-to-receive
     * p50/p99/p99.9, one progress line per second.
     */
    public static Scenario latency1(BenchSubject s, Clients clients, long rate, long ms)
            throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.FANOUT)) {
            return notApplicable(s, "latency1");
        }
        try (LoadDriver lc = clients.start(s, 4, ms + 60_000)) {
            Latency1Setup setup = new Latency1Setup(lc.describe(), clock(lc));
            lc.open(1, s.feedPath());
            if (lc.awaitEstablished(1, 10_000) < 1) {
                return new Failed(setup, "the subscriber was not established");
            }
            awaitActive(s, 1, 5_000);
            long warm = publishAtRate(s, rate, Math.min(1_000, ms / 4));
            awaitEvents(lc, warm, 2_000);
            lc.takeLatency();
            Histogram total = new Histogram(60_000_000L, 3);
            long published = 0;
            long t0 = System.nanoTime();
            lc.refresh();
            long ev0 = lc.events();
            for (long done = 0; done < ms; done += 1_000) {
                long chunk = Math.min(1_000, ms - done);
                long p = publishAtRate(s, rate, chunk);
                published += p;
                Histogram h = lc.takeLatency();
                total.add(h);
                log(s.name(), "latency1", "t=%.0fs published=%d received=%d p50=%.3fms p99=%.3fms max=%.3fms", (done + chunk) / 1e3,
                        p, h.getTotalCount(), ms(h, 50), ms(h, 99), h.getTotalCount() == 0 ? -1 : h.getMaxValue() / 1e3);
            }
            awaitEvents(lc, ev0 + published, 2_000);
            total.add(lc.takeLatency());
            lc.refresh();
            Latency1Result out = new Latency1Result(setup, "ok", rate, (System.nanoTime() - t0) / 1e9, published,
                    lc.events() - ev0, lc.lost(), LatencySummary.of(total), null, null);
            log(s.name(), "latency1", "SUMMARY 1 subscriber at %d/s for %.0fs: p50=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms (%d events)",
                    rate, ms / 1e3, ms(total, 50), ms(total, 99), ms(total, 99.9),
                    total.getTotalCount() == 0 ? -1 : total.getMaxValue() / 1e3, total.getTotalCount());
            lc.abortAll();
            awaitActive0(s, 30_000);
            return out;
        }
    }

    private static void awaitEvents(LoadDriver lc, long n, long ms) throws IOException, InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (lc.events() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        lc.refresh();
    }

    /** VmRSS of this process from /proc/self/status, or -1. */
    static long rssBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
