package dev.ssekit.bench.load;

import dev.ssekit.bench.load.BenchResults.ChurnResult;
import dev.ssekit.bench.load.BenchResults.FanoutResult;
import dev.ssekit.bench.load.BenchResults.FanoutSizes;
import dev.ssekit.bench.load.BenchResults.HoldResult;
import dev.ssekit.bench.load.BenchResults.Latency1Result;
import dev.ssekit.bench.load.BenchResults.OverloadResult;
import dev.ssekit.bench.load.BenchResults.Scenario;
import dev.ssekit.bench.load.BenchResults.Spread;
import dev.ssekit.bench.load.BenchResults.StreamResult;
import dev.ssekit.bench.load.BenchResults.SubjectRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Several rounds of one subject made into one entry: each headline figure's median, min and max, the median round's full
 * result in each scenario's place, and ratios computed round by round (issue 14: drift between rounds cancels when
 * round k of ours is divided by round k of the reference, not medians by medians).
 */
final class Rounds {

    /** A scenario that starts with a 1-minute load average above this prints a warning. */
    static final double LOAD_WARN = 1.5;

    static final String STREAM = "stream ev/s";
    static final String HOLD = "hold heap B/conn";
    static final String LATENCY1 = "latency1 p99 ms";
    static final String OVERLOAD = "overload probe first-byte p99 ms";

    private Rounds() {
    }

    /** The fan-out headline at {@code n} subscribers: max sustained delivered events/s. */
    static String fanout(String n) {
        return "fanout@" + n + " ev/s";
    }

    /** The p99 latency of the max sustained step at {@code n} subscribers. */
    static String fanoutP99(String n) {
        return "fanout@" + n + " p99 ms";
    }

    /** One round's headline figures, in the order the scenarios are listed; a figure the round did not measure is absent. */
    static Map<String, Double> headline(SubjectRun r) {
        Map<String, Double> m = new LinkedHashMap<>();
        r.fanouts().forEach((n, sc) -> {
            if (sc instanceof FanoutResult f) {
                m.put(fanout(n), (double) f.maxSustainedDeliveredPerSec());
                if (f.atMax() != null && f.atMax().p99Ms() >= 0) {
                    m.put(fanoutP99(n), f.atMax().p99Ms());
                }
            }
        });
        if (r.stream() instanceof StreamResult s) {
            m.put(STREAM, (double) s.eventsPerSec());
        }
        if (r.hold() instanceof HoldResult h && h.heapPerConnBytes() >= 0) {
            m.put(HOLD, (double) h.heapPerConnBytes());
        }
        if (r.latency1() instanceof Latency1Result l && l.latency().p99Ms() >= 0) {
            m.put(LATENCY1, l.latency().p99Ms());
        }
        if (r.overload() instanceof OverloadResult o && o.acceptProbes().firstByte().p99Ms() >= 0) {
            m.put(OVERLOAD, o.acceptProbes().firstByte().p99Ms());
        }
        return m;
    }

