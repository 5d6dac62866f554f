package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.bench.load.BenchResults.ClockCheck;
import dev.ssekit.bench.load.BenchResults.Failed;
import dev.ssekit.bench.load.BenchResults.FanoutResult;
import dev.ssekit.bench.load.BenchResults.FanoutSetup;
import dev.ssekit.bench.load.BenchResults.FanoutSizes;
import dev.ssekit.bench.load.BenchResults.FanoutStep;
import dev.ssekit.bench.load.BenchResults.Latency1Result;
import dev.ssekit.bench.load.BenchResults.Latency1Setup;
import dev.ssekit.bench.load.BenchResults.LatencySummary;
import dev.ssekit.bench.load.BenchResults.NotRun;
import dev.ssekit.bench.load.BenchResults.OverloadSetup;
import dev.ssekit.bench.load.BenchResults.Status;
import dev.ssekit.bench.load.BenchResults.StreamResult;
import dev.ssekit.bench.load.BenchResults.SubjectRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code servers.json} is read by the docs site and the compare report: the typed results must write the same
 * fields, in the same order, with the same number types as the file always had, and leave out what does not apply.
 */
class BenchResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LatencySummary LAT = new LatencySummary(3, 0.5, 1.0, 2.0, 4.0);

    @Test
    @DisplayName("[KIT-010] fan-out results: the set-up first, steps, then the summary; retried and clock only when they apply")
    void fanoutShape() throws Exception {
        FanoutStep ok = new FanoutStep(100, 100, 100, 20_000, 20_000, 10_000, 0, LAT, true, 0.25, 3, null, null);
        FanoutStep retried = new FanoutStep(200, 200, 150, 30_000, 20_000, 10_000, 0, LAT, false, 0.5, 4, Boolean.TRUE, null);
        FanoutResult r = new FanoutResult(new FanoutSetup(200, 100.0, "in-process", null), List.of(ok, retried), 200, 150,
                150, "ok", 10_000, null, 10_000, null);
        assertEquals("{\"subscribers\":200,\"p99BoundMs\":100.0,\"client\":\"in-process\",\"steps\":[{\"rate\":100,\"planned\":100,"
                + "\"published\":100,\"offered\":20000,\"delivered\":20000,\"deliveredPerSec\":10000,\"subscribersLost\":0,"
                + "\"latency\":{\"count\":3,\"p50Ms\":0.5,\"p99Ms\":1.0,\"p999Ms\":2.0,\"maxMs\":4.0},\"sustained\":true,"
                + "\"clientThreadCpu\":0.25,\"gcMillis\":3},{\"rate\":200,\"planned\":200,\"published\":150,\"offered\":30000,"
                + "\"delivered\":20000,\"deliveredPerSec\":10000,\"subscribersLost\":0,\"latency\":{\"count\":3,\"p50Ms\":0.5,"
                + "\"p99Ms\":1.0,\"p999Ms\":2.0,\"maxMs\":4.0},\"sustained\":false,\"clientThreadCpu\":0.5,\"gcMillis\":4,"
                + "\"retried\":true}],\"subscribersAtEnd\":200,\"minEventsPerSubscriber\":150,\"maxEventsPerSubscriber\":150,"
                + "\"status\":\"ok\",\"maxSustainedDeliveredPerSec\":10000,\"atMax\":null,\"peakDeliveredPerSec\":10000}",
                JSON.writeValueAsString(r), "atMax is written as null when nothing was sustained");
        Failed failed = new Failed(new FanoutSetup(10, 500.0, "1 agent process", new ClockCheck(true, 5, 120)),
                "only 9 of 10 subscribers established");
        assertEquals("{\"subscribers\":10,\"p99BoundMs\":500.0,\"client\":\"1 agent process\",\"clock\":{\"sharedMonotonicClock\":true,"
                + "\"checks\":5,\"worstRoundTripMicros\":120},\"status\":\"error\",\"error\":\"only 9 of 10 subscribers established\"}",
                JSON.writeValueAsString(failed));
    }

    @Test
    @DisplayName("[KIT-010] a subject's entry: baseUrl, fanout by size, the scenarios, seconds; Express without fan-out or seconds")
    void subjectShape() throws Exception {
        Map<String, BenchResults.Scenario> bySize = new LinkedHashMap<>();
        bySize.put("200", Status.NOT_APPLICABLE);
        SubjectRun run = new SubjectRun("http://127.0.0.1:1", new FanoutSizes(bySize),
                new StreamResult("ok", 20, "/api/sse", 3.0, 30, 10, 2, 0, LAT), Status.SKIPPED, Status.SKIPPED,
                new Latency1Result(new Latency1Setup("in-process", null), "ok", 1_000, 2.0, 2_000, 2_000, 0, LAT, null, null)
                        .withRatio(1.5, 2.0),
                new Failed(new OverloadSetup(200, 48_000, "fixed", 2.0, "in-process"), "only 1 of 200 subscribers established"),
                12.5);
        assertEquals("{\"baseUrl\":\"http://127.0.0.1:1\",\"fanout\":{\"200\":{\"status\":\"not-applicable\"}},"
                + "\"stream\":{\"status\":\"ok\",\"clients\":20,\"path\":\"/api/sse\",\"seconds\":3.0,\"events\":30,\"eventsPerSec\":10,"
                + "\"streamsCompleted\":2,\"streamsFailed\":0,\"timeToFirstEvent\":{\"count\":3,\"p50Ms\":0.5,\"p99Ms\":1.0,"
                + "\"p999Ms\":2.0,\"maxMs\":4.0}},\"churn\":{\"status\":\"skipped\"},\"hold\":{\"status\":\"skipped\"},"
                + "\"latency1\":{\"client\":\"in-process\",\"status\":\"ok\",\"rate\":1000,\"seconds\":2.0,\"published\":2000,"
                + "\"received\":2000,\"lost\":0,\"latency\":{\"count\":3,\"p50Ms\":0.5,\"p99Ms\":1.0,\"p999Ms\":2.0,\"maxMs\":4.0},"
                + "\"p99RatioToCeiling\":1.5,\"targetRatio\":2.0},\"overload\":{\"subscribers\":200,\"rate\":48000,"
                + "\"rateSource\":\"fixed\",\"seconds\":2.0,\"client\":\"in-process\",\"status\":\"error\","
                + "\"error\":\"only 1 of 200 subscribers established\"},\"seconds\":12.5}", JSON.writeValueAsString(run));
        SubjectRun express = new SubjectRun("http://127.0.0.1:3000", Status.NOT_APPLICABLE, Status.SKIPPED,
                Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, null);
        assertEquals("{\"baseUrl\":\"http://127.0.0.1:3000\",\"fanout\":{\"status\":\"not-applicable\"},\"stream\":{\"status\":"
                + "\"skipped\"},\"churn\":{\"status\":\"not-applicable\"},\"hold\":{\"status\":\"not-applicable\"},\"latency1\":"
                + "{\"status\":\"not-applicable\"},\"overload\":{\"status\":\"not-applicable\"}}", JSON.writeValueAsString(express));
        assertEquals("{\"status\":\"not-run\",\"reason\":\"node_modules absent\"}",
                JSON.writeValueAsString(new NotRun("node_modules absent")));
    }

    @Test
    @DisplayName("[KIT-010] the named plans run what each mode always ran")
    void plans() {
        BenchRunner.Plan quick = BenchRunner.plan("quick");
        assertEquals(1, quick.fanouts().size());
        assertEquals(200, quick.fanouts().get(0).n());
        assertEquals(new BenchRunner.StreamPlan(20, 3_000, 3_000), quick.stream());
        assertEquals(new BenchRunner.ChurnPlan(200, 2_000), quick.churn());
        assertEquals(1_000, quick.hold());
        assertEquals(new BenchRunner.Latency1Plan(1_000, 2_000), quick.latency1());
        assertEquals(new BenchRunner.OverloadPlan(200, 2_000, 48_000), quick.overload());
        assertEquals(false, quick.agents());
        BenchRunner.Plan full = BenchRunner.plan("full");
        assertEquals(List.of(1_000, 10_000), full.fanouts().stream().map(BenchRunner.Fan::n).toList());
        assertEquals(new BenchRunner.OverloadPlan(1_000, 15_000, 20_000), full.overload());
        assertEquals(BenchRunner.HOLD_FULL, full.hold());
        assertEquals(true, full.agents());
        for (String mode : BenchRunner.MODES) {
            BenchRunner.plan(mode); // every listed mode has a plan
        }
        BenchRunner.Plan hold = BenchRunner.plan("hold19k");
        assertEquals(List.of(), hold.fanouts());
        assertEquals(null, hold.stream());
    }

    @Test
    @DisplayName("[KIT-010] the nodes modes run the fan-out only, on the node subjects, into nodes.json; 300 subscribers in"
            + " fanout-nodes, the same for every subject")
    void nodesPlans() {
        BenchRunner.Plan nodes = BenchRunner.plan("fanout-nodes");
        assertEquals(true, nodes.nodes());
        assertEquals(List.of(300), nodes.fanouts().stream().map(BenchRunner.Fan::n).toList());
        assertEquals(null, nodes.stream());
        assertEquals(0, nodes.hold());
        assertEquals(null, nodes.overload());
        assertEquals("nodes.json", nodes.fileName());
        assertEquals(true, BenchRunner.plan("fanout-nodes-quick").nodes());
        assertEquals("nodes.json", BenchRunner.plan("fanout-nodes-quick").fileName());
        for (String mode : List.of("quick", "full", "fanout1k", "frameworks")) {
            assertEquals(false, BenchRunner.plan(mode).nodes(), mode);
        }
        assertEquals("servers.json", BenchRunner.plan("quick").fileName());
    }

    @Test
    @DisplayName("[KIT-010] subscribers spread round robin over the nodes: 300 over 3 is 100 each, 61 gives the first node one more")
    void spreadOverNodes() {
        assertEquals(List.of(100, 100, 100), java.util.Arrays.stream(SpreadDriver.split(300, 3)).boxed().toList());
        assertEquals(List.of(21, 20, 20), java.util.Arrays.stream(SpreadDriver.split(61, 3)).boxed().toList());
        assertEquals(List.of(2), java.util.Arrays.stream(SpreadDriver.split(2, 1)).boxed().toList());
    }

    @Test
    @DisplayName("[KIT-010] three rounds in full and each per-scenario mode, one in quick (CI), frameworks and fanout-nodes-quick;"
            + " --rounds overrides")
    void rounds() {
        for (String mode : BenchRunner.MODES) {
            boolean one = mode.equals("quick") || mode.equals("frameworks") || mode.equals("fanout-nodes-quick");
            assertEquals(one ? 1 : 3, BenchRunner.plan(mode).rounds(), mode);
        }
        assertEquals(2, BenchRunner.plan("quick").rounds(2).rounds());
        assertEquals(BenchRunner.plan("quick").stream(), BenchRunner.plan("quick").rounds(2).stream(), "only the rounds change");
    }

    @Test
    @DisplayName("[KIT-010] the frameworks mode runs stream and hold only, into frameworks.json; no other mode starts the framework subjects")
    void frameworksPlan() {
        BenchRunner.Plan f = BenchRunner.plan("frameworks");
        assertEquals(List.of(), f.fanouts());
        assertEquals(new BenchRunner.StreamPlan(20, 5_000, 0), f.stream());
        assertEquals(2_000, f.hold());
        assertEquals(null, f.churn());
        assertEquals(null, f.latency1());
        assertEquals(null, f.overload());
        assertEquals("frameworks.json", f.fileName());
        for (String mode : BenchRunner.MODES) {
            // CI runs quick: the framework subjects stay out of it and of every other mode
            assertEquals(mode.equals("frameworks"), BenchRunner.plan(mode).frameworks(), mode);
            assertEquals(mode.equals("frameworks") ? "frameworks.json" : mode.startsWith("fanout-nodes") ? "nodes.json" : "servers.json",
                    BenchRunner.plan(mode).fileName(), mode);
        }
    }

    @Test
    @DisplayName("[KIT-010] not-applicable carries the subject's reason; servers.json has no frameworks entry, frameworks.json names them")
    void notApplicableAndFrameworks() throws Exception {
        assertEquals("{\"status\":\"not-applicable\",\"reason\":\"no feed\"}",
                JSON.writeValueAsString(new BenchResults.NotApplicable("no feed")));
        BenchResults.Machine m = new BenchResults.Machine(2, 1, 1, "jdk", List.of(), "os", "cpu", null, "n");
        String servers = JSON.writeValueAsString(new BenchResults.Report("quick", "t", m, 100.0, "in-process", Map.of(), 1.0, null));
        assertEquals(false, servers.contains("frameworks"), servers);
        String frameworks = JSON.writeValueAsString(new BenchResults.Report("frameworks", "t", m, 100.0, "in-process", Map.of(), 1.0,
                Map.of("micronaut", "Micronaut")));
        assertEquals(true, frameworks.endsWith("\"wallSeconds\":1.0,\"frameworks\":{\"micronaut\":\"Micronaut\"}}"), frameworks);
    }
}
