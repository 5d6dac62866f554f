package dev.ssekit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs as cluster nodes: started and awaited, faulted (kill, stop, pause), and never left behind. */
class LocalClusterIT {

    private static LocalCluster.Node node(String name) {
        return new LocalCluster.Node(name, 0, port -> List.of(Integer.toString(port), name));
    }

    private static LocalCluster start(Path dir, LocalCluster.Node... nodes) {
        return LocalCluster.start(LocalCluster.currentClassPath(), TestNode.class.getName(), List.of(nodes), dir);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    @DisplayName("[KIT-007] a LocalCluster returns once every node answers /api/stats, and close ends every node")
    void startsAllAndClosesAll(@TempDir Path dir) throws Exception {
        List<Long> pids;
        try (LocalCluster cluster = start(dir, node("one"), node("two"))) {
            assertEquals(2, cluster.nodes().size());
            for (NodeProcess n : cluster.nodes()) {
                assertTrue(NodeProcess.statsAnswers(n.port()), n.name() + " does not answer");
                assertEquals("http://127.0.0.1:" + n.port(), n.url());
                assertTrue(Files.readString(n.log()).contains("test node " + n.name() + " on " + n.port()), n.logTail(5));
            }
            assertNotEquals(cluster.node(0).port(), cluster.node(1).port());
            pids = cluster.nodes().stream().map(NodeProcess::pid).toList();
            pids.forEach(p -> assertTrue(alive(p), "node " + p + " is not running"));
        }
        pids.forEach(p -> assertFalse(alive(p), "node " + p + " outlived close"));
    }

    @Test
    @DisplayName("[KIT-007] kill and stop end one node; the other goes on answering")
    void killAndStopOneNode(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = start(dir, node("one"), node("two"), node("three"))) {
            NodeProcess one = cluster.node(0);
            one.kill();
            assertFalse(alive(one.pid()), "kill left node one running");
            NodeProcess two = cluster.node(1);
            two.stop();
            assertFalse(alive(two.pid()), "stop left node two running");
            assertTrue(NodeProcess.statsAnswers(cluster.node(2).port()));
            // onExit completes on a JDK thread of its own, shortly after the reap
            one.onExit().get(10, TimeUnit.SECONDS);
            two.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("[KIT-007] a paused node answers nothing until it is resumed; close ends it even while paused")
    void pauseAndResume(@TempDir Path dir) throws Exception {
        long pid;
        try (LocalCluster cluster = start(dir, node("one"))) {
            NodeProcess one = cluster.node(0);
            pid = one.pid();
            one.pause();
            assertFalse(NodeProcess.statsAnswers(one.port()), "a paused node answered");
            one.resume();
            assertTrue(NodeProcess.statsAnswers(one.port()), "a resumed node did not answer");
            one.pause();
        }
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertFalse(alive(pid), "a paused node outlived close");
    }

    @Test
    @DisplayName("[KIT-007] a node that exits before it answers fails the start with its log, and no node is left running")
    void failedNodeFailsTheStart(@TempDir Path dir) {
        int goodPort = FreePorts.free();
        LocalCluster.Node good = new LocalCluster.Node("good", goodPort, port -> List.of(Integer.toString(port), "good"));
        LocalCluster.Node bad = new LocalCluster.Node("bad", 0, port -> List.of("fail"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(dir, good, bad));
        assertTrue(e.getMessage().contains("node bad exited with status 3")
                && e.getMessage().contains("test node: refusing to start, as asked"), e.getMessage());
        assertFalse(FreePorts.listening(goodPort), "the good node outlived the failed start");
    }
}
