package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * {@code slow-subscribers}: {@code subscribers} feed subscribers (small receive windows) read the response head, then
 * stop reading while bodies of {@code eventBytes} are published for {@code publishForMs} (longer, up to
 * {@link #PUBLISH_EXTENSION_MAX_MS}, while what was published could all sit in the kernel's socket buffers, which
 * would make the verdict say nothing about the server: it is then {@code not-run}). Every one of them is
 * dropped ({@code slowClientsDropped} grows by their number); with their sockets still held unread, the server's memory
 * is back within {@code memoryReturnsWithinBytes} of the baseline, and the server has closed each connection: a write
 * of the client's fails within {@code connectionsClosedWithinMs}, with nothing read (API-032; a server whose close waits
 * for its queue to flush keeps a stalled client's connection open for ever, which only a reading client would undo);
 * and each one, when it then drains its socket, reaches the end (EOF or reset) within {@code connectionsClosedWithinMs}:
 * a server that keeps a dropped connection open would make that read wait. What the kernel had queued before a close is read first, at the runner's pace; the
 * wait is extended (at most {@link #DRAIN_EXTENSION_MAX_MS}) while that bulk still flows, so the runner's reading speed
 * is never counted against the server.
 */
final class SlowSubscribers extends Scenario {

    static final long STATS_EVERY_MS = 250;
    static final long POST_TIMEOUT_MS = 5_000;
    /** Draining is not a slow reader's business: a larger window, so what is queued comes at loopback speed. */
    static final int DRAIN_RCVBUF = 1 << 20;
    static final long DRAIN_SLICE_MS = 250;
    /** Still-open connections that together deliver this much in a slice are still being emptied, not held open. */
    static final long BULK_BYTES = 64 * 1024;
    static final long DRAIN_EXTENSION_MAX_MS = 10_000;
    static final long PUBLISH_EXTENSION_MAX_MS = 10_000;
    /** What the kernel may buffer for one connection besides the server: the send buffer's maximum and a margin. */
    static final long KERNEL_MARGIN = 1 << 20;
    static final long COMMON_SEND_BUFFER_MAX = 4L << 20;

    record Params(int subscribers, int eventBytes, long publishForMs, boolean allDropped, long closedWithinMs,
            long memoryReturnsWithin) {
        static Params of(TortureVector v) {
            return new Params(needInt(v.params(), "params", "subscribers"), needInt(v.params(), "params", "eventBytes"),
                    needLong(v.params(), "params", "publishForMs"), flag(v.expected(), "allDropped"),
                    needLong(v.expected(), "expected", "connectionsClosedWithinMs"),
                    needLong(v.expected(), "expected", "memoryReturnsWithinBytes"));
        }
    }

    SlowSubscribers(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        Verdict m = new Verdict(vector);
        StatsProbe.Reading before = stats(5_000);
        if (!before.ok()) {
            m.add("GET /api/stats answers before the scenario", before.problem());
            return m.result(null);
        }
        LongSupplier probe = subject.memoryProbe();
        long base = Memory.settle(probe, 3_000);
        byte[] subscribe = SendVectors.latin1("GET /api/feed HTTP/1.1\r\nHost: " + subject.authority()
                + "\r\nAccept: text/event-stream\r\n\r\n");
        Flock f;
        try {
            f = new Flock();
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not open a selector: " + e.getMessage());
        }
        try (f) {
            for (int i = 0; i < p.subscribers() && f.ownLimit == null; i++) {
                f.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, SMALL_RCVBUF, subscribe);
            }
            if (f.ownLimit != null) {
                return Verdict.notRun(vector, "the runner ran out of its own resources after " + f.members.size()
                        + " connections: " + f.ownLimit);
            }
            // Read each subscriber up to its head (and what came with it), then never again until the drain.
            f.read(System.nanoTime() + 10_000_000_000L, () -> f.members.stream().allMatch(s -> s.head != null || s.closed()),
                    s -> s.head == null);
            int subscribed = (int) f.members.stream().filter(s -> s.head != null && s.head.status() == 200).count();
            if (subscribed < p.subscribers()) {
                m.add("all " + p.subscribers() + " subscribers get 200 from GET /api/feed",
                        subscribed + " did" + (f.connectFailures > 0 ? "; " + f.connectFailures + " failed to connect, first "
                                + f.firstConnectFailure : ""));
            }
            awaitSubscribers(before.get("feedSubscribers") + subscribed);

            // Publish until every subscriber is dropped; for publishForMs, and longer (up to a cap) while what was published
            // could still sit in the kernel's socket buffers: until then the server's backlog need not have filled.
            long kernelHold = kernelHoldBytes();
            byte[] body = new byte[p.eventBytes()];
            Arrays.fill(body, (byte) 'x');
            byte[] head = SendVectors.latin1("POST /api/feed HTTP/1.1\r\nHost: " + subject.authority() + "\r\nAuthorization: Bearer "
                    + subject.publishToken() + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n");
            byte[] post = new byte[head.length + body.length];
            System.arraycopy(head, 0, post, 0, head.length);
            System.arraycopy(body, 0, post, head.length, body.length);
            long t0 = System.nanoTime();
            long end = t0 + p.publishForMs() * 1_000_000;
            long publishCap = end + PUBLISH_EXTENSION_MAX_MS * 1_000_000;
            long nextStats = t0;
            int published = 0;
            long slowestPost = 0;
            long droppedAtMs = -1;
            StatsProbe.Reading last = before;
            String publishProblem = null;
            RawConnection pub = null;
            try {
                while (System.nanoTime() < end || (long) published * p.eventBytes() <= kernelHold && System.nanoTime() < publishCap) {
                    if (pub == null || pub.closed() || pub.writeProblem != null) {
                        if (pub != null) {
                            pub.close();
                        }
                        try {
                            pub = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0);
                        } catch (IOException e) {
                            publishProblem = "the runner could not connect to publish: " + RawConnection.message(e);
                            break;
                        }
                    }
                    RawConnection c = pub;
                    int want = c.completed() + 1;
                    long q = System.nanoTime();
                    c.expect("POST");
                    c.write(post, q + POST_TIMEOUT_MS * 1_000_000);
                    c.readUntil(q + POST_TIMEOUT_MS * 1_000_000, () -> c.completed() >= want);
                    slowestPost = Math.max(slowestPost, (System.nanoTime() - q) / 1_000_000);
                    RawConnection.Response r = c.responses.size() >= want ? c.responses.get(want - 1) : null;
                    if (r == null || !r.complete || r.status() / 100 != 2) {
                        publishProblem = "publish " + (published + 1) + ": " + (r == null ? "no answer within " + POST_TIMEOUT_MS
                                + " ms; " + c.describeEnd() : "status " + r.status());
                        break;
                    }
                    published++;
                    if (System.nanoTime() >= nextStats) {
                        nextStats = System.nanoTime() + STATS_EVERY_MS * 1_000_000;
                        StatsProbe.Reading s = stats(5_000);
                        if (s.ok()) {
                            last = s;
                            if (dropped(before, s) >= subscribed) {
                                droppedAtMs = (System.nanoTime() - t0) / 1_000_000;
                                break;
                            }
                        }
                    }
                }
            } finally {
                if (pub != null) {
                    pub.close();
                }
            }
            long publishMs = (System.nanoTime() - t0) / 1_000_000;
            if (publishProblem != null) {
                m.add("POST /api/feed of " + p.eventBytes() + " bytes accepted (2xx) while subscribers stall", publishProblem);
            }
            StatsProbe.Reading after = stats(5_000);
            if (after.ok()) {
                last = after;
            }
            long dropped = dropped(before, last);
            long perSubscriber = (long) published * p.eventBytes();
            if (p.allDropped() && dropped < subscribed) {
                if (perSubscriber <= kernelHold && publishProblem == null) {
                    return Verdict.notRun(vector, "only " + Memory.mib(perSubscriber) + " per subscriber was published in "
                            + publishMs + " ms (" + published + " publishes; slowClientsDropped " + before.get("slowClientsDropped")
                            + " -> " + last.get("slowClientsDropped") + "): the kernel's socket buffers can hold up to "
                            + Memory.mib(kernelHold) + " per connection, so the server's backlog may never have filled and a drop"
                            + " was not yet due; the runner could not publish more within its cap");
                }
                m.add("slowClientsDropped grows by " + subscribed + " (every stalled subscriber dropped)",
                        "slowClientsDropped " + before.get("slowClientsDropped") + " -> " + last.get("slowClientsDropped") + " after "
                                + Memory.mib(perSubscriber) + " per subscriber was published, more than the kernel's buffers hold ("
                                + Memory.mib(kernelHold) + ")");
            }
            long mem = Memory.settle(probe, 5_000);
            if (mem - base > p.memoryReturnsWithin()) {
                m.add("server memory back within " + Memory.mib(p.memoryReturnsWithin()) + " of the baseline while the dropped"
                        + " subscribers hold their unread sockets", "+" + Memory.mib(mem - base));
            }

            // Closed by the server, before anything is read: the client's writes start failing.
            long probeStart = f.ms();
            int refused = f.probeClosed(System.nanoTime() + p.closedWithinMs() * 1_000_000, 50);
            long probeMs = f.ms() - probeStart;
            if (refused < f.members.size()) {
                m.add("the server closes each dropped subscriber's connection: a write to it fails within " + p.closedWithinMs()
                        + " ms, the client reading nothing", (f.members.size() - refused) + " of " + f.members.size()
                        + " connections still take the client's writes after " + probeMs + " ms: the server holds them open");
            }

            // Drain: a dropped connection reads to its end at once; one the server still holds would wait. What the kernel
            // had queued before the close still comes first, at the runner's pace: while that bulk flows, the wait goes on.
            f.setReceiveBuffer(DRAIN_RCVBUF);
            long drainStart = f.ms();
            long deadline = drainStart + p.closedWithinMs();
            long cap = deadline + DRAIN_EXTENSION_MAX_MS;
            while (true) {
                long openBytes = f.members.stream().filter(s -> !s.closed()).mapToLong(s -> s.bytesRead).sum();
                long sliceEnd = Math.min(cap, Math.max(deadline, f.ms() + DRAIN_SLICE_MS));
                f.read(System.nanoTime() + (sliceEnd - f.ms()) * 1_000_000, () -> f.members.stream().allMatch(Flock.Member::closed),
                        s -> true);
                if (f.closedCount() == f.members.size() || f.ms() >= cap) {
                    break;
                }
                long flowed = f.members.stream().filter(s -> !s.closed()).mapToLong(s -> s.bytesRead).sum() - openBytes;
                if (f.ms() >= deadline && flowed < BULK_BYTES) {
                    break;
                }
            }
            long drainMs = f.ms() - drainStart;
            int ended = f.closedCount();
            long slowestEnd = f.members.stream().filter(Flock.Member::closed).mapToLong(s -> s.closedAtMs - drainStart).max().orElse(-1);
            long drained = f.members.stream().mapToLong(s -> s.bytesRead).sum();
            long stillOpenBytes = f.members.stream().filter(s -> !s.closed()).mapToLong(s -> s.bytesRead).sum();
            if (ended < f.members.size()) {
                m.add("each subscriber's connection ends (EOF or reset) within " + p.closedWithinMs() + " ms when it drains",
                        (f.members.size() - ended) + " of " + f.members.size() + " still open after " + drainMs + " ms, no longer"
                                + " receiving the bulk of a queue (" + stillOpenBytes + " bytes read from them)");
            }
            String measured = f.members.size() + " subscribers (SO_RCVBUF " + SMALL_RCVBUF + ") read the head and stopped; "
                    + published + " publishes of " + p.eventBytes() + " bytes in " + publishMs + " ms (slowest POST " + slowestPost
                    + " ms); slowClientsDropped " + before.get("slowClientsDropped") + " -> " + last.get("slowClientsDropped")
                    + (droppedAtMs >= 0 ? " (all dropped " + droppedAtMs + " ms in)" : "")
                    + "; server memory after GC, before subscribing -> after the drops with the sockets still held: "
                    + Memory.change(base, mem, f.members.size(), "subscriber") + "; writes refused (server closed) on " + refused
                    + " of " + f.members.size() + " within " + probeMs + " ms; drain: " + ended + " of " + f.members.size()
                    + " ended" + (slowestEnd >= 0 ? ", the last after " + slowestEnd + " ms" : "") + ", " + drained + " bytes read in all";
            return m.result(measured);
        }
    }

    /**
     * The most the kernel may queue for one connection before the server's own backlog fills: the largest send buffer
     * (Linux: the third number of {@code /proc/sys/net/ipv4/tcp_wmem}, at least the common 4 MiB: a buffer that grew
     * before the setting was lowered stays grown) plus a margin for the receiver. Too small a figure would blame the
     * server for a drop that was not yet due.
     */
    static long kernelHoldBytes() {
        long max = COMMON_SEND_BUFFER_MAX;
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            max = Math.max(max, Long.parseLong(f[f.length - 1]));
        } catch (IOException | RuntimeException e) {
            // not Linux: the common default
        }
        return max + KERNEL_MARGIN;
    }

    private static long dropped(StatsProbe.Reading before, StatsProbe.Reading now) {
        return Math.max(0, now.get("slowClientsDropped")) - Math.max(0, before.get("slowClientsDropped"));
    }

    /** Subscribing may finish after the head is sent; wait (at most 5 s) until the stats count them. */
    private void awaitSubscribers(long n) {
        long t0 = System.nanoTime();
        while ((System.nanoTime() - t0) / 1_000_000 < 5_000) {
            StatsProbe.Reading s = stats(5_000);
            if (!s.ok() || !s.has("feedSubscribers") || s.get("feedSubscribers") >= n) {
                return;
            }
            Memory.sleep(50);
        }
    }
}
