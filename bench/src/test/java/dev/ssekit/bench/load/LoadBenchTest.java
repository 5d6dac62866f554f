package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tiny run of the server load bench. It asserts only what is observable and must hold on any machine: events
 * arrive, every subscriber gets the same count, the server returns to 0 streams after churn, a stalled reader is
 * dropped. Never speed.
 */
class LoadBenchTest {

    private static BenchSubject subject(String name) throws Exception {
        return switch (name) {
            case "ours-undertow" -> Subjects.ours("undertow");
            case "ours-vertx" -> Subjects.ours("vertx");
            case Subjects.CEILING -> Subjects.ceiling();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ours-undertow", "ours-vertx", "ceiling-nio"})
    @DisplayName("[API-019] fan-out bench: 50 subscribers all receive every broadcast event, the same count each")
    @Timeout(30)
    void fanoutDeliversSameEventsToAll(String name) throws Exception {
        try (BenchSubject s = subject(name)) {
            // a generous bound: the test never judges speed
            BenchResults.Scenario result = Scenarios.fanout(s, 50, new long[] {200}, 500, 60_000);
            BenchResults.FanoutResult r = assertInstanceOf(BenchResults.FanoutResult.class, result, result::toString);
            assertEquals("ok", r.status(), r.toString());
            List<BenchResults.FanoutStep> steps = r.steps();
            assertEquals(1, steps.size());
            BenchResults.FanoutStep step = steps.get(0);
            assertTrue(step.published() > 0);
            assertEquals(step.offered(), step.delivered(), "every subscriber gets every event: " + step);
            assertEquals(0, step.subscribersLost());
            assertEquals(50, r.subscribersAtEnd());
            assertEquals(r.minEventsPerSubscriber(), r.maxEventsPerSubscriber(), "same count to all");
        }
    }

    @Test
    @DisplayName("[API-016] churn bench: after 1 s of connect/abort, activeStreams and scheduledTasks return to 0")
    @Timeout(30)
    void churnReturnsToZero() throws Exception {
        try (BenchSubject s = Subjects.ours("undertow")) {
            BenchResults.ChurnResult r = assertInstanceOf(BenchResults.ChurnResult.class, Scenarios.churn(s, 100, 1_000));
            assertTrue(r.established() > 0, r.toString());
            assertEquals(0, r.activeStreamsAfter(), r.toString());
            assertEquals(0, r.scheduledTasksAfter(), r.toString());
            assertEquals(0, s.activeStreams());
        }
    }

    @Test
    @DisplayName("[API-024] a stalled subscriber is dropped while a reading one still gets every event")
    @Timeout(30)
    void stalledReaderIsDropped() throws Exception {
        try (BenchSubject s = Subjects.ours("undertow");
                LoadClient reader = new LoadClient(s.host(), s.port(), 1, 4, 25_000);
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(s.host(), s.port()), 2_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/feed HTTP/1.1\r\nHost: " + s.host() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            assertTrue(in.read(new byte[64]) > 0, "stalled subscriber got its response head");
            reader.open(1, "/api/feed");
            assertEquals(1, reader.awaitEstablished(1, 5_000));
            long end = System.nanoTime() + 15_000_000_000L;
            while (s.activeStreams() < 2 && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            String data = "x".repeat(4096);
            long published = 0;
            Subjects.Ours ours = (Subjects.Ours) s;
            while (ours.slowClientsDropped() == 0 && System.nanoTime() < end && published < 20_000) {
                for (int i = 0; i < 50; i++) {
                    s.publish(data);
                    published++;
                }
                Thread.sleep(20);
            }
            assertTrue(ours.slowClientsDropped() >= 1, "the stalled subscriber was dropped");
            while (reader.events() < published && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertEquals(published, reader.events(), "the reading subscriber got every event");
            assertEquals(0, reader.lost());
            assertEquals(1, s.activeStreams());
        }
    }
}
