package dev.ssekit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BenchTablesTest {

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
