package dev.ssekit.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.bench.jmh.ParserBenchRunner;
import dev.ssekit.bench.load.BenchRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the benchmarks and turns their JSON into report tables. */
final class BenchTables {

    private BenchTables() {
    }

    static List<BenchTable> run(String mode, Path dir, PrintWriter log) throws Exception {
        Files.createDirectories(dir);
        log.println("bench (" + mode + "): parsers (JMH), then servers (load generator)");
        log.flush();
        String out = "out=" + dir.resolve("parsers.json");
        ParserBenchRunner.main(mode.equals("quick") ? new String[] {"quick", out} : new String[] {out});
        BenchRunner.run(mode, dir);
        return fromFiles(dir);
    }

    /** Tables from {@code parsers.json} and {@code servers.json} in {@code dir}, whichever exist. */
    static List<BenchTable> fromFiles(Path dir) {
        List<BenchTable> tables = new ArrayList<>();
        try {
            Path parsers = dir.resolve("parsers.json");
            if (Files.exists(parsers)) {
                tables.add(parsers(ResultsFiles.JSON.readTree(parsers.toFile())));
            }
            Path servers = dir.resolve("servers.json");
            if (Files.exists(servers)) {
                tables.addAll(servers(ResultsFiles.JSON.readTree(servers.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    static BenchTable parsers(JsonNode root) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            String corpus = r.path("corpus").asText();
            JsonNode ratio = root.path("oursOverFastestPeer").path(corpus);
            // oursOverFloor is absent in files written before the floor subject existed: the cell stays empty.
            JsonNode floor = root.path("oursOverFloor").path(corpus);
            boolean ours = r.path("parser").asText().equals("ours");
            rows.add(List.of(corpus, r.path("parser").asText(), num(r.path("mibPerSec"), 1), num(r.path("eventsPerSec"), 0),
                    num(r.path("allocBytesPerEvent"), 1),
                    ours && ratio.has("ratio") ? num(ratio.path("ratio"), 2) + "x " + ratio.path("fastestPeer").asText() : "",
                    ours && floor.has("ratio") ? num(floor.path("ratio"), 2) + "x" : ""));
        }
        return new BenchTable("Parser speed (" + root.path("mode").asText() + ": " + root.path("settings").asText() + ")",
                List.of("corpus", "parser", "MiB/s", "events/s", "alloc B/event", "ours / fastest peer", "ours / floor"), rows,
                "JMH throughput on in-memory corpora, same run for every parser; floor finds line ends and builds the data"
                        + " Strings only (a yardstick, not a peer). Machine: " + root.path("machine"));
    }

    /** One table per scenario; columns are the scalar figures the scenario reports, flattened. */
    static List<BenchTable> servers(JsonNode root) {
        Map<String, Map<String, Map<String, String>>> byScenario = new LinkedHashMap<>();
        root.path("subjects").fields().forEachRemaining(s -> s.getValue().fields().forEachRemaining(sc -> {
            if (!sc.getValue().isObject()) {
                return;
            }
            if (sc.getKey().equals("fanout")) {
                sc.getValue().fields().forEachRemaining(n -> {
                    if (n.getValue().isObject()) {
                        byScenario
                        .computeIfAbsent("fan-out to " + n.getKey() + " subscribers", k -> new LinkedHashMap<>())
                        .put(s.getKey(), flatten(n.getValue()));
                    }
                });
            } else {
                byScenario.computeIfAbsent(sc.getKey(), k -> new LinkedHashMap<>()).put(s.getKey(), flatten(sc.getValue()));
            }
        }));
        List<BenchTable> tables = new ArrayList<>();
        byScenario.forEach((scenario, subjects) -> {
            Set<String> keys = new LinkedHashSet<>();
            subjects.values().forEach(m -> keys.addAll(m.keySet()));
            List<String> headers = new ArrayList<>();
            headers.add("subject");
            headers.addAll(keys);
            List<List<String>> rows = new ArrayList<>();
            subjects.forEach((subject, m) -> {
                List<String> row = new ArrayList<>();
                row.add(subject);
                keys.forEach(k -> row.add(m.getOrDefault(k, "")));
                rows.add(row);
            });
            tables.add(new BenchTable("Servers: " + scenario + " (" + root.path("mode").asText() + ")", headers, rows,
                    "Loopback load generator sharing the machine with the servers. Machine: " + root.path("machine")));
        });
        return tables;
    }

    private static Map<String, String> flatten(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", n, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("steps") || e.getKey().equals("baseUrl")) {
                    continue;
                }
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isValueNode()) {
            out.put(prefix, n.isFloatingPointNumber() ? num(n, 2) : n.asText());
        }
    }

    private static String num(JsonNode n, int decimals) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        return String.format("%,." + decimals + "f", n.asDouble());
    }
}
