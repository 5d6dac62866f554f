package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        try (BenchSubject s = Subjects.ours("undertow")) {
            BenchResults.HoldResult r = assertInstanceOf(BenchResults.HoldResult.class,
                    Scenarios.hold(s, Scenarios.Clients.AGENTS, 50));
            assertEquals("ok", r.status(), r.toString());
            assertEquals(50, r.streams());
            assertEquals(50, r.serverActive(), "the server counted every stream: " + r);
            assertEquals(0, r.activeAfterAbort(), r.toString());
            assertEquals("1 agent process", r.client());
            assertTrue(r.clock().sharedMonotonicClock());
            assertTrue(r.serverFdsWithStreams() >= 50, "each stream is a descriptor here: " + r);
        }
    }

    @Test
    @DisplayName("[API-019] latency1: every event published to the one subscriber arrives and has its latency recorded")
    @Timeout(60)
    void latency1CountsEveryEvent() throws Exception {
        try (BenchSubject s = Subjects.ours("vertx")) {
            BenchResults.Latency1Result r = assertInstanceOf(BenchResults.Latency1Result.class,
                    Scenarios.latency1(s, Scenarios.Clients.IN_PROCESS, 200, 1_000));
            assertEquals("ok", r.status(), r.toString());
            long published = r.published();
            assertTrue(published > 0);
            assertEquals(published, r.received(), r.toString());
            assertEquals(published, r.latency().count(), r.toString());
            assertEquals(0, r.lost());
        }
    }

    @Test
    @DisplayName("[API-024] overload: reports publish calls, probes and server stats, and its outcome matches its reasons")
    @Timeout(90)
    void overloadReports() throws Exception {
        try (BenchSubject s = Subjects.ours("undertow")) {
            BenchResults.OverloadResult r = assertInstanceOf(BenchResults.OverloadResult.class,
                    Overload.run(s, Scenarios.Clients.IN_PROCESS, 20, 2_000, "test", 1_500, 3));
            assertEquals("ok", r.status(), r.toString());
            assertTrue(r.published() > 0, r.toString());
            assertTrue(r.delivered() > 0, r.toString());
            assertEquals(r.published(), r.publishCall().calls(), "every publish call was timed");
            assertTrue(r.acceptProbes().probes() >= 1, r.toString());
            Map<String, Object> stats = r.serverStatsAfter();
            assertTrue(stats != null && stats.containsKey("slowClientsDropped"), "GET /api/stats answered: " + r);
            assertTrue(r.slowClientsDropped() != null, "the drop count is the difference of the two answers: " + r);
            List<String> why = r.reasons();
            assertEquals(why.isEmpty() ? "graceful" : "collapsed", r.outcome(), r.toString());
            assertEquals(0, s.activeStreams(), "the scenario leaves no stream behind");
        }
    }
}
