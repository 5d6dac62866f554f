package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the server load benchmark: every subject through fan-out, stream, churn and hold, then writes
 * {@code servers.json} and prints a table with ratios (ours / ceiling, ours / baseline).
 *
 * <p>Modes: {@code quick} (CI: fan-out at 200 subscribers with 3 rate steps (2k, 8k, 24k events/s), stream 20 clients x 3 s, churn 2 s,
 * hold 1,000 streams; about 1-2 minutes), {@code fanout1k} (only the fan-out at 1,000 subscribers) and {@code full} (fan-out at 1,000 and up to 9,000 subscribers, with
 * doubling rate steps, hold 9,500 streams).
 *
 * <p>Limit: the load client runs in this JVM, so each connection costs two file descriptors here. With an
 * open-files hard limit of 20,000, in-process runs stop near 9,500 connections; fan-out at 10,000 and hold at
 * 19,500 need the client in a separate process (not built yet).
 */
public final class BenchRunner {

    /** Connections one in-process run may hold: two descriptors each, under a 20,000 open-files limit. */
    public static final int IN_PROCESS_MAX_CONNECTIONS = 9_500;

    private record Plan(int[] fanoutSubscribers, long[] rates, long stepMs, int streamClients, long streamMs,
            long expressStreamMs, double churnRate, long churnMs, int hold) {
    }

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        Path out = args.length > 1 ? Path.of(args[1])
                : Files.isDirectory(Path.of("bench")) ? Path.of("bench/target/bench") : Path.of("target/bench");
        run(mode, out);
        System.exit(0);
    }

    /** Runs every subject in {@code mode}; writes {@code outDir/servers.json}; returns the same tree. */
    public static Map<String, Object> run(String mode, Path outDir) throws IOException, InterruptedException {
        Plan plan = switch (mode) {
            case "quick" -> new Plan(new int[] {200}, new long[] {2_000, 8_000, 24_000}, 1_500, 20, 3_000, 3_000, 200, 2_000, 1_000);
            case "full" -> new Plan(new int[] {1_000, 9_000}, new long[] {250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000},
                    2_000, 100, 5_000, 3_000, 500, 5_000, IN_PROCESS_MAX_CONNECTIONS);
            // only the fan-out at 1,000 subscribers of the full mode (about 1-2 minutes)
            case "fanout1k" -> new Plan(new int[] {1_000}, new long[] {250, 500, 1_000, 2_000, 4_000, 8_000},
                    2_000, 0, 0, 0, 0, 0, 0);
            default -> throw new IllegalArgumentException("mode is quick, full or fanout1k, not " + mode);
        };
        long started = System.nanoTime();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", mode);
        root.put("machine", machine());
        root.put("p99BoundMs", 100.0);
        Map<String, Object> subjects = new LinkedHashMap<>();
        root.put("subjects", subjects);

        List<Callable<BenchSubject>> factories = new ArrayList<>();
        factories.add(Subjects::ceiling);
        factories.add(Subjects::oursUndertow);
        factories.add(Subjects::oursVertx);
        factories.add(Subjects::baselineUndertowSse);
        for (Callable<BenchSubject> f : factories) {
            BenchSubject s;
            try {
                s = f.call();
            } catch (Exception e) {
                System.out.println("subject failed to start: " + e);
                continue;
            }
            try {
                subjects.put(s.name(), runSubject(s, plan));
            } finally {
                s.close();
            }
        }
        // Express: stream only
        String[] why = new String[1];
        Path dir = findExpress();
        BenchSubject express = dir == null || plan.streamClients() == 0 ? null : Subjects.express(dir, why);
        if (plan.streamClients() == 0) {
            subjects.put("express-tutorial", skipped());
        } else if (express == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "not-run");
            m.put("reason", dir == null ? "subjects/express-tutorial not found" : why[0]);
            subjects.put("express-tutorial", m);
            System.out.println("[express-tutorial] not-run: " + m.get("reason"));
        } else {
            try {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("baseUrl", express.baseUrl());
                r.put("fanout", Scenarios.notApplicable());
                r.put("stream", Scenarios.stream(express, plan.streamClients(), plan.expressStreamMs()));
                r.put("churn", Scenarios.notApplicable());
                r.put("hold", Scenarios.notApplicable());
                subjects.put(express.name(), r);
            } finally {
                express.close();
            }
        }
        root.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        Files.createDirectories(outDir);
        Path file = outDir.resolve("servers.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        System.out.println();
        System.out.println(table(root));
        System.out.println("wrote " + file.toAbsolutePath());
        return root;
    }

    private static Map<String, Object> runSubject(BenchSubject s, Plan plan) throws IOException, InterruptedException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("baseUrl", s.baseUrl());
        Map<String, Object> fan = new LinkedHashMap<>();
        for (int n : plan.fanoutSubscribers()) {
            fan.put(Integer.toString(n), Scenarios.fanout(s, n, plan.rates(), plan.stepMs(), 100.0));
        }
        r.put("fanout", fan);
        r.put("stream", plan.streamClients() == 0 ? skipped() : Scenarios.stream(s, plan.streamClients(), plan.streamMs()));
        r.put("churn", plan.churnMs() == 0 ? skipped() : Scenarios.churn(s, plan.churnRate(), plan.churnMs()));
        r.put("hold", plan.hold() == 0 ? skipped() : Scenarios.hold(s, plan.hold()));
        return r;
    }

    private static Map<String, Object> skipped() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "skipped");
        return m;
    }

    private static Path findExpress() {
        for (Path p : new Path[] {Path.of("subjects/express-tutorial"), Path.of("../subjects/express-tutorial")}) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        long mem = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    mem = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        m.put("memoryBytes", mem);
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")");
        m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        String cpu = "unknown";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        m.put("cpu", cpu);
        try {
            // other work on the same cores skews every number: recorded so a noisy run can be recognised
            m.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        m.put("note", "load client and servers share this machine (loopback); the client costs CPU too");
        return m;
    }

    // ------------------------------------------------------------------ table

    @SuppressWarnings("unchecked")
    private static Object at(Object root, String... path) {
        Object o = root;
        for (String p : path) {
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Headline metrics: name -> (subject -> value), higher-is-better flag in the name's suffix. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> root) {
        Map<String, Object> subjects = (Map<String, Object>) root.get("subjects");
        List<String> metrics = new ArrayList<>();
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : subjects.entrySet()) {
            String name = e.getKey();
            Object r = e.getValue();
            Map<String, Double> v = new LinkedHashMap<>();
            Map<String, String> c = new LinkedHashMap<>();
            Object fan = at(r, "fanout");
            if (fan instanceof Map<?, ?> fm && !fm.containsKey("status")) {
                for (Map.Entry<?, ?> fe : fm.entrySet()) {
                    String key = "fanout@" + fe.getKey() + " ev/s";
                    double d = num(at(fe.getValue(), "maxSustainedDeliveredPerSec"));
                    v.put(key, d);
                    c.put(key, Double.isNaN(d) ? String.valueOf(at(fe.getValue(), "status"))
                            : String.format("%,.0f (p99 %s ms; peak %,.0f)", d, fmt(num(at(fe.getValue(), "atMax", "p99Ms"))),
                                    num(at(fe.getValue(), "peakDeliveredPerSec"))));
                }
            } else {
                c.put("fanout", status(fan, r));
            }
            double sev = num(at(r, "stream", "eventsPerSec"));
            v.put("stream ev/s", sev);
            c.put("stream ev/s", Double.isNaN(sev) ? status(at(r, "stream"), r)
                    : String.format("%,.0f (ttfe p50 %s ms)", sev, fmt(num(at(r, "stream", "timeToFirstEvent", "p50Ms")))));
            Object ch = at(r, "churn", "returnedToZero");
            c.put("churn", ch == null ? status(at(r, "churn"), r)
                    : (Boolean.TRUE.equals(ch) ? "ok" : "NOT OK") + String.format(" (%,.0f conns, heap %+.0f KiB)",
                            num(at(r, "churn", "connectionsOpened")), num(at(r, "churn", "heapGrowth")) / 1024));
            double hp = num(at(r, "hold", "heapPerConnBytes"));
            double rs = num(at(r, "hold", "rssPerConnBytes"));
            v.put("hold heap B/conn", hp);
            c.put("hold heap B/conn", Double.isNaN(hp) ? status(at(r, "hold"), r) : String.format("%,.0f", hp));
            c.put("hold RSS B/conn", Double.isNaN(rs) ? status(at(r, "hold"), r) : String.format("%,.0f", rs));
            for (String k : c.keySet()) {
                if (!metrics.contains(k)) {
                    metrics.add(k);
                }
            }
            values.put(name, v);
            cells.put(name, c);
        }
        metrics.remove("fanout");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s", "metric"));
        for (String s : subjects.keySet()) {
            sb.append(String.format(" | %-40s", s));
        }
        sb.append('\n');
        for (String m : metrics) {
            sb.append(String.format("%-24s", m));
            for (String s : subjects.keySet()) {
                String cell = cells.get(s).get(m);
                if (cell == null && m.startsWith("fanout")) {
                    cell = cells.get(s).get("fanout");
                }
                sb.append(String.format(" | %-40s", cell == null ? "-" : cell));
            }
            sb.append('\n');
        }
        sb.append("\nratios (throughput: higher is better; heap/conn: lower is better)\n");
        for (String ours : subjects.keySet()) {
            if (!ours.startsWith("ours-")) {
                continue;
            }
            for (String ref : new String[] {"ceiling-nio", "baseline-undertow-sse", "express-tutorial"}) {
                if (!values.containsKey(ref)) {
                    continue;
                }
                StringBuilder line = new StringBuilder();
                for (Map.Entry<String, Double> e : values.get(ours).entrySet()) {
                    Double b = values.get(ref).get(e.getKey());
                    if (b != null && !b.isNaN() && !e.getValue().isNaN() && b != 0) {
                        line.append(String.format("  %s %.2f", e.getKey(), e.getValue() / b));
                    }
                }
                if (line.length() > 0) {
                    sb.append(String.format("%s / %s:%s%n", ours, ref, line));
                }
            }
        }
        return sb.toString();
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "?" : String.format("%.1f", d);
    }

    private static String status(Object scenario, Object subject) {
        Object st = at(scenario, "status");
        if (st == null) {
            st = at(subject, "status");
        }
        return st == null ? "-" : st.toString();
    }
}
