package dev.ssekit.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark JSON ({@code servers.json}, {@code parsers.json}, {@code frameworks.json}) from bench/target/bench, bench/target/compare/bench
 * or the committed reference run in bench/results: a full run before a quick one (the quick run of every build
 * measures too little to compare servers), then the newest. Makes the tables, the bar charts (as numbers for the SVG
 * template) and the attributes.
 */
final class BenchData {

    /** Attribute name part -> subject key in servers.json. */
    static final Map<String, String> SERVERS = new LinkedHashMap<>();

    static {
        SERVERS.put("ours-undertow", "ours-undertow");
        SERVERS.put("ours-vertx", "ours-vertx");
        SERVERS.put("ceiling", "ceiling-nio");
        SERVERS.put("baseline-undertow", "baseline-undertow-sse");
        SERVERS.put("express", "express-tutorial");
    }

    static final List<String> PARSERS = List.of("ours", "okhttp", "launchdarkly", "vertx", "spring");

    private final Path serversFile;
    private final JsonNode servers;
    private final Path parsersFile;
    private final JsonNode parsers;

    private final Path root;
    private Found frameworks = new Found(null, null);

    private BenchData(Path root, Path serversFile, JsonNode servers, Path parsersFile, JsonNode parsers) {
        this.root = root;
        this.serversFile = serversFile;
        this.servers = servers;
        this.parsersFile = parsersFile;
        this.parsers = parsers;
    }

    static BenchData load(Path root) {
        Found s = newest(root, "servers.json");
        Found p = newest(root, "parsers.json");
        BenchData d = new BenchData(root, s.file, s.json, p.file, p.json);
        d.frameworks = newest(root, "frameworks.json");
        return d;
    }

    /** A chosen benchmark file and its parsed content; both null when there is none. */
    private record Found(Path file, JsonNode json) {
    }

