package dev.ssekit.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;

/**
 * Subscribers spread over several nodes, round robin, each node's share driven by a client of its own connected to
 * that node directly (no balancer in between, so the balancer is not what is measured). Counters are the sums, the
 * latency histogram the union.
 */
final class SpreadDriver implements LoadDriver {

    private final List<LoadDriver> perNode;

    SpreadDriver(List<LoadDriver> perNode) {
        if (perNode.isEmpty()) {
            throw new IllegalArgumentException("no node to spread over");
        }
        this.perNode = List.copyOf(perNode);
    }

    /** Subscriber {@code i} goes to node {@code i mod k}: node j gets n/k, the first n mod k one more. */
    static int[] split(int n, int nodes) {
        int[] out = new int[nodes];
        for (int i = 0; i < n; i++) {
            out[i % nodes]++;
        }
        return out;
    }

    @Override
    public void open(int n, String path) {
        int[] s = split(n, perNode.size());
        for (int j = 0; j < s.length; j++) {
            if (s[j] > 0) {
                perNode.get(j).open(s[j], path);
            }
        }
    }

    @Override
    public int awaitEstablished(int n, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        int[] want = split(n, perNode.size());
        int total = 0;
        for (int j = 0; j < perNode.size(); j++) {
            long left = Math.max(0, (end - System.nanoTime()) / 1_000_000L);
            total += perNode.get(j).awaitEstablished(want[j], left);
        }
        return total;
    }

    @Override
    public long events() {
        return perNode.stream().mapToLong(LoadDriver::events).sum();
    }

    @Override
    public int openConnections() {
        return perNode.stream().mapToInt(LoadDriver::openConnections).sum();
    }

    @Override
    public int established() {
        return perNode.stream().mapToInt(LoadDriver::established).sum();
    }

    @Override
    public int failed() {
        return perNode.stream().mapToInt(LoadDriver::failed).sum();
    }

    @Override
    public int lost() {
        return perNode.stream().mapToInt(LoadDriver::lost).sum();
    }

    @Override
    public Histogram takeLatency() {
        return union(perNode.stream().map(LoadDriver::takeLatency).toList());
    }

    @Override
    public Histogram takeFirstEvent() {
        return union(perNode.stream().map(LoadDriver::takeFirstEvent).toList());
    }

    private static Histogram union(List<Histogram> hs) {
        Histogram out = hs.get(0).copy();
        for (int i = 1; i < hs.size(); i++) {
            out.add(hs.get(i));
        }
        return out;
    }

    @Override
    public long[] eventCountsPerConnection() throws InterruptedException {
        List<long[]> parts = new ArrayList<>();
        for (LoadDriver d : perNode) {
            parts.add(d.eventCountsPerConnection());
        }
        return parts.stream().flatMapToLong(LongStream::of).toArray();
    }

    @Override
    public void abortAll() {
        perNode.forEach(LoadDriver::abortAll);
    }

    @Override
    public long cpuNanos() {
        long sum = 0;
        for (LoadDriver d : perNode) {
            long c = d.cpuNanos();
            if (c < 0) {
                return -1;
            }
            sum += c;
        }
        return sum;
    }

    @Override
    public void refresh() throws IOException, InterruptedException {
        for (LoadDriver d : perNode) {
            d.refresh();
        }
    }

    @Override
    public String describe() {
        return perNode.get(0).describe() + ", spread round robin over " + perNode.size() + " nodes";
    }

    @Override
    public void close() {
        perNode.forEach(LoadDriver::close);
    }
}
