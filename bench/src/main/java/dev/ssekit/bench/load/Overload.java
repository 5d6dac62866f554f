package dev.ssekit.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import dev.ssekit.bench.load.BenchResults.AcceptProbes;
import dev.ssekit.bench.load.BenchResults.Failed;
import dev.ssekit.bench.load.BenchResults.LatencySummary;
import dev.ssekit.bench.load.BenchResults.OverloadResult;
import dev.ssekit.bench.load.BenchResults.OverloadSetup;
import dev.ssekit.bench.load.BenchResults.PublishCalls;
import dev.ssekit.bench.load.BenchResults.Scenario;
import dev.ssekit.bench.load.BenchResults.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Overload: broadcast well past the sustainable rate to {@code n} subscribers for a bounded time, and judge whether
 * the server degrades gracefully. Thresholds, fixed before any run:
 * <ul>
 *   <li>the publisher never blocks: it publishes at least 90% of the planned events and a publish call's p99 is at
 *       most {@value #PUBLISH_P99_MAX_MS} ms (two shared cores preempt threads for milliseconds; a call that writes to
 *       sockets or waits on a lock takes far longer);</li>
 *   <li>backlogs are bounded: heap after full GC at the end grew by at most n x the per-connection backlog bound
 *       + {@value #HEAP_SLACK_MIB} MiB; a heap above {@value #HEAP_ABORT_PERCENT}% of the maximum ends the run as
 *       collapsed;</li>
 *   <li>accepts keep going: every probe connection opened during the broadcast gets its first response byte within
 *       5 s, with p99 at most {@value #PROBE_P99_MAX_MS} ms;</li>
 *   <li>GC takes at most 1/15 of the wall time (the "more than a second in every fifteen").</li>
 * </ul>
 * Dropping slow subscribers is graceful (that is the bound working); it is reported, not judged.
 */
public final class Overload {

    static final double PUBLISH_P99_MAX_MS = 5;
    static final long HEAP_SLACK_MIB = 64;
    static final int HEAP_ABORT_PERCENT = 80;
    static final double PROBE_P99_MAX_MS = 1_000;
    static final double GC_SHARE_MAX = 1.0 / 15;
    private static final int PROBE_TIMEOUT_MS = 5_000;

    private Overload() {
    }

    /**
     * @param rate events/s published (each to every subscriber)
     * @param rateSource how {@code rate} was chosen, for the report
     */
    public static Scenario run(BenchSubject s, Scenarios.Clients clients, int n, long rate, String rateSource,
            long ms, int probes) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.FANOUT)) {
            return Scenarios.notApplicable(s, "overload");
        }
        try (LoadDriver lc = clients.start(s, n + 16, ms + 120_000)) {
            OverloadSetup setup = new OverloadSetup(n, rate, rateSource, ms / 1e3, lc.describe());
            lc.open(n, s.feedPath());
            int est = lc.awaitEstablished(n, 60_000);
            Scenarios.awaitActive(s, n, 5_000);
            if (est < n) {
                return new Failed(setup, "only " + est + " of " + n + " subscribers established");
            }
            Scenarios.publishAtRate(s, Math.min(rate, 1_000), 300); // warm-up, not measured
            Thread.sleep(500);
            long heap0 = Scenarios.heapSamples(s, 1)[0];
            Map<String, Object> stats0 = s.serverStats();
            lc.refresh();
            long ev0 = lc.events();
            int lost0 = lc.lost();
            long gc0 = Scenarios.gcMillis();
            long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
            Scenarios.log(s.name(), "overload", "%d subscribers (%s); publishing %d events/s (%s) for %.0fs; heap after GC %.1f MiB",
                    n, lc.describe(), rate, rateSource, ms / 1e3, heap0 / 1048576.0);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean heapAbort = new AtomicBoolean();
            AtomicLong published = new AtomicLong();
            long[] worstGcSecond = new long[1];
            long[] peakHeap = new long[1];
            List<double[]> probeResults = new ArrayList<>();
            Thread prober = new Thread(() -> probe(s, probes, ms, stop, probeResults), "overload-probes");
            Thread monitor = new Thread(() -> {
                long t0 = System.nanoTime();
                long lastGc = Scenarios.gcMillis();
                while (!stop.get()) {
                    LockSupport.parkNanos(1_000_000_000L);
                    long gc = Scenarios.gcMillis();
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    worstGcSecond[0] = Math.max(worstGcSecond[0], gc - lastGc);
                    peakHeap[0] = Math.max(peakHeap[0], used);
                    if (maxHeap > 0 && used > maxHeap / 100 * HEAP_ABORT_PERCENT) {
                        heapAbort.set(true);
                    }
                    int done;
                    synchronized (probeResults) {
                        done = probeResults.size();
                    }
                    Scenarios.log(s.name(), "overload", "t=%.0fs published=%d delivered=%d lost=%d heapUsed=%.0fMiB gcThisSecond=%dms probes=%d",
                            (System.nanoTime() - t0) / 1e9, published.get(), lc.events() - ev0, lc.lost() - lost0,
                            used / 1048576.0, gc - lastGc, done);
                    lastGc = gc;
                }
            }, "overload-monitor");
            monitor.setDaemon(true);
            prober.setDaemon(true);
            Histogram publishNanos = new Histogram(60_000_000_000L, 3);
            long t0 = System.nanoTime();
            monitor.start();
            prober.start();
            OverloadResult out;
            try {
                publish(s, rate, ms, publishNanos, published, heapAbort);
            } finally {
                long wall = System.nanoTime() - t0;
                stop.set(true);
                prober.join(PROBE_TIMEOUT_MS * 2L + 3_000L);
                monitor.join(3_000);
                long gcMs = Scenarios.gcMillis() - gc0;
                long heapEnd = Scenarios.heapSamples(s, 1)[0];
                Map<String, Object> stats1 = s.serverStats();
                lc.refresh();
                long delivered = lc.events() - ev0;
                int lost = lc.lost() - lost0;
                Thread.sleep(Math.min(2_000, ms / 2));
                long heapDrained = Scenarios.heapSamples(s, 1)[0];
                int activeAfter = s.activeStreams();

                long planned = rate * ms / 1000;
                double secs = wall / 1e9;
                double pubP99 = publishNanos.getTotalCount() == 0 ? -1 : publishNanos.getValueAtPercentile(99) / 1e6;
                double pubMax = publishNanos.getTotalCount() == 0 ? -1 : publishNanos.getMaxValue() / 1e6;
                Histogram connect = new Histogram(60_000_000L, 3);
                Histogram firstByte = new Histogram(60_000_000L, 3);
                int probeFailed = 0;
                synchronized (probeResults) {
                    for (double[] r : probeResults) {
                        if (r[1] < 0) {
                            probeFailed++;
                        } else {
                            connect.recordValue((long) (r[0] * 1000));
                            firstByte.recordValue((long) (r[1] * 1000));
                        }
                    }
                }
                long bound = (long) n * Subjects.BACKLOG_BYTES + (HEAP_SLACK_MIB << 20);
                long growth = heap0 < 0 || heapEnd < 0 ? -1 : heapEnd - heap0;
                double gcShare = gcMs / 1e3 / secs;

                List<String> why = new ArrayList<>();
                if (heapAbort.get()) {
                    why.add("heap passed " + HEAP_ABORT_PERCENT + "% of its maximum: run stopped early");
                }
                if (published.get() < 0.9 * planned || pubP99 > PUBLISH_P99_MAX_MS) {
                    why.add(String.format("publisher blocked: %d of %d planned events (%.0f%%), publish call p99 %.3f ms, max %.1f ms",
                            published.get(), planned, 100.0 * published.get() / Math.max(1, planned), pubP99, pubMax));
                }
                if (growth > bound) {
                    why.add(String.format("backlog not bounded: heap after GC grew %.0f MiB (bound %.0f MiB)", growth / 1048576.0,
                            bound / 1048576.0));
                }
                double fbP99 = Scenarios.ms(firstByte, 99);
                if (probeFailed > 0 || fbP99 > PROBE_P99_MAX_MS) {
                    why.add(String.format("accepts stalled: %d of %d probes failed (no first byte in %d ms), first-byte p99 %.1f ms",
                            probeFailed, probeResults.size(), PROBE_TIMEOUT_MS, fbP99));
                }
                if (gcShare > GC_SHARE_MAX) {
                    why.add(String.format("GC took %.1f%% of wall time (%d ms in %.1f s; worst second %d ms)", gcShare * 100, gcMs, secs,
                            worstGcSecond[0]));
                }
                Long dropped = null;
                Long eventsDropped = null;
                if (stats0 != null && stats1 != null) {
                    dropped = difference(stats0, stats1, "slowClientsDropped");
                    eventsDropped = difference(stats0, stats1, "eventsDroppedForSlowClients");
                }
                out = new OverloadResult(setup, "ok", why.isEmpty() ? "graceful" : "collapsed", why, planned,
                        published.get(), published.get() * n, delivered, Math.round(delivered / secs), lost, activeAfter,
                        new PublishCalls(publishNanos.getTotalCount(),
                                publishNanos.getTotalCount() == 0 ? -1 : publishNanos.getValueAtPercentile(50) / 1e6, pubP99, pubMax),
                        new AcceptProbes(probeResults.size(), probeFailed, LatencySummary.of(connect), LatencySummary.of(firstByte)),
                        gcMs, Math.round(gcShare * 10_000) / 10_000.0, worstGcSecond[0], heap0, heapEnd, heapDrained, growth,
                        bound, peakHeap[0], stats0, stats1, dropped, eventsDropped);
                Scenarios.log(s.name(), "overload", "SUMMARY %s%s | published %d/%d, publish p99 %.3f ms max %.1f ms; delivered %.0f/s;"
                        + " lost %d subscribers (server dropped %s); heap growth %.1f MiB; probes first-byte p99 %.1f ms (%d failed);"
                        + " GC %.1f%% (worst second %d ms)",
                        why.isEmpty() ? "GRACEFUL" : "COLLAPSED", why.isEmpty() ? "" : " " + why, published.get(), planned, pubP99,
                        pubMax, delivered / secs, lost, dropped == null ? "n/a" : dropped, growth / 1048576.0, fbP99,
                        probeFailed, gcShare * 100, worstGcSecond[0]);
                lc.abortAll();
                Scenarios.awaitActive0(s, 30_000);
            }
            return out;
        }
    }

    /** A server counter's growth between two {@code /api/stats} answers; null when either lacks it. */
    private static Long difference(Map<String, Object> before, Map<String, Object> after, String key) {
        return before.get(key) instanceof Number a && after.get(key) instanceof Number b ? b.longValue() - a.longValue() : null;
    }

    /** Publishes {@code System.nanoTime()} at {@code rate}/s for {@code ms}, timing every publish call. */
    private static void publish(BenchSubject s, long rate, long ms, Histogram callNanos, AtomicLong published, AtomicBoolean abort) {
        long start = System.nanoTime();
        long end = start + ms * 1_000_000L;
        long max = rate * ms / 1000;
        long n = 0;
        while (n < max && !abort.get()) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = Math.min(max, (long) ((now - start) / 1e9 * rate) + 1);
            while (n < due) {
                long t = System.nanoTime();
                s.publish(Long.toString(t));
                callNanos.recordValue(Math.min(60_000_000_000L, System.nanoTime() - t));
                n++;
                if ((n & 63) == 0) {
                    published.set(n);
                    if (System.nanoTime() >= end || abort.get()) {
                        break; // a publisher that fell behind must still stop on time
                    }
                }
            }
            published.set(n);
            LockSupport.parkNanos(200_000);
        }
        published.set(n);
    }

    /**
     * Opens {@code probes} new connections evenly spread over the run, each on its own thread so that a slow one does
     * not delay the next; each result is {connectMs, firstByteMs} (-1: failed).
     */
    private static void probe(BenchSubject s, int probes, long ms, AtomicBoolean stop, List<double[]> results) {
        long gap = Math.max(1, ms / (probes + 1));
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < probes && !stop.get(); i++) {
            long at = t0 + (i + 1) * gap * 1_000_000L;
            while (System.nanoTime() < at && !stop.get()) {
                LockSupport.parkNanos(Math.min(at - System.nanoTime(), 50_000_000L));
            }
            if (stop.get()) {
                break;
            }
            Thread t = new Thread(() -> {
                double[] r = probeOnce(s);
                synchronized (results) {
                    results.add(r);
                }
            }, "overload-probe-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join(PROBE_TIMEOUT_MS * 2L + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double[] probeOnce(BenchSubject s) {
        double[] r = {-1, -1};
        long t0 = System.nanoTime();
        try (Socket so = new Socket()) {
            so.connect(new InetSocketAddress(s.host(), s.port()), PROBE_TIMEOUT_MS);
            r[0] = (System.nanoTime() - t0) / 1e6;
            so.setSoTimeout(PROBE_TIMEOUT_MS);
            so.getOutputStream().write(("GET " + s.feedPath() + " HTTP/1.1\r\nHost: " + s.host() + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = so.getInputStream();
            if (in.read() >= 0) {
                r[1] = (System.nanoTime() - t0) / 1e6;
            }
            so.setSoLinger(true, 0);
        } catch (IOException e) {
            // failed probe: r stays -1
        }
        return r;
    }
}
