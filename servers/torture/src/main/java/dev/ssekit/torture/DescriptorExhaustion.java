package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code descriptor-exhaustion}: the subject's server in a child process with {@code descriptorLimit} descriptors is
 * flooded by {@code connections} that each send half a request (connect failures and timeouts are expected: the
 * listen queue may be full), held for {@code holdMs}, then released. The server answers {@code GET /api/stats} with
 * 200 within {@code answersWithinMs} of the release, and no thread of it died on the way ({@code noThreadDied}: its
 * stderr has no "Exception in thread", NoClassDefFoundError or OutOfMemoryError).
 */
final class DescriptorExhaustion extends Scenario {

    static final int FLOOD_CONNECT_TIMEOUT_MS = 1_000;
    /** The flood stops after this many connect failures in a row: the server is refusing, as it may. */
    static final int FAILURES_IN_A_ROW = 20;
    static final long FLOOD_MAX_MS = 20_000;
    static final long POLL_MS = 100;
    static final Pattern THREAD_DIED = Pattern.compile("Exception in thread|NoClassDefFoundError|OutOfMemoryError");

    record Params(int descriptorLimit, int connections, String partial, long holdMs, long answersWithinMs,
            boolean noThreadDied) {
        static Params of(TortureVector v) {
            return new Params(needInt(v.params(), "params", "descriptorLimit"), needInt(v.params(), "params", "connections"),
                    needText(v.params(), "params", "partial"), needLong(v.params(), "params", "holdMs"),
                    needLong(v.expected(), "expected", "answersWithinMs"), flag(v.expected(), "noThreadDied"));
        }
    }

    DescriptorExhaustion(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        ChildServer child;
        try {
            child = subject.childServer().start(p.descriptorLimit());
        } catch (IOException e) {
            return Verdict.notRun(vector, "the child server could not be started with " + p.descriptorLimit() + " descriptors: "
                    + e.getMessage());
        }
        try (child) {
            String host = child.host();
            int port = child.port();
            StatsProbe.Reading ready = StatsProbe.fetch(host, port, 5_000);
            if (!ready.ok()) {
                return Verdict.notRun(vector, "the child server does not answer GET /api/stats before the flood (" + ready.problem()
                        + "), so its recovery cannot be told from its start; stderr: " + tail(child.stderr()));
            }
            byte[] partial = SendVectors.latin1(p.partial().replace("{authority}", host + ":" + port));
            Flock f;
            try {
                f = new Flock();
            } catch (IOException e) {
                return Verdict.notRun(vector, "the runner could not open a selector: " + e.getMessage());
            }
            String during;
            long floodMs;
            int opened;
            int failed;
            String firstFailure;
            try (f) {
                int inARow = 0;
                long floodStart = System.nanoTime();
                for (int i = 0; i < p.connections() && f.ownLimit == null; i++) {
                    if (f.open(host, port, FLOOD_CONNECT_TIMEOUT_MS, 0, partial) == null) {
                        if (++inARow >= FAILURES_IN_A_ROW) {
                            break;
                        }
                    } else {
                        inARow = 0;
                    }
                    if ((System.nanoTime() - floodStart) / 1_000_000 > FLOOD_MAX_MS) {
                        break;
                    }
                }
                if (f.ownLimit != null) {
                    return Verdict.notRun(vector, "the runner ran out of its own resources after " + f.members.size()
                            + " connections: " + f.ownLimit);
                }
                floodMs = (System.nanoTime() - floodStart) / 1_000_000;
                opened = f.members.size();
                failed = f.connectFailures;
                firstFailure = f.firstConnectFailure;
                long holdEnd = System.nanoTime() + p.holdMs() * 1_000_000;
                StatsProbe.Reading mid = StatsProbe.fetch(host, port, Math.max(1, Math.min(1_000, p.holdMs())));
                during = mid.ok() ? "answered in " + mid.ms() + " ms" : mid.problem();
                Memory.sleep(Math.max(0, (holdEnd - System.nanoTime()) / 1_000_000));
                f.closeAll(false);
            }
            long release = System.nanoTime();
            int polls = 0;
            StatsProbe.Reading r;
            long recoveredMs = -1;
            do {
                polls++;
                long q = System.nanoTime();
                r = StatsProbe.fetch(host, port, 1_000);
                if (r.ok()) {
                    recoveredMs = (System.nanoTime() - release) / 1_000_000;
                    break;
                }
                Memory.sleep(Math.max(0, POLL_MS - (System.nanoTime() - q) / 1_000_000));
            } while ((System.nanoTime() - release) / 1_000_000 < p.answersWithinMs());
            String stderr = child.stderr();
            List<String> died = new ArrayList<>();
            stderr.lines().filter(l -> THREAD_DIED.matcher(l).find()).limit(3).forEach(died::add);
            long lines = stderr.lines().count();
            Verdict m = new Verdict(vector);
            if (recoveredMs < 0 || recoveredMs > p.answersWithinMs()) {
                m.add("GET /api/stats answered 200 within " + p.answersWithinMs() + " ms of the release",
                        "not answered after " + (System.nanoTime() - release) / 1_000_000 + " ms (" + polls + " tries, the last: "
                                + r.problem() + ")" + (child.isAlive() ? "" : "; the child process has exited"));
            }
            if (p.noThreadDied() && !died.isEmpty()) {
                m.add("no thread dies (no \"Exception in thread\", NoClassDefFoundError or OutOfMemoryError on stderr)",
                        String.join(" | ", died));
            }
            String measured = "child server with ulimit -n " + p.descriptorLimit() + ": " + opened + " of " + p.connections()
                    + " connections opened in " + floodMs + " ms" + (failed > 0 ? " (" + failed + " failed, first " + firstFailure + ")" : "")
                    + "; GET /api/stats during the hold: " + during + "; after the release: "
                    + (recoveredMs >= 0 ? "answered after " + recoveredMs + " ms (" + polls + " tries)" : "never answered")
                    + "; stderr " + lines + " lines" + (lines > 0 ? ", the first: " + quote(clip(stderr.lines().findFirst().orElse(""))) : "");
            return m.result(measured);
        }
    }

    private static String tail(String s) {
        return quote(s.length() <= 400 ? s : "..." + s.substring(s.length() - 400));
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
