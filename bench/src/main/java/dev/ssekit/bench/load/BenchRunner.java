package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ssekit.bench.load.BenchResults.ChurnResult;
import dev.ssekit.bench.load.BenchResults.Failed;
import dev.ssekit.bench.load.BenchResults.FanoutResult;
import dev.ssekit.bench.load.BenchResults.FanoutSizes;
import dev.ssekit.bench.load.BenchResults.HoldResult;
import dev.ssekit.bench.load.BenchResults.Latency1Result;
import dev.ssekit.bench.load.BenchResults.Machine;
import dev.ssekit.bench.load.BenchResults.NotApplicable;
import dev.ssekit.bench.load.BenchResults.NotRun;
import dev.ssekit.bench.load.BenchResults.OverloadResult;
import dev.ssekit.bench.load.BenchResults.Report;
import dev.ssekit.bench.load.BenchResults.Scenario;
import dev.ssekit.bench.load.BenchResults.Status;
import dev.ssekit.bench.load.BenchResults.StreamResult;
import dev.ssekit.bench.load.BenchResults.SubjectResult;
import dev.ssekit.bench.load.BenchResults.SubjectRun;
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
 * {@code fanout10k}, {@code hold19k}, {@code latency1}, {@code overload}; and {@code frameworks}: stream and hold on
 * ours, the ceiling and every JVM framework subject ({@link FrameworkSubjects}), written to {@code frameworks.json}.
 *
 * <p>With the client in this JVM each connection costs two descriptors here, so in-process runs stop near
 * {@value #IN_PROCESS_MAX_CONNECTIONS} connections under the 20,000 open-files limit; the other modes put the
 * subscribers in {@link AgentClients} child processes, and this JVM holds only the servers.
 */
public final class BenchRunner {

    /** Connections one in-process run may hold: two descriptors each, under a 20,000 open-files limit. */
    public static final int IN_PROCESS_MAX_CONNECTIONS = 9_500;

    /** The modes, in the order they are listed in usage messages. */
    public static final List<String> MODES = List.of("quick", "full", "fanout1k", "fanout10k", "hold19k", "latency1", "overload",
            "frameworks");

    /** One fan-out size: subscribers, its p99 bound, the rate steps (events published per second) and step length. */
    record Fan(int n, double p99BoundMs, long[] rates, long stepMs) {
    }

    /** {@code clients} pull the document over and over for {@code ms}; Express, stream-only, for {@code expressMs}. */
    record StreamPlan(int clients, long ms, long expressMs) {
    }

    /** Connect and abort at {@code rate} per second for {@code ms}. */
    record ChurnPlan(double rate, long ms) {
    }

    /** One subscriber at {@code rate} events per second for {@code ms}. */
    record Latency1Plan(long rate, long ms) {
    }

    /** {@code subscribers} under a broadcast well past what they can take, for {@code ms}; see {@link Overload}. */
    record OverloadPlan(int subscribers, long ms, long fixedRate) {
    }

    /**
     * What a mode runs; a null step (or no fan-out) is skipped. {@code agents}: fan-out, hold, latency1 and overload
     * subscribers in child JVMs (stream and churn always run in-process). {@code frameworks}: the subjects are the
     * ceiling, ours and the framework subjects (not the baseline or Express), every hold is on an idle document stream
     * where the subject has one, and the file is {@code frameworks.json}.
     */
    record Plan(List<Fan> fanouts, StreamPlan stream, ChurnPlan churn, int hold, Latency1Plan latency1, OverloadPlan overload,
            boolean agents, boolean frameworks) {

        /** Nothing yet, with the big scenarios' clients in this JVM. */
        static Plan inProcess() {
            return new Plan(List.of(), null, null, 0, null, null, false, false);
        }

        /** Nothing yet, with the big scenarios' clients in child JVMs. */
        static Plan withAgents() {
            return new Plan(List.of(), null, null, 0, null, null, true, false);
        }

        /** Nothing yet, over ours, the ceiling and the framework subjects, clients in this JVM. */
        static Plan frameworkSubjects() {
            return new Plan(List.of(), null, null, 0, null, null, false, true);
        }

        Plan fanout(Fan... sizes) {
            return new Plan(List.of(sizes), stream, churn, hold, latency1, overload, agents, frameworks);
        }

        Plan stream(int clients, long ms, long expressMs) {
            return new Plan(fanouts, new StreamPlan(clients, ms, expressMs), churn, hold, latency1, overload, agents, frameworks);
        }

        Plan churn(double rate, long ms) {
            return new Plan(fanouts, stream, new ChurnPlan(rate, ms), hold, latency1, overload, agents, frameworks);
        }

        Plan hold(int streams) {
            return new Plan(fanouts, stream, churn, streams, latency1, overload, agents, frameworks);
        }

        Plan latency1(long ms) {
            return new Plan(fanouts, stream, churn, hold, new Latency1Plan(1_000, ms), overload, agents, frameworks);
        }

        Plan overload(int subscribers, long ms, long fixedRate) {
            return new Plan(fanouts, stream, churn, hold, latency1, new OverloadPlan(subscribers, ms, fixedRate), agents, frameworks);
        }

        /** The results file this plan writes. */
        String fileName() {
            return frameworks ? "frameworks.json" : "servers.json";
        }
    }

    static final long[] RATES_1K = {50, 100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000};
    static final long[] RATES_10K = {5, 10, 25, 50, 100, 200, 400, 800, 1_600};
    static final int HOLD_FULL = 19_500;
    static final Fan FAN_1K = new Fan(1_000, 100, RATES_1K, 2_000);
    static final Fan FAN_10K = new Fan(10_000, 500, RATES_10K, 2_000);

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        Path out = args.length > 1 ? Path.of(args[1])
                : Files.isDirectory(Path.of("bench")) ? Path.of("bench/target/bench") : Path.of("target/bench");
        run(mode, out);
        System.exit(0);
    }

    // tag::plans[]
    /** CI: every scenario, small, client in this JVM. */
    static Plan quick() {
        return Plan.inProcess().fanout(new Fan(200, 100, new long[] {2_000, 8_000, 24_000}, 1_500)).stream(20, 3_000, 3_000)
                .churn(200, 2_000).hold(1_000).latency1(2_000).overload(200, 2_000, 48_000);
    }

    /** The issue's sizes, clients in child JVMs. */
    static Plan full() {
        return Plan.withAgents().fanout(FAN_1K, FAN_10K).stream(100, 5_000, 3_000).churn(500, 5_000).hold(HOLD_FULL)
                .latency1(10_000).overload(1_000, 15_000, 20_000);
    }

    /** Stream and hold on ours, the ceiling and every built JVM framework subject; the hold client never in a server's JVM. */
    static Plan frameworks() {
        return Plan.frameworkSubjects().stream(20, 5_000, 0).hold(2_000);
    }

    static Plan plan(String mode) {
        return switch (mode) {
            case "quick" -> quick();
            case "full" -> full();
            case "fanout1k" -> Plan.withAgents().fanout(FAN_1K);
            case "fanout10k" -> Plan.withAgents().fanout(FAN_10K);
            case "hold19k" -> Plan.withAgents().hold(HOLD_FULL);
            case "latency1" -> Plan.withAgents().latency1(10_000);
            case "overload" -> Plan.withAgents().overload(1_000, 15_000, 20_000);
            case "frameworks" -> frameworks();
            default -> throw new IllegalArgumentException("mode is one of " + String.join(", ", MODES) + ", not " + mode);
        };
    }
    // end::plans[]

    /**
     * Runs every subject in {@code mode}; writes {@code outDir/servers.json} ({@code frameworks.json} in the
     * {@code frameworks} mode); returns what it wrote.
     */
    public static Report run(String mode, Path outDir) throws IOException, InterruptedException {
        Plan plan = plan(mode);
        long started = System.nanoTime();
        Machine machine = machine();
        Map<String, SubjectResult> subjects = new LinkedHashMap<>();
        for (Callable<BenchSubject> f : plan.frameworks() ? Subjects.oursAndCeiling() : Subjects.inProcess()) {
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
        Map<String, String> frameworks = null;
        if (plan.frameworks()) {
            frameworks = new LinkedHashMap<>();
            Path dir = findSubjects();
            for (FrameworkSubjects.Found found : dir == null ? List.<FrameworkSubjects.Found>of() : FrameworkSubjects.discover(dir)) {
                if (found.descriptor() != null && found.descriptor().framework() != null) {
                    frameworks.put(found.name(), found.descriptor().framework());
                }
                subjects.put(found.name(), framework(found, plan, subjects));
            }
        } else {
            subjects.put(Subjects.EXPRESS, express(plan));
        }
        latencyRatios(subjects);
        Report report = new Report(mode, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                machine, 100.0, plan.agents() ? "agent processes (fan-out, hold, latency1, overload); in-process (stream, churn)"
                        : plan.frameworks() ? "in-process (stream); hold: an agent process for the servers in this JVM,"
                                + " in-process for the framework subjects (each in its own JVM)"
                        : "in-process", subjects, (System.nanoTime() - started) / 1e9, frameworks);
        Files.createDirectories(outDir);
        Path file = outDir.resolve(plan.fileName());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println();
        System.out.println(table(report));
        System.out.println("wrote " + file.toAbsolutePath());
        return report;
    }

    /**
     * One framework subject: not-run with the reason when it is not built or does not start, else its run; the child
     * JVM is gone before this returns, whatever happened.
     */
    static SubjectResult framework(FrameworkSubjects.Found found, Plan plan, Map<String, SubjectResult> done)
            throws IOException, InterruptedException {
        if (found.descriptor() == null) {
            System.out.println("[" + found.name() + "] not-run: " + found.notRun());
            return new NotRun(found.notRun());
        }
        ChildJvmSubject s;
        try {
            // its output next to its build, not among the results
            s = ChildJvmSubject.start(found.descriptor(), found.descriptor().dir().resolve("target"));
        } catch (IOException | RuntimeException e) {
            String why = "did not start: " + e.getMessage();
            System.out.println("[" + found.name() + "] not-run: " + why);
            return new NotRun(why);
        }
        try {
            System.out.println("[" + s.name() + "] child JVM " + s.pid() + " on " + s.baseUrl() + " (log " + s.log() + ")");
            return runSubject(s, plan, done);
        } finally {
            s.close();
        }
    }

    /** Express: the stream scenario only, when node and its modules are there. */
    private static SubjectResult express(Plan plan) throws IOException, InterruptedException {
        if (plan.stream() == null) {
            return Status.SKIPPED;
        }
        String[] why = new String[1];
        Path dir = findExpress();
        BenchSubject express = dir == null ? null : Subjects.express(dir, why);
        if (express == null) {
            NotRun notRun = new NotRun(dir == null ? "subjects/express-tutorial not found" : why[0]);
            System.out.println("[" + Subjects.EXPRESS + "] not-run: " + notRun.reason());
            return notRun;
        }
        try {
            return new SubjectRun(express.baseUrl(), Status.NOT_APPLICABLE,
                    Scenarios.stream(express, plan.stream().clients(), plan.stream().expressMs()), Status.NOT_APPLICABLE,
                    Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, null);
        } finally {
            express.close();
        }
    }

    private static SubjectRun runSubject(BenchSubject s, Plan plan, Map<String, SubjectResult> done)
            throws IOException, InterruptedException {
        Scenarios.Clients big = plan.agents() ? Scenarios.Clients.AGENTS : Scenarios.Clients.IN_PROCESS;
        long t0 = System.nanoTime();
        Map<String, Scenario> fan = new LinkedHashMap<>();
        for (Fan f : plan.fanouts()) {
            fan.put(Integer.toString(f.n()), Scenarios.fanout(s, big, f.n(), f.rates(), f.stepMs(), f.p99BoundMs()));
        }
        Scenario stream = plan.stream() == null ? skipped(s, BenchSubject.STREAM)
                : Scenarios.stream(s, plan.stream().clients(), plan.stream().ms());
        Scenario churn = plan.churn() == null ? skipped(s, BenchSubject.CHURN)
                : Scenarios.churn(s, plan.churn().rate(), plan.churn().ms());
        Scenario hold = plan.hold() == 0 ? skipped(s, BenchSubject.HOLD)
                : !plan.frameworks() ? Scenarios.hold(s, big, plan.hold())
                // the client never in the server's JVM, so every subject's heap and RSS are its server's alone
                : Scenarios.hold(s, s.inThisJvm() ? Scenarios.Clients.AGENTS : Scenarios.Clients.IN_PROCESS, plan.hold(),
                        s.idleDocumentPath() != null ? s.idleDocumentPath() : s.feedPath());
        Scenario latency1 = plan.latency1() == null ? skipped(s, "latency1")
                : Scenarios.latency1(s, big, plan.latency1().rate(), plan.latency1().ms());
        Scenario overload = skipped(s, "overload");
        OverloadPlan o = plan.overload();
        if (o != null) {
            // the same rate for every subject: twice what the ceiling sustained at this size, when this run measured it
            int n = o.subscribers();
            long rate = o.fixedRate();
            String source = "fixed";
            long ceil = s.name().equals(Subjects.CEILING) ? maxSustained(fan.get(Integer.toString(n)))
                    : done.get(Subjects.CEILING) instanceof SubjectRun c ? maxSustained(c.fanouts().get(Integer.toString(n))) : 0;
            if (ceil > 0) {
                rate = Math.max(1, Math.round(2.0 * ceil / n));
                source = "2x the ceiling's max sustained rate at " + n + " subscribers";
            }
            overload = Overload.run(s, big, n, rate, source, o.ms(), o.ms() < 5_000 ? 10 : 20);
        }
        String noFanout = plan.fanouts().isEmpty() ? s.notApplicableReason(BenchSubject.FANOUT) : null;
        return new SubjectRun(s.baseUrl(), noFanout != null ? new NotApplicable(noFanout) : new FanoutSizes(fan), stream, churn,
                hold, latency1, overload, Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    }

    /** A scenario the mode does not run: skipped, or not-applicable with the reason when the subject gives one. */
    private static Scenario skipped(BenchSubject s, String scenario) {
        return s.notApplicableReason(scenario) != null ? Scenarios.notApplicable(s, scenario) : Status.SKIPPED;
    }

    private static long maxSustained(Scenario fanout) {
        return fanout instanceof FanoutResult f ? f.maxSustainedDeliveredPerSec() : 0;
    }

    /** latency1: each subject's p99 over the ceiling's (target: ours at most 2x). */
    private static void latencyRatios(Map<String, SubjectResult> subjects) {
        double ceil = subjects.get(Subjects.CEILING) instanceof SubjectRun c && c.latency1() instanceof Latency1Result l
                ? l.latency().p99Ms() : Double.NaN;
        if (!(ceil > 0)) {
            return;
        }
        subjects.replaceAll((name, r) -> r instanceof SubjectRun run && run.latency1() instanceof Latency1Result l
                ? run.withLatency1(l.withRatio(Math.round(l.latency().p99Ms() / ceil * 100) / 100.0, 2.0)) : r);
    }

    /** The repository's {@code subjects} folder, from the repository root or a module folder; null when absent. */
    static Path findSubjects() {
        for (Path p : new Path[] {Path.of("subjects"), Path.of("../subjects")}) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static Path findExpress() {
        for (Path p : new Path[] {Path.of("subjects/express-tutorial"), Path.of("../subjects/express-tutorial")}) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static Machine machine() {
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
        String load = null;
        try {
            // other work on the same cores skews every number: recorded so a noisy run can be recognised
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), mem, Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"), cpu,
                load, "load client and servers share this machine (loopback); the client costs CPU too");
    }

    // ------------------------------------------------------------------ table

    /** Headline metrics, one column per subject, then the ratios of ours to the references. */
    static String table(Report report) {
        Map<String, SubjectResult> subjects = report.subjects();
        List<String> metrics = new ArrayList<>();
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        for (Map.Entry<String, SubjectResult> e : subjects.entrySet()) {
            Map<String, Double> v = new LinkedHashMap<>();
            Map<String, String> c = new LinkedHashMap<>();
            SubjectRun r = e.getValue() instanceof SubjectRun run ? run : null;
            String subjectStatus = r == null ? status(e.getValue()) : "-";
            if (r != null && r.fanout() instanceof FanoutSizes sizes) {
                sizes.bySubscribers().forEach((n, f) -> {
                    String key = "fanout@" + n + " ev/s";
                    if (f instanceof FanoutResult fr) {
                        double d = fr.maxSustainedDeliveredPerSec();
                        v.put(key, d);
                        c.put(key, String.format("%,.0f (p99 %s ms; peak %,.0f)", d,
                                fmt(fr.atMax() == null ? Double.NaN : fr.atMax().p99Ms()), (double) fr.peakDeliveredPerSec()));
                    } else {
                        v.put(key, Double.NaN);
                        c.put(key, status(f));
                    }
                });
            } else {
                c.put("fanout", r == null ? subjectStatus : status(r.fanout()));
            }
            Scenario stream = r == null ? null : r.stream();
            if (stream instanceof StreamResult sr) {
                v.put("stream ev/s", (double) sr.eventsPerSec());
                c.put("stream ev/s", String.format("%,.0f (ttfe p50 %s ms)", (double) sr.eventsPerSec(),
                        fmt(sr.timeToFirstEvent().p50Ms())));
            } else {
                v.put("stream ev/s", Double.NaN);
                c.put("stream ev/s", r == null ? subjectStatus : status(stream));
            }
            Scenario churn = r == null ? null : r.churn();
            c.put("churn", churn instanceof ChurnResult ch
                    ? (ch.returnedToZero() ? "ok" : "NOT OK") + String.format(" (%,.0f conns, heap %+.0f KiB)",
                            (double) ch.connectionsOpened(), ch.heapGrowth() / 1024.0)
                    : r == null ? subjectStatus : status(churn));
            Scenario hold = r == null ? null : r.hold();
            if (hold instanceof HoldResult h) {
                v.put("hold heap B/conn", (double) h.heapPerConnBytes());
                c.put("hold heap B/conn", String.format("%,.0f", (double) h.heapPerConnBytes()));
                c.put("hold RSS B/conn", String.format("%,.0f", (double) h.rssPerConnBytes()));
                c.put("hold streams", String.format("%,.0f of %,.0f%s", (double) h.streams(), (double) h.target(),
                        h.stoppedBy() == null ? "" : " (" + h.stoppedBy().split(":")[0] + ")"));
            } else {
                String st = r == null ? subjectStatus : status(hold);
                v.put("hold heap B/conn", Double.NaN);
                c.put("hold heap B/conn", st);
                c.put("hold RSS B/conn", st);
                c.put("hold streams", st);
            }
            Scenario lat = r == null ? null : r.latency1();
            if (lat instanceof Latency1Result l) {
                v.put("latency1 p99 ms", l.latency().p99Ms());
                c.put("latency1 p99 ms", String.format("%.3f (p50 %.3f, p99.9 %.3f)%s", l.latency().p99Ms(), l.latency().p50Ms(),
                        l.latency().p999Ms(), l.p99RatioToCeiling() == null ? "" : String.format("; %.2fx ceil", l.p99RatioToCeiling())));
            } else {
                v.put("latency1 p99 ms", Double.NaN);
                c.put("latency1 p99 ms", r == null ? subjectStatus : status(lat));
            }
            Scenario over = r == null ? null : r.overload();
            c.put("overload", over instanceof OverloadResult o
                    ? o.outcome() + String.format(" (pub p99 %.2f ms, gc %.1f%%, probe p99 %.0f ms)", o.publishCall().p99Ms(),
                            o.gcShare() * 100, o.acceptProbes().firstByte().p99Ms())
                    : r == null ? subjectStatus : status(over));
            for (String k : c.keySet()) {
                if (!metrics.contains(k)) {
                    metrics.add(k);
                }
            }
            values.put(e.getKey(), v);
            cells.put(e.getKey(), c);
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
        subjects.forEach((name, r) -> {
            if (r instanceof SubjectRun run && run.overload() instanceof OverloadResult o && !o.reasons().isEmpty()) {
                sb.append(String.format("%noverload, %s collapsed: %s", name, o.reasons()));
            }
        });
        subjects.forEach((name, r) -> {
            if (r instanceof SubjectRun run && run.hold() instanceof HoldResult h && h.stoppedBy() != null) {
                sb.append(String.format("%nhold, %s stopped early: %s", name, h.stoppedBy()));
            }
        });
        sb.append("\nratios (throughput: higher is better; heap/conn and latency: lower is better)\n");
        for (String ours : subjects.keySet()) {
            if (!ours.startsWith(Subjects.OURS)) {
                continue;
            }
            List<String> refs = new ArrayList<>(List.of(Subjects.CEILING, Subjects.BASELINE, Subjects.EXPRESS));
            if (report.frameworks() != null) {
                refs.addAll(report.frameworks().keySet());
            }
            for (String ref : refs) {
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

    /** The status word of what did not run as a result: skipped, not-applicable, error, not-run. */
    private static String status(Object o) {
        if (o instanceof Status st) {
            return st.status();
        }
        if (o instanceof Failed f) {
            return f.status();
        }
        if (o instanceof NotRun n) {
            return n.status();
        }
        if (o instanceof NotApplicable n) {
            return n.status();
        }
        return "-";
    }
}
