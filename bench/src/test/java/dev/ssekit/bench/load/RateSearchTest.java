package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fan-out ramp's rate search, driven by a fake step instead of a server. */
class RateSearchTest {

    /** A fake subject that sustains every rate up to {@code capacity}; records each step as "kind:rate". */
    private static final class Fake implements RateSearch.Step {
        final long capacity;
        final List<String> probes = new ArrayList<>();
        final List<Boolean> retryLeft = new ArrayList<>();

        Fake(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public RateSearch.Outcome run(long rate, String kind, boolean retry) {
            probes.add(kind + ":" + rate);
            retryLeft.add(retry);
            return new RateSearch.Outcome(rate <= capacity, false);
        }
    }

    @Test
    @DisplayName("[KIT-010] the doubling steps find the bracket, then bisection narrows it to within 10% around the capacity")
    void doublingThenBisection() throws Exception {
        Fake f = new Fake(300);
        RateSearch.Result r = RateSearch.search(new long[] {50, 100, 250, 500, 1_000}, f);
        assertEquals(List.of("doubling:50", "doubling:100", "doubling:250", "doubling:500", "doubling:500", "bisection:375",
                "bisection:312", "bisection:281", "bisection:296"), f.probes,
                "the first failure is run once more; bisection starts from the bracket 250..500");
        assertEquals(new RateSearch.Result(296, 312, false), r);
        assertTrue(r.hi() <= RateSearch.WITHIN * r.lo(), r.toString());
    }

    @Test
    @DisplayName("[KIT-010] bisection always stops with hi <= 1.1 lo and the capacity inside the bracket")
    void stopsWithinTenPercent() throws Exception {
        long[] rates = BenchRunner.RATES_1K;
        for (long capacity = 51; capacity < 32_000; capacity = capacity * 13 / 10 + 7) {
            Fake f = new Fake(capacity);
            RateSearch.Result r = RateSearch.search(rates, f);
            assertTrue(r.hi() <= RateSearch.WITHIN * r.lo(), capacity + ": " + r);
            assertTrue(r.lo() <= capacity && capacity < r.hi(), capacity + ": " + r);
            long bisections = f.probes.stream().filter(p -> p.startsWith(RateSearch.BISECTION)).count();
            assertTrue(bisections <= 5, capacity + ": " + f.probes);
        }
    }

    @Test
    @DisplayName("[KIT-010] a failed bisection probe lowers the upper end: the next probe is below it")
    void failedProbeLowersHi() throws Exception {
        Fake f = new Fake(260);
        RateSearch.Result r = RateSearch.search(new long[] {100, 200, 400}, f);
        assertEquals(List.of("doubling:100", "doubling:200", "doubling:400", "doubling:400", "bisection:300", "bisection:250",
                "bisection:275"), f.probes, "300 failed: the next probe is between 200 and 300; 275 failed: 250..275 is within 10%");
        assertEquals(new RateSearch.Result(250, 275, false), r);
    }

    @Test
    @DisplayName("[KIT-010] one retry per ramp: a step that fails once is run again and counts; a later failure is final")
    void oneRetryPerRamp() throws Exception {
        List<String> probes = new ArrayList<>();
        boolean[] failedOnce = {false};
        RateSearch.Result r = RateSearch.search(new long[] {100, 200, 400, 800}, (rate, kind, retryLeft) -> {
            probes.add(kind + ":" + rate + (retryLeft ? "" : "!"));
            if (rate == 200 && !failedOnce[0]) {
                failedOnce[0] = true; // one GC pause
                return new RateSearch.Outcome(false, false);
            }
            return new RateSearch.Outcome(rate <= 500, false);
        });
        assertEquals(List.of("doubling:100", "doubling:200", "doubling:200!", "doubling:400!", "doubling:800!", "bisection:600!",
                "bisection:500!", "bisection:550!"), probes,
                "the retry is spent at 200: 800 and every later failure are final ('!': no retry left)");
        assertEquals(new RateSearch.Result(500, 550, false), r);
    }

    @Test
    @DisplayName("[KIT-010] a lost subscriber ends the ramp at once: no retry, no bisection")
    void lostSubscriberEndsRamp() throws Exception {
        List<Long> probes = new ArrayList<>();
        RateSearch.Result r = RateSearch.search(new long[] {100, 200, 400, 800}, (rate, kind, retryLeft) -> {
            probes.add(rate);
            return new RateSearch.Outcome(rate < 400, rate >= 400);
        });
        assertEquals(List.of(100L, 200L, 400L), probes);
        assertEquals(new RateSearch.Result(200, 400, true), r);
    }

    @Test
    @DisplayName("[KIT-010] no bracket, no bisection: every planned rate sustained, or none")
    void noBracket() throws Exception {
        Fake all = new Fake(1_000_000);
        assertEquals(new RateSearch.Result(400, 0, false), RateSearch.search(new long[] {100, 200, 400}, all));
        assertEquals(List.of("doubling:100", "doubling:200", "doubling:400"), all.probes);
        Fake none = new Fake(10);
        assertEquals(new RateSearch.Result(0, 100, false), RateSearch.search(new long[] {100, 200, 400}, none));
        assertEquals(List.of("doubling:100", "doubling:100"), none.probes);
    }
}
