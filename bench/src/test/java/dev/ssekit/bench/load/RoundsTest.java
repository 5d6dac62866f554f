package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.bench.load.BenchResults.FanoutResult;
import dev.ssekit.bench.load.BenchResults.FanoutSetup;
import dev.ssekit.bench.load.BenchResults.FanoutSizes;
import dev.ssekit.bench.load.BenchResults.LatencySummary;
import dev.ssekit.bench.load.BenchResults.Spread;
import dev.ssekit.bench.load.BenchResults.Status;
import dev.ssekit.bench.load.BenchResults.StreamResult;
import dev.ssekit.bench.load.BenchResults.SubjectRun;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rounds made into medians, ranges and per-round ratios. */
class RoundsTest {

    private static final LatencySummary LAT = new LatencySummary(3, 0.5, 1.0, 2.0, 4.0);

    /** A round with fan-out at 1,000 ({@code eps}, p99 {@code p99}) and a stream of {@code streamEps}. */
    private static SubjectRun round(long eps, double p99, long streamEps) {
        FanoutResult f = new FanoutResult(new FanoutSetup(1_000, 100.0, "in-process", null), List.of(), 1_000, 1, 1, "ok", eps,
                new LatencySummary(1, p99 / 2, p99, p99, p99), eps, null);
        return new SubjectRun("http://127.0.0.1:1", new FanoutSizes(Map.of("1000", f)),
                new StreamResult("ok", 20, "/api/sse", 3.0, streamEps, streamEps, 2, 0, LAT), Status.SKIPPED, Status.SKIPPED,
                Status.SKIPPED, Status.SKIPPED, 10.0);
    }

    @Test
    @DisplayName("[KIT-010] median, min and max: the middle value for an odd count, the mean of the middle two for an even one; rounds without a value are left out")
    void medianMinMax() {
        Spread s = Rounds.spread(Arrays.asList(30.0, 10.0, 20.0), null);
        assertEquals(20.0, s.median());
        assertEquals(10.0, s.min());
        assertEquals(30.0, s.max());
        assertEquals(List.of(30.0, 10.0, 20.0), s.perRound(), "each round's value, in round order");
        assertEquals(15.0, Rounds.spread(Arrays.asList(20.0, 10.0), null).median());
        Spread gap = Rounds.spread(Arrays.asList(5.0, null, 1.0, 3.0), null);
        assertEquals(3.0, gap.median());
        assertEquals(1.0, gap.min());
        assertNull(Rounds.spread(Arrays.asList((Double) null), null));
        assertEquals(1, Rounds.medianRound(Arrays.asList(30.0, 20.0, 10.0)));
        assertEquals(2, Rounds.medianRound(Arrays.asList(30.0, null, 10.0)), "the lower middle of two");
    }

    @Test
    @DisplayName("[KIT-010] ratios are taken round by round (round k of ours over round k of the reference), then their median, min and max")
    void ratiosPerRound() {
        // drift: every subject is twice as fast in round 2; per-round ratios stay 0.5, medians over medians would not
        List<SubjectRun> ours = List.of(round(100, 10, 1), round(200, 12, 1), round(60, 8, 1));
        List<SubjectRun> ceiling = List.of(round(200, 5, 1), round(400, 6, 1), round(100, 4, 1));
        Map<String, Spread> r = Rounds.ratios(ours, ceiling);
        Spread eps = r.get(Rounds.fanout("1000"));
        assertEquals(List.of(0.5, 0.5, 0.6), eps.perRound());
        assertEquals(0.5, eps.median());
        assertEquals(0.5, eps.min());
        assertEquals(0.6, eps.max());
        assertEquals(2.0, r.get(Rounds.fanoutP99("1000")).median());
        assertEquals(1.0, r.get(Rounds.STREAM).median());
    }

    @Test
    @DisplayName("[KIT-010] several rounds make one entry: the median round's result in the scenario's place, the summary and every round kept")
    void combinePutsTheMedianRoundInPlace() throws Exception {
        List<SubjectRun> rounds = List.of(round(300, 9, 7), round(100, 5, 9), round(200, 7, 8));
        SubjectRun c = Rounds.combine(rounds);
        FanoutResult f = (FanoutResult) c.fanouts().get("1000");
        assertEquals(200, f.maxSustainedDeliveredPerSec(), "round 3 holds the median max sustained rate");
        assertEquals(8, ((StreamResult) c.stream()).eventsPerSec(), "the stream's median round is round 3 too");
        assertEquals(new Spread(200, 100, 300, List.of(300.0, 100.0, 200.0), null), c.summary().get(Rounds.fanout("1000")));
        assertEquals(new Spread(7, 5, 9, List.of(9.0, 5.0, 7.0), null), c.summary().get(Rounds.fanoutP99("1000")));
        assertEquals(rounds, c.rounds());
        assertEquals(30.0, c.seconds());
        SubjectRun one = Rounds.combine(List.of(rounds.get(0)));
        assertNull(one.rounds(), "one round is written as the round itself");
        assertEquals(300.0, one.summary().get(Rounds.fanout("1000")).median());
        String json = new ObjectMapper().writeValueAsString(c);
        assertEquals(true, json.contains("\"summary\":{\"fanout@1000 ev/s\":{\"median\":200.0,\"min\":100.0,\"max\":300.0,"
                + "\"perRound\":[300.0,100.0,200.0]}"), json);
    }
}
