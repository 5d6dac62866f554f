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
 * Runs the server load benchmark: every subject through fan-out, stream, churn, hold, latency1 and overload, then
 * writes {@code servers.json} and prints a table with ratios (ours / ceiling, ours / baseline).
 *
 * <p>Modes (bench/README.md has the durations): {@code quick} (CI; client in this JVM), {@code full} (the issue's
 * sizes, client in child JVMs), and one per big scenario so each can be rerun alone: {@code fanout1k},
 * {@code fanout10k}, {@code hold19k}, {@code latency1}, {@code overload}.
 *
 * <p>With the client in this JVM each connection costs two descriptors here, so in-process runs stop near
 * {@value #IN_PROCESS_MAX_CONNECTIONS} connections under the 20,000 open-files limit; the other modes put the
 * subscribers in {@link AgentClients} child processes, and this JVM holds only the servers.
 */
public final class BenchRunner {

    /** Connections one in-process run may hold: two descriptors each, under a 20,000 open-files limit. */
    public static final int IN_PROCESS_MAX_CONNECTIONS = 9_500;

    /** The modes, in the order they are listed in usage messages. */
    public static final List<String> MODES = List.of("quick", "full", "fanout1k", "fanout10k", "hold19k", "latency1", "overload");

    /** One fan-out size: subscribers, its p99 bound, the rate steps (events published per second) and step length. */
    record Fan(int n, double p99BoundMs, long[] rates, long stepMs) {
    }

    /**
     * What a mode runs; 0 (or an empty list) skips a scenario. {@code agents}: fan-out, hold, latency1 and overload
     * subscribers in child JVMs (stream and churn always run in-process).
     */
    record Plan(List<Fan> fanouts, int streamClients, long streamMs, long expressStreamMs, double churnRate, long churnMs,
            int hold, long latency1Ms, int overloadSubscribers, long overloadMs, long overloadFixedRate, boolean agents) {
    }

    static final long[] RATES_1K = {50, 100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000};
    static final long[] RATES_10K = {5, 10, 25, 50, 100, 200, 400, 800, 1_600};
    static final int HOLD_FULL = 19_500;

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        Path out = args.length > 1 ? Path.of(args[1])
                : Files.isDirectory(Path.of("bench")) ? Path.of("bench/target/bench") : Path.of("target/bench");
        run(mode, out);
        System.exit(0);
    }

    static Plan plan(String mode) {
        Fan fan1k = new Fan(1_000, 100, RATES_1K, 2_000);
        Fan fan10k = new Fan(10_000, 500, RATES_10K, 2_000);
        return switch (mode) {
            case "quick" -> new Plan(List.of(new Fan(200, 100, new long[] {2_000, 8_000, 24_000}, 1_500)), 20, 3_000, 3_000, 200,
                    2_000, 1_000, 2_000, 200, 2_000, 48_000, false);
            case "full" -> new Plan(List.of(fan1k, fan10k), 100, 5_000, 3_000, 500, 5_000, HOLD_FULL, 10_000, 1_000, 15_000,
                    20_000, true);
            case "fanout1k" -> new Plan(List.of(fan1k), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
            case "fanout10k" -> new Plan(List.of(fan10k), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);
            case "hold19k" -> new Plan(List.of(), 0, 0, 0, 0, 0, HOLD_FULL, 0, 0, 0, 0, true);
            case "latency1" -> new Plan(List.of(), 0, 0, 0, 0, 0, 0, 10_000, 0, 0, 0, true);
            case "overload" -> new Plan(List.of(), 0, 0, 0, 0, 0, 0, 0, 1_000, 15_000, 20_000, true);
            default -> throw new IllegalArgumentException("mode is one of " + String.join(", ", MODES) + ", not " + mode);
        };
    }

    /** Runs every subject in {@code mode}; writes {@code outDir/servers.json}; returns the same tree. */
    public static Map<String, Object> run(String mode, Path outDir) throws IOException, InterruptedException {
        Plan plan = plan(mode);
        long started = System.nanoTime();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", mode);
        root.put("generated", null); // when the run ended, set below
        root.put("machine", machine());
        root.put("p99BoundMs", 100.0);
        root.put("client", plan.agents() ? "agent processes (fan-out, hold, latency1, overload); in-process (stream, churn)"
                : "in-process");
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
                subjects.put(s.name(), runSubject(s, plan, subjects));
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
                r.put("latency1", Scenarios.notApplicable());
                r.put("overload", Scenarios.notApplicable());
                subjects.put(express.name(), r);
            } finally {
                express.close();
            }
        }
        latencyRatios(subjects);
        root.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        root.put("generated", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        Files.createDirectories(outDir);
        Path file = outDir.resolve("servers.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        System.out.println();
        System.out.println(table(root));
        System.out.println("wrote " + file.toAbsolutePath());
        return root;
    }

    private static Map<String, Object> runSubject(BenchSubject s, Plan plan, Map<String, Object> done)
            throws IOException, InterruptedException {
        Scenarios.Clients big = plan.agents() ? Scenarios.Clients.AGENTS : Scenarios.Clients.IN_PROCESS;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("baseUrl", s.baseUrl());
        long t0 = System.nanoTime();
        Map<String, Object> fan = new LinkedHashMap<>();
        for (Fan f : plan.fanouts()) {
            fan.put(Integer.toString(f.n()), Scenarios.fanout(s, big, f.n(), f.rates(), f.stepMs(), f.p99BoundMs()));
        }
        r.put("fanout", fan);
        r.put("stream", plan.streamClients() == 0 ? skipped() : Scenarios.stream(s, plan.streamClients(), plan.streamMs()));
        r.put("churn", plan.churnMs() == 0 ? skipped() : Scenarios.churn(s, plan.churnRate(), plan.churnMs()));
        r.put("hold", plan.hold() == 0 ? skipped() : Scenarios.hold(s, big, plan.hold()));
        r.put("latency1", plan.latency1Ms() == 0 ? skipped() : Scenarios.latency1(s, big, 1_000, plan.latency1Ms()));
        if (plan.overloadMs() == 0) {
            r.put("overload", skipped());
        } else {
            // the same rate for every subject: twice what the ceiling sustained at this size, when this run measured it
            int n = plan.overloadSubscribers();
            long rate = plan.overloadFixedRate();
            String source = "fixed";
            double ceil = num(at(done, "ceiling-nio", "fanout", Integer.toString(n), "maxSustainedDeliveredPerSec"));
            if (!Double.isNaN(ceil) && ceil > 0) {
                rate = Math.max(1, Math.round(2 * ceil / n));
                source = "2x the ceiling's max sustained rate at " + n + " subscribers";
            } else if (s.name().equals("ceiling-nio") && r.get("fanout") instanceof Map<?, ?> fm
                    && !Double.isNaN(num(at(fm.get(Integer.toString(n)), "maxSustainedDeliveredPerSec")))) {
                double own = num(at(fm.get(Integer.toString(n)), "maxSustainedDeliveredPerSec"));
                if (own > 0) {
                    rate = Math.max(1, Math.round(2 * own / n));
                    source = "2x the ceiling's max sustained rate at " + n + " subscribers";
                }
            }
            r.put("overload", Overload.run(s, big, n, rate, source, plan.overloadMs(), plan.overloadMs() < 5_000 ? 10 : 20));
        }
        r.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return r;
    }

    /** latency1: each subject's p99 over the ceiling's (target: ours at most 2x). */
    private static void latencyRatios(Map<String, Object> subjects) {
        double ceil = num(at(subjects, "ceiling-nio", "latency1", "latency", "p99Ms"));
        for (Object r : subjects.values()) {
            if (at(r, "latency1") instanceof Map<?, ?> m && "ok".equals(m.get("status")) && ceil > 0) {
                double p99 = num(at(m, "latency", "p99Ms"));
                @SuppressWarnings("unchecked")
                Map<String, Object> mm = (Map<String, Object>) m;
                mm.put("p99RatioToCeiling", Math.round(p99 / ceil * 100) / 100.0);
                mm.put("targetRatio", 2.0);
            }
        }
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
            double hs = num(at(r, "hold", "streams"));
            c.put("hold streams", Double.isNaN(hs) ? status(at(r, "hold"), r)
                    : String.format("%,.0f of %,.0f%s", hs, num(at(r, "hold", "target")),
                            at(r, "hold", "stoppedBy") == null ? "" : " (" + String.valueOf(at(r, "hold", "stoppedBy")).split(":")[0] + ")"));
            double l99 = num(at(r, "latency1", "latency", "p99Ms"));
            v.put("latency1 p99 ms", l99);
            c.put("latency1 p99 ms", Double.isNaN(l99) ? status(at(r, "latency1"), r)
                    : String.format("%.3f (p50 %.3f, p99.9 %.3f)%s", l99, num(at(r, "latency1", "latency", "p50Ms")),
                            num(at(r, "latency1", "latency", "p999Ms")),
                            at(r, "latency1", "p99RatioToCeiling") == null ? "" : String.format("; %.2fx ceil", num(at(r, "latency1", "p99RatioToCeiling")))));
            Object oc = at(r, "overload", "outcome");
            c.put("overload", oc == null ? status(at(r, "overload"), r)
                    : oc + String.format(" (pub p99 %.2f ms, gc %.1f%%, probe p99 %.0f ms)", num(at(r, "overload", "publishCall", "p99Ms")),
                            num(at(r, "overload", "gcShare")) * 100, num(at(r, "overload", "acceptProbes", "firstByte", "p99Ms"))));
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
            boolean any = false;
            for (String s : subjects.keySet()) {
                String cell = cells.get(s).get(m);
                any |= cell != null && !cell.equals("skipped") && !cell.equals("not-applicable") && !cell.equals("-");
            }
            if (!any) {
                continue; // a scenario this mode did not run
            }
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
        for (Map.Entry<String, Object> e : subjects.entrySet()) {
            if (at(e.getValue(), "overload", "reasons") instanceof List<?> why && !why.isEmpty()) {
                sb.append(String.format("%noverload, %s collapsed: %s", e.getKey(), why));
            }
        }
        Object hold = null;
        for (Map.Entry<String, Object> e : subjects.entrySet()) {
            if ((hold = at(e.getValue(), "hold", "stoppedBy")) != null) {
                sb.append(String.format("%nhold, %s stopped early: %s", e.getKey(), hold));
            }
        }
        sb.append("\nratios (throughput: higher is better; heap/conn and latency: lower is better)\n");
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
