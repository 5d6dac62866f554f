package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fanout-nodes-quick} mode end to end: a real redis-server and real {@code sse-kit serve} child JVMs. It
 * asserts what must hold on any machine, never speed: events reach the subscribers of every subject, and on three nodes
 * every subscriber gets events although all were published on the first node (nodes that did not share the feed would
 * leave the subscribers of nodes 2 and 3 with none); nothing the run started outlives it.
 */
class NodesFanoutIT {

    @Test
    @DisplayName("[API-019,API-021] fanout-nodes-quick: one node and three on Redis deliver; subscribers on nodes 2 and 3 get"
            + " what was posted to node 1; nodes.json has every subject; no process or folder left")
    void threeNodesShareTheFeed(@TempDir Path out) throws Exception {
        java.util.Set<Path> before = benchFolders();
        BenchRunner.run("fanout-nodes-quick", out);

        JsonNode report = new ObjectMapper().readTree(out.resolve("nodes.json").toFile());
        assertEquals("fanout-nodes-quick", report.path("mode").asText());
        assertTrue(report.path("machine").path("loadAverageAtStart").isTextual(), "the load average is recorded");
        JsonNode subjects = report.path("subjects");
        assertEquals(List.of(NodeSubjects.MEMORY_1, NodeSubjects.REDIS_1, NodeSubjects.REDIS_3), fieldNames(subjects));
        for (String name : fieldNames(subjects)) {
            JsonNode fan = subjects.path(name).path("fanout").path("60");
            assertEquals("ok", fan.path("status").asText(), name + ": " + fan);
            long delivered = 0;
            for (JsonNode step : fan.path("steps")) {
                delivered += step.path("delivered").asLong();
            }
            assertTrue(delivered > 0, name + " delivered nothing: " + fan);
            assertEquals(60, fan.path("subscribersAtEnd").asInt(), name + ": " + fan);
            // every subscriber, on whichever node, got events posted to the first node
            assertTrue(fan.path("minEventsPerSubscriber").asLong() > 0, name + ": a subscriber got no event: " + fan);
        }
        assertTrue(subjects.path(NodeSubjects.REDIS_3).path("fanout").path("60").path("client").asText().contains("3 nodes"),
                "the three-node subject's subscribers were spread over its nodes");
        assertTrue(report.path("ratios").has(NodeSubjects.REDIS_3 + " / " + NodeSubjects.REDIS_1), report.path("ratios").toString());
        // the nodes and redis-server are stopped with their subject
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        // ...and a clean round leaves no folder of logs behind
        java.util.Set<Path> left = benchFolders();
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left);
    }

    private static java.util.Set<Path> benchFolders() throws java.io.IOException {
        try (var dirs = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("sse-kit-bench-"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
