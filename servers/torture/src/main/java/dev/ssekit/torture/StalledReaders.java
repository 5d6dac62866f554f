package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code stalled-readers}: {@code clients} connections (small receive windows) send {@code request} and never read.
 * Once the server has written what it can (the memory probe settles), its memory growth over the baseline, per
 * client, stays within {@code maxMemoryGrowthPerClientBytes}. Clients are added in batches, and adding stops once the
 * growth already exceeds what all of them together may use: the outcome is settled then, and the heap is spared.
 */
final class StalledReaders extends Scenario {

    static final int BATCH = 25;
    static final long SETTLE_MS = 5_000;

    record Params(int clients, String request, long maxGrowthPerClient) {
        static Params of(TortureVector v) {
            return new Params(needInt(v.params(), "params", "clients"), needText(v.params(), "params", "request"),
                    needLong(v.expected(), "expected", "maxMemoryGrowthPerClientBytes"));
        }
    }

    StalledReaders(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        String request = text(p.request());
        String what = requestLine(request);
        // The response must be one worth holding back; an error answer would measure nothing.
        try (RawConnection c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0)) {
            c.expect("GET");
            long d = System.nanoTime() + 5_000_000_000L;
            c.write(SendVectors.latin1(request), d);
            c.readUntil(d, () -> !c.responses.isEmpty());
            c.abort();
            if (c.responses.isEmpty()) {
                // Silence is the server's doing: every request gets an answer (API-035).
                Verdict m = new Verdict(vector);
                m.add("an answer to " + what + " (read normally, before any client stalls)", SendVectors.summary(c, List.of()));
                return m.result(null);
            }
            if (c.first().status() / 100 != 2) {
                return Verdict.notRun(vector, what + " is answered " + c.first().status() + ", not 2xx: there is no response to"
                        + " hold back, so nothing to measure (is the subject's docsFile right?)");
            }
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not connect to " + subject.authority() + ": " + RawConnection.message(e));
        }
        LongSupplier probe = subject.memoryProbe();
        long base = Memory.settle(probe, 3_000);
        byte[] bytes = SendVectors.latin1(request);
        long limitAll = p.clients() * p.maxGrowthPerClient();
        Flock f;
        try {
            f = new Flock();
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not open a selector: " + e.getMessage());
        }
        try (f) {
            String stoppedEarly = null;
            while (f.members.size() + f.connectFailures < p.clients() && f.ownLimit == null) {
                int batchEnd = Math.min(p.clients(), f.members.size() + f.connectFailures + BATCH);
                while (f.members.size() + f.connectFailures < batchEnd && f.ownLimit == null) {
                    f.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, SMALL_RCVBUF, bytes);
                }
                if (f.members.size() + f.connectFailures < p.clients()) {
                    long now = probe.getAsLong();
                    if (now - base > limitAll) {
                        stoppedEarly = "stopped adding clients at " + f.members.size() + ": growth " + Memory.mib(now - base)
                                + " already exceeds the bound of all " + p.clients() + " together (" + Memory.mib(limitAll) + ")";
                        break;
                    }
                }
            }
            if (f.ownLimit != null) {
                return Verdict.notRun(vector, "the runner ran out of its own resources after " + f.members.size()
                        + " connections: " + f.ownLimit);
            }
            int held = f.members.size();
            if (held == 0) {
                return Verdict.notRun(vector, "no client could connect: " + f.firstConnectFailure);
            }
            long after = Memory.settle(probe, SETTLE_MS);
            long growth = after - base;
            double per = (double) growth / held;
            Verdict m = new Verdict(vector);
            if (per > p.maxGrowthPerClient()) {
                m.add("server memory growth per stalled client at most " + Memory.kib(p.maxGrowthPerClient()),
                        Memory.kib(per) + " per client");
            }
            StringBuilder measured = new StringBuilder();
            measured.append(held).append(" clients (SO_RCVBUF ").append(SMALL_RCVBUF).append(") sent ").append(what)
                    .append(" and read nothing");
            if (f.connectFailures > 0) {
                measured.append(" (").append(f.connectFailures).append(" failed to connect, first ").append(f.firstConnectFailure).append(')');
            }
            if (stoppedEarly != null) {
                measured.append("; ").append(stoppedEarly);
            }
            measured.append("; server memory after GC ").append(Memory.change(base, after, held, "client"));
            return m.result(measured.toString());
        }
    }
}