    /** A full run (its {@code mode}) before a quick one, then the newest; each candidate is read once. */
    private static Found newest(Path root, String name) {
        Found best = new Found(null, null);
        boolean bestFull = false;
        for (Path dir : List.of(root.resolve("bench/target/bench"), root.resolve("bench/target/compare/bench"),
                root.resolve("bench/results"))) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            JsonNode n = read(f);
            boolean full = "full".equals(n.path("mode").asText());
            if (best.file == null || (full && !bestFull)
                    || (full == bestFull && Results.mtime(f) > Results.mtime(best.file))) {
                best = new Found(f, n);
                bestFull = full;
            }
        }
        return best;
    }

    /** The file's path from the repository root, for the page. */
    private String relative(Path f) {
        Path r = root.toAbsolutePath().normalize();
        Path a = f.toAbsolutePath().normalize();
        return (a.startsWith(r) ? r.relativize(a) : a).toString().replace('\\', '/');
    }

    private static JsonNode read(Path f) {
        if (f == null) {
            return null;
        }
        try {
            return SpecFiles.json().readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read benchmark file " + f + ": " + e.getMessage(), e);
        }
    }

    private static String date(Path f, JsonNode n) {
        if (n.hasNonNull("generated")) {
            return n.get("generated").asText();
        }
        return Instant.ofEpochMilli(Results.mtime(f)).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static String machine(JsonNode m) {
        if (m == null || m.isMissingNode()) {
            return "n/a";
        }
        List<String> parts = new ArrayList<>();
        if (m.has("cpu")) {
            parts.add(m.path("cpu").asText());
        }
        if (m.has("cores")) {
            parts.add(m.path("cores").asInt() + " cores");
        }
        if (m.has("memoryBytes")) {
            parts.add(Math.round(m.path("memoryBytes").asDouble() / (1L << 30)) + " GiB RAM");
        }
        if (m.has("os")) {
            parts.add(m.path("os").asText());
        }
        if (m.has("jdk")) {
            parts.add("JDK " + m.path("jdk").asText());
        }
        return String.join(", ", parts);
    }

    /** The fan-out entry with the most subscribers, or a missing node. */
    private static JsonNode fanout(JsonNode subject) {
        JsonNode best = null;
        int most = -1;
        var it = subject.path("fanout").properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().isObject() && e.getValue().path("subscribers").asInt() > most) {
                most = e.getValue().path("subscribers").asInt();
                best = e.getValue();
            }
        }
        return best == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : best;
    }

    private static String fmt(JsonNode n, String pattern) {
        return n == null || n.isMissingNode() || n.isNull() || !n.isNumber() ? "n/a" : String.format(Locale.ROOT, pattern, n.asDouble());
    }

    // ---- rounds: a file written before them (no "rounds", "summary" or "ratios") is one round ----

    /** The headline keys the bench writes in each subject's {@code summary} (bench's Rounds). */
    static final String STREAM = "stream ev/s";
    static final String HOLD = "hold heap B/conn";
    static final String LATENCY1 = "latency1 p99 ms";
    static final String OVERLOAD = "overload probe first-byte p99 ms";

    /** How many rounds each scenario ran; 1 for a file written before rounds. */
    private static int rounds(JsonNode root) {
        return root.path("rounds").asInt(1);
    }

    /** A headline figure's median over the rounds from the subject's summary, else the one value {@code single}. */
    private static JsonNode median(JsonNode subject, String key, JsonNode single) {
        JsonNode sp = subject.path("summary").path(key);
        return sp.path("median").isNumber() ? sp.path("median") : single;
    }

    /**
     * "median [min..max]" of a headline figure when the subject ran several rounds, else the one value; {@code scale}
     * divides (bytes to KiB).
     */
    private static String range(JsonNode subject, String key, JsonNode single, String pattern, double scale) {
        JsonNode sp = subject.path("summary").path(key);
        if (sp.path("median").isNumber() && sp.path("perRound").size() > 1) {
            return String.format(Locale.ROOT, pattern + " [" + pattern + ".." + pattern + "]", sp.path("median").asDouble() / scale,
                    sp.path("min").asDouble() / scale, sp.path("max").asDouble() / scale);
        }
        return single.isNumber() && single.asDouble() >= 0 ? String.format(Locale.ROOT, pattern, single.asDouble() / scale) : "—";
    }

    /** The figures the ratios table shows, by summary key: its column title, whether lower is better. */
    private static Map<String, String> ratioColumns(String fanKey) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(fanKey, "fan-out max sustained");
        c.put(STREAM, "stream events/s");
        c.put(HOLD, "heap per idle stream (lower is better)");
        c.put(LATENCY1, "latency1 p99 (lower is better)");
        c.put(OVERLOAD, "overload: new connections' first byte p99 (lower is better)");
        return c;
    }

    /** One subject's headline figures from a file written before rounds (its one round). */
    private static Map<String, Double> single(JsonNode s, String fanKey) {
        Map<String, Double> m = new LinkedHashMap<>();
        JsonNode f = fanout(s);
        put(m, fanKey, f.path("maxSustainedDeliveredPerSec"));
        put(m, STREAM, s.path("stream").path("eventsPerSec"));
        put(m, HOLD, s.path("hold").path("heapPerConnBytes"));
        put(m, LATENCY1, s.path("latency1").path("latency").path("p99Ms"));
        put(m, OVERLOAD, s.path("overload").path("acceptProbes").path("firstByte").path("p99Ms"));
        return m;
    }

    private static void put(Map<String, Double> m, String key, JsonNode v) {
        if (v.isNumber() && v.asDouble() >= 0) {
            m.put(key, v.asDouble());
        }
    }

    /**
     * Ours over the ceiling and the baseline: the file's per-round ratios (median [min..max]) when it has them, else the
     * one round's ratio, computed here.
     */
    private static List<Map<String, Object>> ratioRows(JsonNode root, String fanKey) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, String> columns = ratioColumns(fanKey);
        JsonNode subjects = root.path("subjects");
        for (String ours : List.of("ours-undertow", "ours-vertx")) {
            for (String ref : List.of("ceiling-nio", "baseline-undertow-sse")) {
                List<String> cells = new ArrayList<>();
                boolean any = false;
                JsonNode given = root.path("ratios").path(ours + " / " + ref);
                Map<String, Double> a = single(subjects.path(ours), fanKey);
                Map<String, Double> b = single(subjects.path(ref), fanKey);
                for (String key : columns.keySet()) {
                    String cell = "—";
                    if (root.has("ratios")) {
                        JsonNode sp = given.path(key);
                        if (sp.path("median").isNumber()) {
                            cell = sp.path("perRound").size() > 1 ? String.format(Locale.ROOT, "%.2fx [%.2f..%.2f]",
                                    sp.path("median").asDouble(), sp.path("min").asDouble(), sp.path("max").asDouble())
                                    : String.format(Locale.ROOT, "%.2fx", sp.path("median").asDouble());
                        }
                    } else if (a.containsKey(key) && b.get(key) != null && b.get(key) != 0) {
                        cell = String.format(Locale.ROOT, "%.2fx", a.get(key) / b.get(key));
                    }
                    any |= !cell.equals("—");
                    cells.add(cell);
                }
                if (any) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("pair", ours + " / " + ref);
                    r.put("cells", cells);
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    /** The 1-minute load average's range over the run, or the one reading at its start in a file written before rounds. */
    private static String load(JsonNode root) {
        JsonNode l = root.path("loadAverage");
        if (l.path("oneMinuteMin").isNumber()) {
            return String.format(Locale.ROOT, "%.2f to %.2f (1 minute, around each scenario; %d scenario rounds started above %.1f)",
                    l.path("oneMinuteMin").asDouble(), l.path("oneMinuteMax").asDouble(), l.path("startsAboveWarning").asInt(),
                    l.path("warnAbove").asDouble());
        }
        return root.path("machine").path("loadAverageAtStart").asText("n/a") + " (at the start)";
    }

    Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("bench-machine", servers == null ? "n/a" : machine(servers.path("machine")));
        a.put("bench-date", servers == null ? "n/a" : date(serversFile, servers));
        a.put("bench-mode", servers == null ? "n/a" : servers.path("mode").asText("n/a"));
        a.put("bench-rounds", servers == null ? "n/a" : Integer.toString(rounds(servers)));
        String subs = "n/a";
        if (servers != null) {
            JsonNode f = fanout(servers.path("subjects").path("ours-undertow"));
            if (f.has("subscribers")) {
                subs = f.path("subscribers").asText();
            }
        }
        a.put("bench-fanout-subscribers", subs);
        for (var e : SERVERS.entrySet()) {
            JsonNode s = servers == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : servers.path("subjects").path(e.getValue());
            if (!e.getKey().equals("express")) {
                JsonNode f = fanout(s);
                String n = f.path("subscribers").asText();
                a.put("bench-fanout-" + e.getKey() + "-eps", fmt(median(s, "fanout@" + n + " ev/s", f.path("maxSustainedDeliveredPerSec")), "%,.0f"));
                String r = range(s, "fanout@" + n + " ev/s", f.path("maxSustainedDeliveredPerSec"), "%,.0f", 1);
                a.put("bench-fanout-" + e.getKey() + "-eps-range", r.equals("—") ? "n/a" : r);
                a.put("bench-fanout-" + e.getKey() + "-p99ms", fmt(median(s, "fanout@" + n + " p99 ms", f.path("atMax").path("p99Ms")), "%.1f"));
            }
            a.put("bench-stream-" + e.getKey() + "-eps", fmt(median(s, STREAM, s.path("stream").path("eventsPerSec")), "%,.0f"));
            a.put("bench-stream-" + e.getKey() + "-ttfe-ms", fmt(s.path("stream").path("timeToFirstEvent").path("p50Ms"), "%.1f"));
            JsonNode heap = median(s, HOLD, s.path("hold").path("heapPerConnBytes"));
            a.put("bench-hold-" + e.getKey() + "-heap-kib", heap.isNumber() ? String.format(Locale.ROOT, "%.1f", heap.asDouble() / 1024) : "n/a");
        }
        for (String p : PARSERS) {
            a.put("parser-" + p + "-stream-mibs", fmt(parserResult(p, "stream-1mib").path("mibPerSec"), "%.1f"));
        }
        return a;
    }

    private JsonNode parserResult(String parser, String corpus) {
        if (parsers != null) {
            for (JsonNode r : parsers.path("results")) {
                if (r.path("parser").asText().equals(parser) && r.path("corpus").asText().equals(corpus)) {
                    return r;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    // ---- the page ----

    /**
     * The frameworks table from {@code frameworks.json}: ours, the ceiling and each framework subject side by side,
     * a framework subject that did not run shown with its reason.
     */
    private void frameworks(Map<String, Object> m) {
        JsonNode f = frameworks.json;
        m.put("hasFrameworks", f != null);
        if (f == null) {
            return;
        }
        m.put("frameworksMachine", machine(f.path("machine")));
        m.put("frameworksDate", date(frameworks.file, f));
        m.put("frameworksFile", relative(frameworks.file));
        m.put("frameworksLoad", f.has("loadAverage") ? load(f) : f.path("machine").path("loadAverageAtStart").asText("n/a"));
        m.put("frameworksClient", f.path("client").asText(""));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Bar> stream = new ArrayList<>();
        List<Bar> heap = new ArrayList<>();
        var it = f.path("subjects").properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode s = e.getValue();
            JsonNode hold = s.path("hold");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("subject", e.getKey());
            r.put("framework", f.path("frameworks").path(e.getKey()).asText(e.getKey().startsWith("ours-") ? "sse-kit"
                    : e.getKey().startsWith("ceiling") ? "ceiling (the bench's minimal NIO server)" : "—"));
            r.put("notRun", s.path("status").asText().equals("not-run") ? s.path("reason").asText() : null);
            r.put("streamEps", range(s, STREAM, s.path("stream").path("eventsPerSec"), "%,.0f", 1));
            r.put("ttfe50", dash(fmt(s.path("stream").path("timeToFirstEvent").path("p50Ms"), "%.1f")));
            r.put("ttfe99", dash(fmt(s.path("stream").path("timeToFirstEvent").path("p99Ms"), "%.1f")));
            r.put("heapKib", s.path("summary").path(HOLD).path("perRound").size() > 1 ? range(s, HOLD, hold.path("heapPerConnBytes"), "%.1f", 1024)
                    : kib(hold.path("heapPerConnBytes")));
            r.put("rssKib", kib(hold.path("rssPerConnBytes")));
            r.put("held", hold.has("streams") ? String.format(Locale.ROOT, "%,d of %,d", hold.path("streams").asInt(),
                    hold.path("target").asInt()) : "—");
            r.put("holdPath", hold.path("path").asText(hold.has("streams") ? "/api/feed" : "—"));
            rows.add(r);
            bar(stream, e.getKey(), s.path("stream").path("eventsPerSec"), "%,.0f");
            if (hold.path("heapPerConnBytes").isNumber() && hold.path("heapPerConnBytes").asDouble() >= 0) {
                double k = hold.path("heapPerConnBytes").asDouble() / 1024;
                heap.add(new Bar(e.getKey(), k, String.format(Locale.ROOT, "%.1f KiB", k), false));
            }
        }
        m.put("frameworkRows", rows);
        m.put("frameworksStreamChart", Chart.of("Stream: events/s, each subject's /api/sse?interval=0", stream));
        m.put("frameworksHeapChart", Chart.of("Live heap per idle stream (KiB, lower is better)", heap));
    }

    private static String kib(JsonNode bytes) {
        return bytes.isNumber() ? String.format(Locale.ROOT, "%.1f", bytes.asDouble() / 1024) : "—";
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        frameworks(m);
        m.put("hasServers", servers != null);
        m.put("hasParsers", parsers != null);
        if (servers != null) {
            m.put("serversMachine", machine(servers.path("machine")));
            m.put("serversDate", date(serversFile, servers));
            m.put("serversFile", relative(serversFile));
            m.put("serversMode", servers.path("mode").asText());
            m.put("serversNote", servers.path("machine").path("note").asText(""));
            // the bound of the fan-out the table shows (the largest): 500 ms at 10,000 subscribers, else the run's
            JsonNode shown = null;
            var subjects = servers.path("subjects").elements();
            while (shown == null && subjects.hasNext()) {
                JsonNode f = fanout(subjects.next());
                shown = f.has("p99BoundMs") ? f : null;
            }
            m.put("p99Bound", fmt(shown != null ? shown.path("p99BoundMs") : servers.path("p99BoundMs"), "%.0f"));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<double[]> none = new ArrayList<>();
            List<Bar> fan = new ArrayList<>();
            List<Bar> stream = new ArrayList<>();
            List<Bar> heap = new ArrayList<>();
            var it = servers.path("subjects").properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                JsonNode s = e.getValue();
                JsonNode f = fanout(s);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("subject", e.getKey());
                r.put("fanSubs", f.path("subscribers").asText("—"));
                String n = f.path("subscribers").asText();
                r.put("fanEps", range(s, "fanout@" + n + " ev/s", f.path("maxSustainedDeliveredPerSec"), "%,.0f", 1));
                r.put("fanP99", range(s, "fanout@" + n + " p99 ms", f.path("atMax").path("p99Ms"), "%.1f", 1));
                r.put("streamEps", range(s, STREAM, s.path("stream").path("eventsPerSec"), "%,.0f", 1));
                r.put("ttfe50", dash(fmt(s.path("stream").path("timeToFirstEvent").path("p50Ms"), "%.1f")));
                r.put("ttfe99", dash(fmt(s.path("stream").path("timeToFirstEvent").path("p99Ms"), "%.1f")));
                JsonNode h = median(s, HOLD, s.path("hold").path("heapPerConnBytes"));
                r.put("heapKib", range(s, HOLD, s.path("hold").path("heapPerConnBytes"), "%.1f", 1024));
                r.put("lat99", range(s, LATENCY1, s.path("latency1").path("latency").path("p99Ms"), "%.2f", 1));
                r.put("probe99", range(s, OVERLOAD, s.path("overload").path("acceptProbes").path("firstByte").path("p99Ms"), "%.0f", 1));
                JsonNode outcomes = s.path("summary").path(OVERLOAD).path("outcomes");
                r.put("overload", outcomes.isArray() && outcomes.size() > 1 ? String.join("/", java.util.stream.StreamSupport
                        .stream(outcomes.spliterator(), false).map(o -> o.asText("—")).toList()) : s.path("overload").path("outcome").asText("—"));
                JsonNode churn = s.path("churn");
                r.put("churn", churn.has("returnedToZero") ? (churn.path("returnedToZero").asBoolean() ? "yes" : "no") : "—");
                rows.add(r);
                bar(fan, e.getKey(), median(s, "fanout@" + n + " ev/s", f.path("maxSustainedDeliveredPerSec")), "%,.0f");
                bar(stream, e.getKey(), median(s, STREAM, s.path("stream").path("eventsPerSec")), "%,.0f");
                if (h.isNumber()) {
                    heap.add(new Bar(e.getKey(), h.asDouble() / 1024, String.format(Locale.ROOT, "%.1f KiB", h.asDouble() / 1024), false));
                }
            }
            m.put("serverRows", rows);
            m.put("serversRounds", rounds(servers));
            m.put("serversLoad", load(servers));
            String fanKey = "fanout@" + attributes().get("bench-fanout-subscribers") + " ev/s";
            List<Map<String, Object>> ratioRows = ratioRows(servers, fanKey);
            m.put("ratioRows", ratioRows);
            m.put("hasRatios", !ratioRows.isEmpty());
            m.put("ratioHeaders", List.copyOf(ratioColumns(fanKey).values()));
            m.put("fanChart", Chart.of("Fan-out: max sustained delivered events/s (" + attributes().get("bench-fanout-subscribers") + " subscribers)", fan));
            m.put("streamChart", Chart.of("Stream: events/s over " + "20 clients", stream));
            m.put("heapChart", Chart.of("Live heap per idle stream (KiB, lower is better)", heap));
        }
        if (parsers != null) {
            m.put("parsersMachine", machine(parsers.path("machine")));
            m.put("parsersDate", date(parsersFile, parsers));
            m.put("parsersFile", relative(parsersFile));
            m.put("parsersSettings", parsers.path("mode").asText() + ": " + parsers.path("settings").asText());
            List<Map<String, Object>> names = new ArrayList<>();
            parsers.path("parsers").properties().forEach(e -> names.add(Map.of("key", e.getKey(), "name", e.getValue().asText())));
            m.put("parserNames", names);
            List<Map<String, Object>> corpora = new ArrayList<>();
            List<Bar> bars = new ArrayList<>();
            parsers.path("corpora").properties().forEach(e -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("corpus", e.getKey());
                c.put("description", e.getValue().path("description").asText());
                JsonNode ratio = parsers.path("oursOverFastestPeer").path(e.getKey());
                c.put("ratio", ratio.has("ratio") ? String.format(Locale.ROOT, "%.2fx %s", ratio.path("ratio").asDouble(), ratio.path("fastestPeer").asText()) : "—");
                JsonNode floor = parsers.path("oursOverFloor").path(e.getKey()); // absent in files older than the floor subject
                if (floor.has("ratio")) {
                    c.put("floorRatio", String.format(Locale.ROOT, "%.2fx", floor.path("ratio").asDouble()));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                bars.add(new Bar(e.getKey(), 0, "", true));
                for (JsonNode r : parsers.path("results")) {
                    if (r.path("corpus").asText().equals(e.getKey())) {
                        rows.add(Map.of("parser", r.path("parser").asText(),
                                "mibs", fmt(r.path("mibPerSec"), "%,.1f"),
                                "eps", fmt(r.path("eventsPerSec"), "%,.0f"),
                                "alloc", fmt(r.path("allocBytesPerEvent"), "%,.1f")));
                        bar(bars, r.path("parser").asText(), r.path("mibPerSec"), "%,.1f MiB/s");
                    }
                }
                c.put("rows", rows);
                corpora.add(c);
            });
            m.put("corpora", corpora);
            m.put("parserChart", Chart.of("Parser throughput (MiB/s) per corpus", bars));
        }
        return m;
    }

    private static String dash(String s) {
        return s.equals("n/a") ? "—" : s;
    }

    private static void bar(List<Bar> bars, String label, JsonNode v, String pattern) {
        if (v.isNumber()) {
            bars.add(new Bar(label, v.asDouble(), String.format(Locale.ROOT, pattern, v.asDouble()), false));
        }
    }

    record Bar(String label, double value, String text, boolean group) {
    }

    /** Horizontal bar chart geometry for chart.mustache: the template draws, this only measures. */
    static final class Chart {
        static final int LABEL = 190;
        static final int WIDTH = 760;
        static final int ROW = 24;

        static Map<String, Object> of(String title, List<Bar> bars) {
            double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
            int plot = WIDTH - LABEL - 130;
            List<Map<String, Object>> rows = new ArrayList<>();
            int y = 34;
            for (Bar b : bars) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("label", b.label());
                r.put("group", b.group());
                r.put("y", y);
                r.put("textY", y + 16);
                if (!b.group()) {
                    int w = max <= 0 ? 0 : (int) Math.max(1, Math.round(b.value() / max * plot));
                    r.put("w", w);
                    r.put("x", LABEL);
                    r.put("valueX", LABEL + w + 6);
                    r.put("text", b.text());
                    r.put("ours", b.label().startsWith("ours"));
                }
                rows.add(r);
                y += ROW;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("title", title);
            c.put("width", WIDTH);
            c.put("height", y + 10);
            c.put("labelX", LABEL - 8);
            c.put("axisX", LABEL);
            c.put("bars", rows);
            c.put("empty", bars.isEmpty());
            return c;
        }
    }
}
