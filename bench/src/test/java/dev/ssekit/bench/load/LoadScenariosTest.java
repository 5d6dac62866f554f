package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tiny runs of the hold (client in a child JVM), latency1 and overload scenarios against real servers. They check
 * what the scenarios count and how they report it, never how fast anything was.
 */
class LoadScenariosTest {

    @Test
    @DisplayName("[API-017] hold with the client in an agent process: every stream counted by the server, back to 0 after abort")
    @Timeout(120)
    void holdWithAgents() throws Exception {
        try (BenchSubject s = Subjects.oursUndertow()) {
            Map<String, Object> r = Scenarios.hold(s, Scenarios.Clients.AGENTS, 50);
            assertEquals("ok", r.get("status"), r.toString());
            assertEquals(50, r.get("streams"));
            assertEquals(50, r.get("serverActive"), "the server counted every stream: " + r);
            assertEquals(0, r.get("activeAfterAbort"), r.toString());
            assertEquals("1 agent process", r.get("client"));
            assertEquals(Boolean.TRUE, ((Map<?, ?>) r.get("clock")).get("sharedMonotonicClock"));
            assertTrue(((Number) r.get("serverFdsWithStreams")).longValue() >= 50, "each stream is a descriptor here: " + r);
        }
    }

    @Test
    @DisplayName("[API-019] latency1: every event published to the one subscriber arrives and has its latency recorded")
    @Timeout(60)
    @SuppressWarnings("unchecked")
    void latency1CountsEveryEvent() throws Exception {
        try (BenchSubject s = Subjects.oursVertx()) {
            Map<String, Object> r = Scenarios.latency1(s, Scenarios.Clients.IN_PROCESS, 200, 1_000);
            assertEquals("ok", r.get("status"), r.toString());
            long published = ((Number) r.get("published")).longValue();
            assertTrue(published > 0);
            assertEquals(published, ((Number) r.get("received")).longValue(), r.toString());
            assertEquals(published, ((Number) ((Map<String, Object>) r.get("latency")).get("count")).longValue(), r.toString());
            assertEquals(0, r.get("lost"));
        }
    }

    @Test
    @DisplayName("[API-024] overload: reports publish calls, probes and server stats, and its outcome matches its reasons")
    @Timeout(90)
    @SuppressWarnings("unchecked")
    void overloadReports() throws Exception {
        try (BenchSubject s = Subjects.oursUndertow()) {
            Map<String, Object> r = Overload.run(s, Scenarios.Clients.IN_PROCESS, 20, 2_000, "test", 1_500, 3);
            assertEquals("ok", r.get("status"), r.toString());
            assertTrue(((Number) r.get("published")).longValue() > 0, r.toString());
            assertTrue(((Number) r.get("delivered")).longValue() > 0, r.toString());
            Map<String, Object> pub = (Map<String, Object>) r.get("publishCall");
            assertEquals(r.get("published"), pub.get("calls"), "every publish call was timed");
            Map<String, Object> probes = (Map<String, Object>) r.get("acceptProbes");
            assertTrue(((Number) probes.get("probes")).intValue() >= 1, r.toString());
            Map<String, Object> stats = (Map<String, Object>) r.get("serverStatsAfter");
            assertTrue(stats != null && stats.containsKey("slowClientsDropped"), "GET /api/stats answered: " + r);
            List<String> why = (List<String>) r.get("reasons");
            assertEquals(why.isEmpty() ? "graceful" : "collapsed", r.get("outcome"), r.toString());
            assertEquals(0, s.activeStreams(), "the scenario leaves no stream behind");
        }
    }
}
