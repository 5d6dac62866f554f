package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * {@code slow-heads}: {@code connections} sockets each holding half a request. The request deadline closes every one
 * of them within the deadline plus {@code allClosedWithinMs} of its opening, {@code requestsTimedOut} in
 * {@code /api/stats} counts them, and meanwhile a normal request on a fresh connection is answered within 2 s. The
 * server's memory while they are held is stated when the subject offers a probe.
 */
final class SlowHeads extends Scenario {

    static final long NORMAL_REQUEST_MS = 2_000;

    record Params(int connections, String partial, long allClosedWithinMs, boolean countedInStats,
            boolean normalRequestAnswered) {
        static Params of(TortureVector v) {
            return new Params(needInt(v.params(), "params", "connections"), needText(v.params(), "params", "partial"),
                    needLong(v.expected(), "expected", "allClosedWithinMs"), flag(v.expected(), "countedInStats"),
                    flag(v.expected(), "normalRequestAnswered"));
        }
    }

    SlowHeads(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        long bound = subject.requestDeadlineMs() + p.allClosedWithinMs();
        Verdict m = new Verdict(vector);
        StatsProbe.Reading before = stats(5_000);
        if (!before.ok()) {
            m.add("GET /api/stats answers before the scenario", before.problem());
            return m.result(null);
        }
        LongSupplier probe = subject.memoryProbe();
        long mem0 = probe == null ? -1 : Memory.settle(probe, 3_000);
        byte[] partial = SendVectors.latin1(text(p.partial()));
        Flock f;
        try {
            f = new Flock();
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not open a selector: " + e.getMessage());
        }
        try (f) {
            for (int i = 0; i < p.connections() && f.ownLimit == null; i++) {
                f.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0, partial);
            }
            if (f.ownLimit != null) {
                return Verdict.notRun(vector, "the runner ran out of its own resources after " + f.members.size()
                        + " connections: " + f.ownLimit);
            }
            int held = f.members.size();
            long openedMs = f.ms();
            StatsProbe.Reading normal = stats(NORMAL_REQUEST_MS);
            long mem1 = probe == null ? -1 : Memory.settle(probe, 3_000);
            long lastOpened = f.members.isEmpty() ? 0 : f.members.get(f.members.size() - 1).openedAtMs;
            long deadline = System.nanoTime() + Math.max(0, lastOpened + bound - f.ms()) * 1_000_000;
            f.read(deadline, () -> f.closedCount() == held, mm -> true);
            int inTime = 0;
            int with408 = 0;
            long slowest = -1;
            for (Flock.Member mm : f.members) {
                if (mm.closed()) {
                    long after = mm.closedAtMs - mm.openedAtMs;
                    slowest = Math.max(slowest, after);
                    if (after <= bound) {
                        inTime++;
                    }
                }
                if (mm.head != null && mm.head.status() == 408) {
                    with408++;
                }
            }
            int closed = f.closedCount();
            StatsProbe.Reading after = stats(5_000);
            if (inTime < held) {
                m.add("all " + held + " connections closed by the server within " + bound + " ms of their opening (request deadline "
                        + subject.requestDeadlineMs() + " ms + " + p.allClosedWithinMs() + " ms)",
                        inTime + " closed in time, " + (closed - inTime) + " later, " + (held - closed) + " still open after "
                                + (f.ms() - lastOpened) + " ms");
            }
            if (p.countedInStats()) {
                if (!after.ok()) {
                    m.add("requestsTimedOut in /api/stats grows by " + held, "/api/stats after: " + after.problem());
                } else if (!after.has("requestsTimedOut")) {
                    m.add("requestsTimedOut in /api/stats grows by " + held, "/api/stats has no requestsTimedOut: " + after.json());
                } else if (after.get("requestsTimedOut") - Math.max(0, before.get("requestsTimedOut")) < held) {
                    m.add("requestsTimedOut in /api/stats grows by " + held,
                            "requestsTimedOut " + before.get("requestsTimedOut") + " -> " + after.get("requestsTimedOut"));
                }
            }
            if (p.normalRequestAnswered() && !normal.ok()) {
                m.add("GET /api/stats on a fresh connection answered within " + NORMAL_REQUEST_MS + " ms while they are held",
                        normal.problem() + " after " + normal.ms() + " ms");
            }
            StringBuilder measured = new StringBuilder();
            measured.append(held).append(" connections sent ").append(quote(p.partial())).append(" (opened in ").append(openedMs)
                    .append(" ms");
            if (f.connectFailures > 0) {
                measured.append("; ").append(f.connectFailures).append(" failed to connect, first ").append(f.firstConnectFailure);
            }
            measured.append("); closed by the server: ").append(closed).append(" (").append(with408).append(" with 408)");
            if (slowest >= 0) {
                measured.append(", the slowest after ").append(slowest).append(" ms");
            }
            measured.append("; GET /api/stats while held: ").append(normal.ok() ? "answered in " + normal.ms() + " ms" : normal.problem());
            if (after.ok()) {
                measured.append("; requestsTimedOut ").append(before.has("requestsTimedOut") ? before.get("requestsTimedOut") : "absent")
                        .append(" -> ").append(after.has("requestsTimedOut") ? after.get("requestsTimedOut") : "absent");
            }
            if (mem0 >= 0) {
                measured.append("; server memory after GC while held ").append(Memory.change(mem0, mem1, held, "connection"));
            }
            return m.result(measured.toString());
        }
    }
}
