package dev.ssekit.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code sse-kit compare} as a user runs it (the bench jar, quick benchmark), so every build leaves a fresh
 * report in {@code bench/target/compare}.
 */
class CompareIT {

    @Test
    @DisplayName("[API-001,PARSE-006] sse-kit compare writes index.json and report.html covering every server and parser")
    void compareWritesTheReport() throws Exception {
        Path jar = Path.of("target", "sse-kit-bench.jar");
        Path out = Path.of("target", "compare");
        Path root = Path.of(System.getProperty("sse.root", "..")).toAbsolutePath().normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "compare.log");
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "compare", "--out", out.toString(),
                "--root", root.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(done, "sse-kit compare did not finish within 15 minutes");
        assertEquals(0, p.exitValue(), output);

        JsonNode index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
        JsonNode subjects = index.path("subjects");
        for (String s : List.of("undertow", "vertx", "express-tutorial", "parser-ours", "parser-okhttp",
                "parser-launchdarkly", "parser-vertx")) {
            assertTrue(subjects.has(s), "index.json lacks subject " + s + ": " + subjects.fieldNames());
        }
        assertEquals(0, subjects.path("undertow").path("counts").path("fail").asInt(), "undertow fails");
        assertEquals(0, subjects.path("vertx").path("counts").path("fail").asInt(), "vertx fails");
        assertEquals(0, subjects.path("parser-ours").path("counts").path("fail").asInt(), "our parser fails");
        assertTrue(index.path("bench").size() >= 2, "no benchmark tables in index.json");
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("Conformance matrix") && html.contains("parser-okhttp") && html.contains("PARSE-004"),
                "report.html misses the matrix");
    }
}