    /** Median (mean of the middle two for an even count), min and max of the non-null values; null when there are none. */
    static Spread spread(List<Double> perRound, List<String> outcomes) {
        double[] v = perRound.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return null;
        }
        int k = v.length / 2;
        double median = v.length % 2 == 1 ? v[k] : (v[k - 1] + v[k]) / 2;
        return new Spread(round(median), v[0], v[v.length - 1], perRound, outcomes);
    }

    /** The index of the round whose value is the median (the lower middle one for an even count); 0 when none has one. */
    static int medianRound(List<Double> perRound) {
        List<Integer> measured = IntStream.range(0, perRound.size()).filter(i -> perRound.get(i) != null).boxed()
                .sorted(Comparator.comparingDouble(perRound::get)).toList();
        return measured.isEmpty() ? 0 : measured.get((measured.size() - 1) / 2);
    }

    /** Each headline figure over the rounds; overload carries each round's outcome too. */
    static Map<String, Spread> summary(List<SubjectRun> rounds) {
        List<Map<String, Double>> h = rounds.stream().map(Rounds::headline).toList();
        Set<String> keys = new LinkedHashSet<>();
        h.forEach(m -> keys.addAll(m.keySet()));
        Map<String, Spread> out = new LinkedHashMap<>();
        for (String k : keys) {
            List<String> outcomes = k.equals(OVERLOAD) ? rounds.stream()
                    .map(r -> r.overload() instanceof OverloadResult o ? o.outcome() : null).toList() : null;
            Spread s = spread(values(h, k), outcomes);
            if (s != null) {
                out.put(k, s);
            }
        }
        return out;
    }

    /**
     * Each headline figure both measured, as ours over the reference round by round (round k over round k, as many
     * rounds as both have), then median, min and max of those ratios.
     */
    static Map<String, Spread> ratios(List<SubjectRun> ours, List<SubjectRun> reference) {
        List<Map<String, Double>> o = ours.stream().map(Rounds::headline).toList();
        List<Map<String, Double>> r = reference.stream().map(Rounds::headline).toList();
        Set<String> keys = new LinkedHashSet<>();
        o.forEach(m -> keys.addAll(m.keySet()));
        Map<String, Spread> out = new LinkedHashMap<>();
        for (String k : keys) {
            List<Double> perRound = new ArrayList<>();
            for (int i = 0; i < Math.min(o.size(), r.size()); i++) {
                Double a = o.get(i).get(k);
                Double b = r.get(i).get(k);
                perRound.add(a == null || b == null || b == 0 ? null : round(a / b));
            }
            Spread s = spread(perRound, null);
            if (s != null) {
                out.put(k, s);
            }
        }
        return out;
    }

    /**
     * One entry for a subject: one round is the round itself with its summary; several put the median round's full
     * result in each scenario's place (churn: the first round that did not return to zero, else the first), add the
     * summary and keep every round.
     */
    static SubjectRun combine(List<SubjectRun> rounds) {
        Map<String, Spread> summary = summary(rounds);
        SubjectRun first = rounds.get(0);
        if (rounds.size() == 1) {
            return first.withSummary(summary);
        }
        List<Map<String, Double>> h = rounds.stream().map(Rounds::headline).toList();
        BenchResults.Fanouts fan = first.fanout();
        if (fan instanceof FanoutSizes sizes) {
            Map<String, Scenario> bySize = new LinkedHashMap<>();
            sizes.bySubscribers().forEach((n, sc) -> bySize.put(n,
                    rounds.get(medianRound(values(h, fanout(n)))).fanouts().getOrDefault(n, sc)));
            fan = new FanoutSizes(bySize);
        }
        Scenario churn = rounds.stream().map(SubjectRun::churn).filter(c -> c instanceof ChurnResult cr && !cr.returnedToZero())
                .findFirst().orElse(first.churn());
        Double seconds = rounds.stream().allMatch(r -> r.seconds() == null) ? null
                : round(rounds.stream().mapToDouble(r -> r.seconds() == null ? 0 : r.seconds()).sum());
        return new SubjectRun(first.baseUrl(), fan, rounds.get(medianRound(values(h, STREAM))).stream(), churn,
                rounds.get(medianRound(values(h, HOLD))).hold(), rounds.get(medianRound(values(h, LATENCY1))).latency1(),
                rounds.get(medianRound(values(h, OVERLOAD))).overload(), seconds, null, summary, List.copyOf(rounds));
    }

    /** The 1-minute figure of a {@code /proc/loadavg} line; NaN when there is none. */
    static double oneMinute(String loadavg) {
        try {
            return loadavg == null ? Double.NaN : Double.parseDouble(loadavg.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<Double> values(List<Map<String, Double>> h, String key) {
        return h.stream().map(m -> m.get(key)).toList();
    }

    /** Four significant decimals are plenty, and keep the file readable. */
    private static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
