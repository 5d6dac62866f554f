package dev.ssekit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The report's tables from servers.json: files written before rounds and after. */
class BenchTablesTest {

    private static List<String> row(BenchTable t, String first) {
        return t.rows().stream().filter(r -> r.get(0).equals(first)).findFirst().orElseThrow(() -> new AssertionError(first + " in " + t));
    }

    private static String cell(BenchTable t, String first, String column) {
        return row(t, first).get(t.headers().indexOf(column));
    }

    @Test
    @DisplayName("[KIT-010] a single-round servers.json (the reference run before rounds) still renders: one round, the values alone, ratios of that round")
    void oldSingleRoundFile() throws Exception {
        // the reference run committed before rounds existed, kept as it was
        JsonNode root;
        try (var in = BenchTablesTest.class.getResourceAsStream("/servers-before-rounds.json")) {
            root = ResultsFiles.JSON.readTree(in);
        }
        assertTrue(root.path("rounds").isMissingNode(), "the file was written before rounds");
        List<BenchTable> tables = BenchTables.servers(root);
        BenchTable headline = tables.get(0);
        assertTrue(headline.title().contains("over 1 round(s)"), headline.title());
        assertEquals("3,868,468.00", cell(headline, "ceiling-nio", "fanout@1000 ev/s"));
        assertEquals("89.41", cell(headline, "ours-undertow", "fanout@1000 p99 ms"));
        BenchTable ratios = tables.get(1);
        assertTrue(ratios.title().startsWith("Servers: ours / reference"), ratios.title());
        assertEquals(String.format("%.2f", 1_968_999 / 3_868_468.0), cell(ratios, "ours-undertow / ceiling-nio", "fanout@1000 ev/s"));
        assertEquals(String.format("%.2f", 1_959_567 / 171_313.0), cell(ratios, "ours-vertx / baseline-undertow-sse", "fanout@1000 ev/s"));
        assertTrue(tables.stream().anyMatch(t -> t.title().startsWith("Servers: fan-out to 1000 subscribers")), "the scenario tables stay");
    }

    @Test
    @DisplayName("[KIT-010] a file with rounds: headline cells read median [min..max], ratios are the file's per-round ones, summary and rounds are no scenario tables")
    void fileWithRounds() throws Exception {
        JsonNode root = ResultsFiles.JSON.readTree("""
                {"mode":"full","rounds":3,"loadAverage":{"oneMinuteMin":0.2,"oneMinuteMax":1.7,"warnAbove":1.5,"startsAboveWarning":1},
                 "subjects":{
                  "ceiling-nio":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":200,"atMax":{"p99Ms":5.0}}},
                    "summary":{"fanout@1000 ev/s":{"median":200,"min":100,"max":400,"perRound":[200,100,400]}},
                    "rounds":[{"fanout":{}},{"fanout":{}},{"fanout":{}}]},
                  "ours-vertx":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":100,"atMax":{"p99Ms":7.0}}},
                    "summary":{"fanout@1000 ev/s":{"median":100,"min":50,"max":180,"perRound":[100,50,180]}}}},
                 "ratios":{"ours-vertx / ceiling-nio":{"fanout@1000 ev/s":{"median":0.5,"min":0.45,"max":0.5,"perRound":[0.5,0.5,0.45]}}}}
                """);
        List<BenchTable> tables = BenchTables.servers(root);
        BenchTable headline = tables.get(0);
        assertTrue(headline.title().contains("over 3 round(s)"), headline.title());
        assertTrue(headline.note().contains("0.20..1.70"), headline.note());
        assertEquals("100.00 [50.00..180.00]", cell(headline, "ours-vertx", "fanout@1000 ev/s"));
        assertEquals("7.00", cell(headline, "ours-vertx", "fanout@1000 p99 ms"), "no summary for it: the median round's value");
        assertEquals("0.50 [0.45..0.50]", cell(tables.get(1), "ours-vertx / ceiling-nio", "fanout@1000 ev/s"),
                "the per-round ratios' median, not 100 / 200 of the medians");
        assertFalse(tables.stream().anyMatch(t -> t.title().contains("summary") || t.title().contains("rounds:")), tables.toString());
    }

    private static JsonNode json(String s) throws Exception {
        return ResultsFiles.JSON.readTree(s);
    }

    private static List<String> column(BenchTable t, String header) {
        int i = t.headers().indexOf(header);
        return t.rows().stream().map(r -> r.get(i)).toList();
    }

    @Test
    @DisplayName("[KIT-010] the parser table shows ours / fastest peer and ours / floor on our row, from parsers.json")
    void parserTableShowsFloorFraction() throws Exception {
        BenchTable t = BenchTables.parsers(json("""
                {"mode":"quick","settings":"s","results":[
                  {"parser":"ours","corpus":"json-4k","mibPerSec":3000.0},
                  {"parser":"okhttp","corpus":"json-4k","mibPerSec":1500.0},
                  {"parser":"floor","corpus":"json-4k","mibPerSec":3200.0}],
                 "oursOverFastestPeer":{"json-4k":{"fastestPeer":"okhttp","ratio":2.0}},
                 "oursOverFloor":{"json-4k":{"ratio":0.9375}}}"""));
        assertEquals(List.of("ours", "okhttp", "floor"), column(t, "parser"));
        assertEquals(List.of("2.00x okhttp", "", ""), column(t, "ours / fastest peer"));
        assertEquals(List.of("0.94x", "", ""), column(t, "ours / floor"));
    }

    @Test
    @DisplayName("[KIT-010] a parsers.json from before the floor subject still renders, its ours / floor cells empty")
    void oldParsersJsonWithoutFloor() throws Exception {
        BenchTable t = BenchTables.parsers(json("""
                {"mode":"full","settings":"s","results":[{"parser":"ours","corpus":"tokens","mibPerSec":800.0}],
                 "oursOverFastestPeer":{"tokens":{"fastestPeer":"okhttp","ratio":3.3}}}"""));
        assertEquals(List.of("3.30x okhttp"), column(t, "ours / fastest peer"));
        assertEquals(List.of(""), column(t, "ours / floor"));
    }
}
