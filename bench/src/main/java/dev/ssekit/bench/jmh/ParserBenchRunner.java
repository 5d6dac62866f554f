package dev.ssekit.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.bench.parsers.FloorParser;
import dev.ssekit.bench.parsers.PeerParser;
import dev.ssekit.bench.parsers.PeerParsers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ParserBenchmark} for every parser and corpus, then prints MiB/s, events/s and bytes allocated per
 * event, with the ratios ours / fastest peer and ours / floor, and writes them with the machine's description and
 * load average to {@code bench/target/bench/parsers.json}. The floor ({@link FloorParser}) is timed like a parser but
 * is never the fastest peer.
 *
 * <p>Arguments, in any order: {@code quick} (1 fork, 1x1 s warmup, 2x1 s measurement; also
 * {@code -Dsse.bench.quick=true}), {@code nogc} (no GC profiler), {@code parsers=a,b}, {@code corpora=x,y},
 * {@code out=path}. Without {@code quick}: 3 forks, 5x2 s warmup, 5x2 s measurement.
 */
public final class ParserBenchRunner {

    private record Row(String parser, String corpus, double opsPerSec, double opsError, double mibPerSec,
            double eventsPerSec, double allocPerEvent) {
    }

    private ParserBenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("sse.bench.quick");
        boolean gc = true;
        List<String> parsers = new ArrayList<>(PeerParsers.all().stream().map(PeerParser::name).toList());
        parsers.add(FloorParser.NAME);
        List<String> corpora = Corpora.NAMES;
        Path out = Files.isDirectory(Path.of("bench")) ? Path.of("bench", "target", "bench", "parsers.json")
                : Path.of("target", "bench", "parsers.json");
        for (String a : args) {
            if (a.equals("quick")) {
                quick = true;
            } else if (a.equals("nogc")) {
                gc = false;
            } else if (a.startsWith("parsers=")) {
                parsers = List.of(a.substring(8).split(","));
            } else if (a.startsWith("corpora=")) {
                corpora = List.of(a.substring(8).split(","));
            } else if (a.startsWith("out=")) {
                out = Path.of(a.substring(4));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        double loadStart = loadAverage();
        long start = System.nanoTime();
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + ".parse")
                .param("parser", parsers.toArray(String[]::new))
                .param("corpus", corpora.toArray(String[]::new))
                .timeUnit(TimeUnit.SECONDS);
        if (quick) {
            opt.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        } else {
            opt.forks(3).warmupIterations(5).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        if (gc) {
            opt.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(opt.build()).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double loadEnd = loadAverage();

        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String p = r.getParams().getParam("parser");
            String c = r.getParams().getParam("corpus");
            Corpora.Corpus corpus = Corpora.get(c);
            double ops = r.getPrimaryResult().getScore();
            Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double alloc = norm == null ? Double.NaN : norm.getScore() / corpus.events();
            rows.add(new Row(p, c, ops, r.getPrimaryResult().getScoreError(), ops * corpus.bytes().length / (1 << 20),
                    ops * corpus.events(), alloc));
        }
        String table = table(rows, corpora);
        System.out.println();
        System.out.print(table);
        System.out.printf("%s run: %.0f s, load average %.2f at start, %.2f at end%n", quick ? "quick" : "full", seconds,
                loadStart, loadEnd);
        write(out, rows, corpora, quick, gc, seconds, loadStart, loadEnd);
        System.out.println("results: " + out.toAbsolutePath());
    }

    /** Per corpus: the fastest peer by throughput, and ours divided by it. */
    private static Map<String, Object[]> ratios(List<Row> rows, List<String> corpora) {
        Map<String, Object[]> m = new LinkedHashMap<>();
        for (String c : corpora) {
            Row ours = rows.stream().filter(r -> r.corpus().equals(c) && r.parser().equals("ours")).findFirst().orElse(null);
            Row best = rows.stream().filter(r -> r.corpus().equals(c) && !r.parser().equals("ours")
                            && !r.parser().equals(FloorParser.NAME))
                    .max((a, b) -> Double.compare(a.opsPerSec(), b.opsPerSec())).orElse(null);
            if (ours != null && best != null) {
                m.put(c, new Object[] {best.parser(), ours.opsPerSec() / best.opsPerSec()});
            }
        }
        return m;
    }

    /** Per corpus: ours MiB/s divided by the floor's. */
    private static Map<String, Double> floorRatios(List<Row> rows, List<String> corpora) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String c : corpora) {
            Row ours = row(rows, "ours", c);
            Row floor = row(rows, FloorParser.NAME, c);
            if (ours != null && floor != null) {
                m.put(c, ours.mibPerSec() / floor.mibPerSec());
            }
        }
        return m;
    }

    private static Row row(List<Row> rows, String parser, String corpus) {
        return rows.stream().filter(r -> r.corpus().equals(corpus) && r.parser().equals(parser)).findFirst().orElse(null);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String table(List<Row> rows, List<String> corpora) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-12s %-13s %10s %14s %12s%n", "corpus", "parser", "MiB/s", "events/s", "B/event"));
        for (String c : corpora) {
            for (Row r : rows) {
                if (r.corpus().equals(c)) {
                    b.append(String.format("%-12s %-13s %10.1f %14.0f %12.1f%n", c, r.parser(), r.mibPerSec(),
                            r.eventsPerSec(), r.allocPerEvent()));
                }
            }
        }
        Map<String, Object[]> peers = ratios(rows, corpora);
        Map<String, Double> floors = floorRatios(rows, corpora);
        b.append(String.format("%n%-12s %-13s %-20s %s%n", "corpus", "fastest peer", "ours / fastest peer", "ours / floor"));
        for (String c : corpora) {
            Object[] v = peers.get(c);
            Double f = floors.get(c);
            if (v != null || f != null) {
                b.append(String.format("%-12s %-13s %-20s %s%n", c, v == null ? "" : v[0],
                        v == null ? "" : String.format("%.2fx", (Double) v[1]), f == null ? "" : String.format("%.2fx", f)));
            }
        }
        return b.toString();
    }

    private static void write(Path out, List<Row> rows, List<String> corpora, boolean quick, boolean gc, double seconds,
            double loadStart, double loadEnd) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format", "sse-kit-bench-parsers/1");
        root.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("mode", quick ? "quick" : "full");
        root.put("settings", quick ? "1 fork, 1x1 s warmup, 2x1 s measurement" : "3 forks, 5x2 s warmup, 5x2 s measurement");
        root.put("gcProfiler", gc);
        root.put("durationSeconds", Math.round(seconds));
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryBytes", os.getTotalMemorySize());
        }
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("loadAverageAtStart", loadStart);
        machine.put("loadAverageAtEnd", loadEnd);
        ObjectNode parsers = root.putObject("parsers");
        PeerParsers.all().forEach(p -> parsers.put(p.name(), p.description()));
        parsers.put(FloorParser.NAME, PeerParsers.floor().description());
        ObjectNode cs = root.putObject("corpora");
        for (String c : corpora) {
            Corpora.Corpus k = Corpora.get(c);
            ObjectNode n = cs.putObject(c);
            n.put("description", k.description());
            n.put("bytes", k.bytes().length);
            n.put("events", k.events());
            n.put("chunks", k.chunks().size());
        }
        ArrayNode arr = root.putArray("results");
        for (Row r : rows) {
            ObjectNode n = arr.addObject();
            n.put("parser", r.parser());
            n.put("corpus", r.corpus());
            n.put("opsPerSec", r.opsPerSec());
            n.put("opsPerSecError", Double.isNaN(r.opsError()) ? null : r.opsError());
            n.put("mibPerSec", r.mibPerSec());
            n.put("eventsPerSec", r.eventsPerSec());
            if (!Double.isNaN(r.allocPerEvent())) {
                n.put("allocBytesPerEvent", r.allocPerEvent());
            }
        }
        ObjectNode ratio = root.putObject("oursOverFastestPeer");
        ratios(rows, corpora).forEach((c, v) -> {
            ObjectNode n = ratio.putObject(c);
            n.put("fastestPeer", (String) v[0]);
            n.put("ratio", (Double) v[1]);
        });
        ObjectNode floor = root.putObject("oursOverFloor");
        floorRatios(rows, corpora).forEach((c, v) -> floor.putObject(c).put("ratio", v));
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writeValue(out.toFile(), root);
    }
}
