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

    /**
     * The headline figures (median [min..max] over the rounds) and the ratios of ours to the references, then one table
     * per scenario whose columns are the scalar figures the scenario reports, flattened (with several rounds: the median
     * round's). A file written before rounds is one round.
     */
    static List<BenchTable> servers(JsonNode root) {
        List<BenchTable> tables = new ArrayList<>();
        int rounds = root.path("rounds").asInt(1);
        String load = root.path("loadAverage").has("oneMinuteMin")
                ? String.format(" Load average (1 min) around the scenarios: %.2f..%.2f, %d scenario rounds started above %.1f.",
                        root.path("loadAverage").path("oneMinuteMin").asDouble(), root.path("loadAverage").path("oneMinuteMax").asDouble(),
                        root.path("loadAverage").path("startsAboveWarning").asInt(), root.path("loadAverage").path("warnAbove").asDouble())
                : root.path("machine").has("loadAverageAtStart")
                ? " Load average at the start: " + root.path("machine").path("loadAverageAtStart").asText() + "." : "";
        Map<String, Map<String, String>> headline = new LinkedHashMap<>();
        Map<String, Map<String, Double>> single = new LinkedHashMap<>();
        root.path("subjects").fields().forEachRemaining(s -> {
            Map<String, String> cells = new LinkedHashMap<>();
            Map<String, Double> values = headline(s.getValue());
            single.put(s.getKey(), values);
            JsonNode summary = s.getValue().path("summary");
            values.forEach((k, v) -> cells.put(k, summary.path(k).has("median") ? range(summary.path(k), "%,.2f") : String.format("%,.2f", v)));
            if (!cells.isEmpty()) {
                headline.put(s.getKey(), cells);
            }
        });
        if (!headline.isEmpty()) {
            tables.add(table("Servers: headline figures, median [min..max] over " + rounds + " round(s) (" + root.path("mode").asText()
                    + ")", "subject", headline, "Each scenario ran " + rounds + " time(s) per subject, the subjects interleaved." + load));
        }
        Map<String, Map<String, String>> ratios = new LinkedHashMap<>();
        if (root.has("ratios")) {
            root.path("ratios").fields().forEachRemaining(pair -> {
                Map<String, String> cells = new LinkedHashMap<>();
                pair.getValue().fields().forEachRemaining(m -> cells.put(m.getKey(), range(m.getValue(), "%.2f")));
                ratios.put(pair.getKey(), cells);
            });
        } else {
            // one round: the ratio of its values
            for (String ours : single.keySet()) {
                for (String ref : List.of("ceiling-nio", "baseline-undertow-sse", "express-tutorial")) {
                    if (!ours.startsWith("ours-") || !single.containsKey(ref)) {
                        continue;
                    }
                    Map<String, String> cells = new LinkedHashMap<>();
                    single.get(ours).forEach((k, v) -> {
                        Double b = single.get(ref).get(k);
                        if (b != null && b != 0) {
                            cells.put(k, String.format("%.2f", v / b));
                        }
                    });
                    if (!cells.isEmpty()) {
                        ratios.put(ours + " / " + ref, cells);
                    }
                }
            }
        }
        if (!ratios.isEmpty()) {
            tables.add(table("Servers: ours / reference, median [min..max] of the per-round ratios (" + root.path("mode").asText() + ")",
                    "ratio", ratios, "Round k of ours over round k of the reference, then the median of those ratios."
                            + " Throughput: higher is better; heap and latency: lower is better."));
        }
        tables.addAll(scenarios(root));
        return tables;
    }

    /** A subject's headline figures from its scenarios (the keys its summary uses). */
    private static Map<String, Double> headline(JsonNode s) {
        Map<String, Double> m = new LinkedHashMap<>();
        s.path("fanout").fields().forEachRemaining(n -> {
            put(m, "fanout@" + n.getKey() + " ev/s", n.getValue().path("maxSustainedDeliveredPerSec"));
            put(m, "fanout@" + n.getKey() + " p99 ms", n.getValue().path("atMax").path("p99Ms"));
        });
        put(m, "stream ev/s", s.path("stream").path("eventsPerSec"));
        put(m, "hold heap B/conn", s.path("hold").path("heapPerConnBytes"));
        put(m, "latency1 p99 ms", s.path("latency1").path("latency").path("p99Ms"));
        put(m, "overload probe first-byte p99 ms", s.path("overload").path("acceptProbes").path("firstByte").path("p99Ms"));
        return m;
    }

    private static void put(Map<String, Double> m, String key, JsonNode v) {
        if (v.isNumber() && v.asDouble() >= 0) {
            m.put(key, v.asDouble());
        }
    }

    /** "median [min..max]", or the one value when one round measured it. */
    private static String range(JsonNode spread, String pattern) {
        if (spread.path("perRound").size() < 2) {
            return String.format(pattern, spread.path("median").asDouble());
        }
        return String.format(pattern + " [" + pattern + ".." + pattern + "]", spread.path("median").asDouble(),
                spread.path("min").asDouble(), spread.path("max").asDouble());
    }

    /** Rows by name, columns the union of their keys. */
    private static BenchTable table(String title, String first, Map<String, Map<String, String>> rowsByName, String note) {
        Set<String> keys = new LinkedHashSet<>();
        rowsByName.values().forEach(m -> keys.addAll(m.keySet()));
        List<String> headers = new ArrayList<>();
        headers.add(first);
        headers.addAll(keys);
        List<List<String>> rows = new ArrayList<>();
        rowsByName.forEach((name, m) -> {
            List<String> row = new ArrayList<>();
            row.add(name);
            keys.forEach(k -> row.add(m.getOrDefault(k, "")));
            rows.add(row);
        });
        return new BenchTable(title, headers, rows, note);
    }

    /** One table per scenario; columns are the scalar figures the scenario reports, flattened. */
    private static List<BenchTable> scenarios(JsonNode root) {
        Map<String, Map<String, Map<String, String>>> byScenario = new LinkedHashMap<>();
        root.path("subjects").fields().forEachRemaining(s -> s.getValue().fields().forEachRemaining(sc -> {
            // the rounds' own entries, the summary and the load samples are not scenarios
            if (!sc.getValue().isObject() || sc.getKey().equals("summary") || sc.getKey().equals("loadAverage")) {
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
