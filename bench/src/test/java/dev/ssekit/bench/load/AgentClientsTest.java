package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load agent's process protocol end to end, over loopback against a real server: a child JVM connects streams,
 * receives and parses broadcast events, reports counts and histograms, and exits when its stdin closes. No timing is
 * judged; the waits only bound the test.
 */
class AgentClientsTest {

    private static void awaitEvents(LoadDriver lc, long n) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lc.events() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        lc.refresh();
    }

    @Test
    @DisplayName("[API-019] agent process: 3 streams in a child JVM each receive every broadcast event, with latency recorded")
    @Timeout(60)
    void childReceivesBroadcasts() throws Exception {
        try (BenchSubject s = Subjects.ours("undertow");
                AgentClients lc = AgentClients.start(s.host(), s.port(), 1, 3, 50_000)) {
            assertTrue(lc.clock().sharedMonotonicClock(), "child's nanoTime is on our clock: " + lc.clock());
            lc.open(3, s.feedPath());
            assertEquals(3, lc.awaitEstablished(3, 20_000));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.activeStreams() < 3 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 5; i++) {
                s.publish(Long.toString(System.nanoTime()));
            }
            awaitEvents(lc, 15);
            assertEquals(15, lc.events());
            assertEquals(0, lc.lost());
            assertEquals(0, lc.failed());
            Histogram h = lc.takeLatency();
            assertEquals(15, h.getTotalCount(), "every event's publish time was parsed and recorded");
            long[] counts = lc.eventCountsPerConnection();
            assertEquals(3, counts.length);
            for (long c : counts) {
                assertEquals(5, c);
            }
            lc.abortAll();
            end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lc.openConnections() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, lc.openConnections());
            Process p = lc.processes().get(0);
            lc.close();
            assertFalse(p.isAlive(), "close() waits for the child");
            assertEquals(0, p.exitValue());
        }
    }

    @Test
    @DisplayName("[API-019] agent process: spread over two children, and each child exits when its parent closes stdin")
    @Timeout(60)
    void childExitsWhenStdinCloses() throws Exception {
        try (BenchSubject s = Subjects.ceiling();
                AgentClients lc = AgentClients.start(s.host(), s.port(), 2, 4, 50_000)) {
            lc.open(4, s.feedPath());
            assertEquals(4, lc.awaitEstablished(4, 20_000));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.activeStreams() < 4 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            s.publish("hello");
            awaitEvents(lc, 4);
            assertEquals(4, lc.events());
            List<Process> ps = lc.processes();
            assertEquals(2, ps.size());
            for (Process p : ps) {
                p.getOutputStream().close(); // what the child sees when the parent dies
            }
            for (Process p : ps) {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child exited after stdin closed");
                assertEquals(0, p.exitValue());
            }
        }
    }

    @Test
    @DisplayName("[API-019] agent protocol: a bare LoadAgent answers clock and stat, reports an unknown command, exits on EOF")
    @Timeout(60)
    void bareAgentProtocol() throws Exception {
        try (BenchSubject s = Subjects.ceiling()) {
            Process p = new ProcessBuilder(AgentClients.Agent.javaBinary(), "-cp", System.getProperty("java.class.path"),
                    LoadAgent.class.getName(), s.host(), Integer.toString(s.port()), "1", "2", "10", "30000")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(in.readLine().startsWith("{\"type\":\"ready\""));
                Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII);
                w.write("clock 7\nbogus\nstat 8\n");
                w.flush();
                boolean clock = false;
                boolean error = false;
                boolean stat = false;
                String line;
                while (!(clock && error && stat) && (line = in.readLine()) != null) {
                    clock |= line.startsWith("{\"type\":\"clock\",\"id\":7,\"nanoTime\":");
                    error |= line.contains("\"error\":\"unknown command bogus\"");
                    stat |= line.startsWith("{\"type\":\"stat\",\"id\":8,\"events\":0");
                }
                assertTrue(clock && error && stat, "clock " + clock + ", error " + error + ", stat " + stat);
                w.close();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "agent exited on EOF");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
