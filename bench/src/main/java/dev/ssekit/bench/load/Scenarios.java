package dev.ssekit.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** The four load scenarios. Each is bounded in time and count and returns a JSON-ready map. */
public final class Scenarios {

    /** Source addresses 127.0.0.1..127.0.0.8 that client connections bind to in turn. */
    static final int SOURCES = 8;
    /** Growth of heap-after-GC across churn that still counts as "returned" (GC noise, JIT, class data). */
    static final long CHURN_HEAP_MARGIN = 16L << 20;

    private Scenarios() {
    }

    static Map<String, Object> notApplicable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "not-applicable");
        return m;
    }

    private static void log(String subject, String scenario, String fmt, Object... args) {
        System.out.printf("[%s %s] %s%n", subject, scenario, String.format(fmt, args));
        System.out.flush();
    }

    private static double ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(pct) / 1000.0;
    }

    private static Map<String, Object> lat(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50Ms", ms(h, 50));
        m.put("p99Ms", ms(h, 99));
        m.put("p999Ms", ms(h, 99.9));
        m.put("maxMs", h.getTotalCount() == 0 ? -1 : h.getMaxValue() / 1000.0);
        return m;
    }

    /**
     * Fan-out: {@code n} subscribers on the feed; publish at each rate for {@code stepMs} (then let it drain up to
     * 2 s); stop at the first step whose p99 exceeds {@code p99BoundMs}, that delivers under 90% of what was
     * offered, or that loses a subscriber.
     */
    public static Map<String, Object> fanout(BenchSubject s, int n, long[] rates, long stepMs, double p99BoundMs)
            throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.FANOUT)) {
            return notApplicable();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        out.put("subscribers", n);
        long bound = 60_000 + rates.length * (stepMs + 2_500);
        try (LoadClient lc = new LoadClient(s.host(), s.port(), SOURCES, n + 16, bound)) {
            lc.open(n, s.feedPath());
            int est = lc.awaitEstablished(n, 60_000);
            awaitActive(s, n, 5_000);
            log(s.name(), "fanout", "%d/%d subscribers established", est, n);
            if (est < n) {
                out.put("status", "error");
                out.put("error", "only " + est + " of " + n + " subscribers established");
                return out;
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
            Map<String, Object> best = null;
            long peak = 0;
            boolean retried = false;
            for (int ri = 0; ri < rates.length; ri++) {
                long rate = rates[ri];
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
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("rate", rate);
                st.put("planned", planned);
                st.put("published", published);
                st.put("offered", offered);
                st.put("delivered", delivered);
                st.put("deliveredPerSec", Math.round(delivered / secs));
                peak = Math.max(peak, Math.round(delivered / secs));
                st.put("subscribersLost", lostNow);
                st.put("latency", lat(h));
                st.put("sustained", ok);
                st.put("clientThreadCpu", Math.round(clientCpu * 100) / 100.0);
                st.put("gcMillis", gcMs);
                steps.add(st);
                log(s.name(), "fanout", "n=%d rate=%d/s published=%d/%d offered=%d delivered=%d (%.0f/s) p50=%.2fms p99=%.2fms p99.9=%.2fms lost=%d clientCpu=%.0f%% gc=%dms %s",
                        n, rate, published, planned, offered, delivered, delivered / secs, ms(h, 50), p99, ms(h, 99.9), lostNow,
                        clientCpu * 100, gcMs, ok ? "OK" : "NOT SUSTAINED");
                if (!ok) {
                    if (!retried && lostNow == 0) {
                        retried = true; // one retry of a failed step: a single GC pause should not end the ramp
                        st.put("retried", true);
                        ri--;
                        continue;
                    }
                    break;
                }
                best = st;
            }
            long[] counts = lc.eventCountsPerConnection();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long c : counts) {
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
            out.put("steps", steps);
            out.put("subscribersAtEnd", counts.length);
            out.put("minEventsPerSubscriber", counts.length == 0 ? 0 : min);
            out.put("maxEventsPerSubscriber", counts.length == 0 ? 0 : max);
            out.put("status", "ok");
            out.put("maxSustainedDeliveredPerSec", best == null ? 0 : best.get("deliveredPerSec"));
            out.put("atMax", best == null ? null : best.get("latency"));
            // the most delivered in any step, whatever its latency: context when nothing was sustained
            out.put("peakDeliveredPerSec", peak);
            log(s.name(), "fanout", "SUMMARY n=%d max sustained delivered %s events/s (peak in any step %d/s)", n,
                    out.get("maxSustainedDeliveredPerSec"), peak);
            lc.abortAll();
        }
        return out;
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

    private static void awaitActive(BenchSubject s, int n, long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (s.activeStreams() >= 0 && s.activeStreams() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    /** Stream: {@code m} clients pull the document over and over (each finished one is replaced) for {@code ms}. */
    public static Map<String, Object> stream(BenchSubject s, int m, long ms) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.STREAM)) {
            return notApplicable();
        }
        Map<String, Object> out = new LinkedHashMap<>();
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
            out.put("status", "ok");
            out.put("clients", m);
            out.put("path", s.streamPath());
            out.put("seconds", secs);
            out.put("events", events);
            out.put("eventsPerSec", Math.round(events / secs));
            out.put("streamsCompleted", lc.completed());
            out.put("streamsFailed", lc.failed());
            out.put("timeToFirstEvent", lat(ttfe));
            log(s.name(), "stream", "SUMMARY %d clients: %.0f events/s, %d documents completed, TTFE p50=%.2fms p99=%.2fms",
                    m, events / secs, lc.completed(), ms(ttfe, 50), ms(ttfe, 99));
            lc.abortAll();
        }
        return out;
    }

    /**
     * Churn: connect at {@code rate}/s for {@code ms}, aborting each (RST) up to 50 ms after its head arrived;
     * then check the server counts 0 active streams within 5 s and heap after GC grew by less than a margin.
     */
    public static Map<String, Object> churn(BenchSubject s, double rate, long ms) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.CHURN)) {
            return notApplicable();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        long heap0 = s.heapUsedAfterGc();
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
            out.put("connectionsOpened", lc.connectionsOpened());
            out.put("established", lc.established());
            out.put("failed", lc.failed());
        }
        long end = System.nanoTime() + 5_000_000_000L;
        long tq = System.nanoTime();
        while ((s.activeStreams() > 0 || s.scheduledTasks() > 0) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        double settleMs = (System.nanoTime() - tq) / 1e6;
        if (s.activeStreams() > 0 && s.supports(BenchSubject.FANOUT)) {
            // some servers only notice a vanished client when they write to it: one broadcast, then look again
            int before = s.activeStreams();
            s.publish("churn-probe");
            long end2 = System.nanoTime() + 2_000_000_000L;
            while (s.activeStreams() > 0 && System.nanoTime() < end2) {
                Thread.sleep(10);
            }
            out.put("activeStreamsBeforeProbe", before);
            out.put("activeStreamsAfterOneBroadcast", s.activeStreams());
            log(s.name(), "churn", "%d streams still counted after 5 s; after one broadcast: %d", before, s.activeStreams());
        }
        long heap1 = s.heapUsedAfterGc();
        int active = s.activeStreams();
        int tasks = s.scheduledTasks();
        long growth = heap0 < 0 ? -1 : heap1 - heap0;
        boolean ok = !out.containsKey("activeStreamsBeforeProbe") && active <= 0 && tasks <= 0 && (heap0 < 0 || growth < CHURN_HEAP_MARGIN);
        out.put("status", "ok");
        out.put("rate", rate);
        out.put("seconds", ms / 1000.0);
        out.put("activeStreamsAfter", active);
        out.put("scheduledTasksAfter", tasks);
        out.put("settleMs", settleMs);
        out.put("heapAfterGcBefore", heap0);
        out.put("heapAfterGcAfter", heap1);
        out.put("heapGrowth", growth);
        out.put("heapMargin", CHURN_HEAP_MARGIN);
        out.put("returnedToZero", ok);
        log(s.name(), "churn", "SUMMARY opened=%s activeAfter=%d tasksAfter=%d settled in %.0fms heapGrowth=%.1f KiB %s",
                out.get("connectionsOpened"), active, tasks, settleMs, growth / 1024.0, ok ? "OK" : "NOT RETURNED");
        return out;
    }

    /** Hold: ramp to {@code n} idle feed streams; heap after GC and RSS per connection. */
    public static Map<String, Object> hold(BenchSubject s, int n) throws IOException, InterruptedException {
        if (!s.supports(BenchSubject.HOLD)) {
            return notApplicable();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        long heap0 = s.heapUsedAfterGc();
        long rss0 = rssBytes();
        try (LoadClient lc = new LoadClient(s.host(), s.port(), SOURCES, n + 16, 120_000)) {
            long t0 = System.nanoTime();
            int batch = Math.max(100, n / 10);
            for (int opened = 0; opened < n; opened += batch) {
                int k = Math.min(batch, n - opened);
                lc.open(k, s.feedPath());
                lc.awaitEstablished(opened + k, 30_000);
                log(s.name(), "hold", "established=%d/%d serverActive=%d", lc.established(), n, s.activeStreams());
            }
            awaitActive(s, n, 5_000);
            double rampSecs = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(300);
            long heap1 = s.heapUsedAfterGc();
            long rss1 = rssBytes();
            int est = lc.established();
            out.put("status", est == n ? "ok" : "partial");
            out.put("streams", est);
            out.put("rampSeconds", rampSecs);
            out.put("heapPerConnBytes", est == 0 || heap0 < 0 ? -1 : (heap1 - heap0) / est);
            out.put("rssPerConnBytes", est == 0 || rss0 < 0 ? -1 : (rss1 - rss0) / est);
            out.put("note", "in-process: includes the load client's own per-connection state (same for every subject)");
            log(s.name(), "hold", "SUMMARY %d streams in %.1fs: heap %.2f KiB/conn, RSS %.2f KiB/conn (client included)", est,
                    rampSecs, ((Number) out.get("heapPerConnBytes")).longValue() / 1024.0,
                    ((Number) out.get("rssPerConnBytes")).longValue() / 1024.0);
            lc.abortAll();
            Thread.sleep(200);
        }
        return out;
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
