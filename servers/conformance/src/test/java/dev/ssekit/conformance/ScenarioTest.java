package dev.ssekit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.Vectors;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenario vectors read into their types: every member typed, its default stated once, nothing silently ignored. */
class ScenarioTest {

    private static StreamVector.Request get(String path) {
        return new StreamVector.Request("GET", path, Map.of(), null);
    }

    private static Scenario spec(String id) {
        return Scenario.of(Vectors.stream().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow());
    }

    private static StreamVector vector(String scenario, String params, String expected) throws Exception {
        JsonNode p = SpecFiles.json().readTree(params);
        JsonNode x = SpecFiles.json().readTree(expected);
        return new StreamVector("stream/test/x", "test", "a test", List.of("API-004"), null, null, null, scenario, p, x);
    }

    @Test
    @DisplayName("[API-004,API-010,API-016,API-017,API-019,API-020,API-021,API-024] each scenario vector of the spec reads into its type with the vector's values")
    void specVectorsAreTyped() {
        assertEquals(new FlushScenario(get("/api/sse?doc=probe&interval=2000"), 1500, 1, true),
                spec("stream/api/first-event-flushed"));
        assertEquals(new HeartbeatScenario(get("/api/sse?doc=probe&interval=3600000"), 1000, 1), spec("stream/api/heartbeat"));
        Map<String, Long> settled = new LinkedHashMap<>();
        settled.put("activeStreams", 0L);
        settled.put("scheduledTasks", 0L);
        assertEquals(new ChurnScenario(get("/api/sse?doc=tutorial&interval=10"), 1000, 5000, settled),
                spec("stream/api/disconnect-cleanup"));
        assertEquals(new SlowReaderScenario(get("/api/feed"), 65536, 400, "s3cret", 20_000, true, List.of("slowClientsDropped")),
                spec("stream/feed/slow-reader"));
        List<String> five = List.of("one", "two", "three", "four", "five");
        assertEquals(new BroadcastScenario(3, five, "s3cret", 5, true), spec("stream/feed/same-ids-for-all"));
        assertEquals(new BroadcastReplayScenario(five, 2, "s3cret", List.of("three", "four", "five")),
                spec("stream/feed/replay-from-ring"));
        long scenarios = Vectors.stream().stream().filter(StreamVector::isScenario).count();
        assertEquals(6, scenarios, "a new scenario vector: add it here");
    }

    @Test
    @DisplayName("[API-004] a member left out takes the type's default")
    void defaults() throws Exception {
        assertEquals(new FlushScenario(get("/api/sse"), 1500, 1, false),
                Scenario.of(vector("flush", "{\"request\": {\"path\": \"/api/sse\"}}", "{}")));
        assertEquals(new BroadcastScenario(3, List.of("a", "b"), "", 2, true),
                Scenario.of(vector("broadcast", "{\"publish\": [\"a\", \"b\"]}", "{}")));
    }

    @Test
    @DisplayName("[API-004] a member no scenario type reads, or one of the wrong type, is refused by name, not ignored")
    void unknownMembersAreRefused() throws Exception {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> Scenario.of(
                vector("flush", "{\"request\": {\"path\": \"/api/sse\"}, \"withinMS\": 10}", "{\"eventsWithin\": 1}")));
        assertTrue(typo.getMessage().contains("params.withinMS"), typo::getMessage);
        IllegalArgumentException unread = assertThrows(IllegalArgumentException.class, () -> Scenario.of(
                vector("heartbeat", "{\"request\": {\"path\": \"/api/sse\"}}", "{\"commentLines\": 1, \"retries\": 1}")));
        assertTrue(unread.getMessage().contains("expected.retries"), unread::getMessage);
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> Scenario.of(
                vector("churn", "{\"request\": {\"path\": \"/api/sse\"}, \"cycles\": \"many\"}", "{}")));
        assertTrue(type.getMessage().contains("params.cycles"), type::getMessage);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Scenario.of(vector("teleport", "{}", "{}")));
        assertTrue(unknown.getMessage().contains("teleport"), unknown::getMessage);
    }

    @Test
    @DisplayName("[API-017,API-019,API-024] each scenario says what the target must offer for it to apply")
    void needs() {
        assertEquals(EnumSet.of(Offer.STATS, Offer.CONTRACT), spec("stream/api/disconnect-cleanup").needs());
        assertEquals(EnumSet.of(Offer.STATS, Offer.FEED), spec("stream/feed/slow-reader").needs());
        assertEquals(Set.of(Offer.FEED), spec("stream/feed/same-ids-for-all").needs());
        assertEquals(Set.of(Offer.CONTRACT), spec("stream/api/first-event-flushed").needs());
        assertEquals(Set.of(), new HeartbeatScenario(get("/events"), 1000, 1).needs());
    }
}
