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
 * Runs the server load benchmark: every subject through fan-out, stream, churn, hold, latency1 and overload, each
 * scenario in {@code rounds} interleaved rounds (3, or 1 in quick and frameworks; {@code --rounds N}), then writes
 * {@code servers.json} and prints a table of medians [min..max] with per-round ratios (ours / ceiling, ours / baseline).
 *
 * <p>Modes (bench/README.md has the durations): {@code quick} (CI; client in this JVM), {@code full} (the issue's
 * sizes, client in child JVMs), and one per big scenario so each can be rerun alone: {@code fanout1k},
 * {@code fanout10k}, {@code hold19k}, {@code latency1}, {@code overload}; and {@code frameworks}: stream and hold on
 * ours, the ceiling and every JVM framework subject ({@link FrameworkSubjects}), written to {@code frameworks.json};
 * {@code fanout-nodes} (and its smoke run {@code fanout-nodes-quick}): the fan-out against {@code sse-kit serve} child
 * JVMs, one node in memory, one and three on a Redis stream ({@link NodeSubjects}), written to {@code nodes.json}.
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
            "frameworks", "fanout-nodes", "fanout-nodes-quick");

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
     * where the subject has one, and the file is {@code frameworks.json}. {@code nodes}: the subjects are
     * {@link NodeSubjects} (the kit's server as child JVMs, one node in memory, one and three on Redis), the fan-out's
     * subscribers spread over each subject's nodes, and the file is {@code nodes.json}.
     */
    record Plan(List<Fan> fanouts, StreamPlan stream, ChurnPlan churn, int hold, Latency1Plan latency1, OverloadPlan overload,
            boolean agents, boolean frameworks, int rounds, boolean nodes) {

        /** Nothing yet, with the big scenarios' clients in this JVM; three rounds. */
        static Plan inProcess() {
            return new Plan(List.of(), null, null, 0, null, null, false, false, 3, false);
        }

        /** Nothing yet, with the big scenarios' clients in child JVMs; three rounds. */
        static Plan withAgents() {
            return new Plan(List.of(), null, null, 0, null, null, true, false, 3, false);
        }

        /** Nothing yet, over ours, the ceiling and the framework subjects, clients in this JVM; one round. */
        static Plan frameworkSubjects() {
            return new Plan(List.of(), null, null, 0, null, null, false, true, 1, false);
        }

        /** Nothing yet, over {@link NodeSubjects}, clients in this JVM (the servers are not); three rounds. */
        static Plan nodeSubjects() {
            return new Plan(List.of(), null, null, 0, null, null, false, false, 3, true);
        }

        /** Each scenario {@code n} times per subject, the subjects interleaved. */
        Plan rounds(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, not " + n);
            }
            return new Plan(fanouts, stream, churn, hold, latency1, overload, agents, frameworks, n, nodes);
        }

        Plan fanout(Fan... sizes) {
            return new Plan(List.of(sizes), stream, churn, hold, latency1, overload, agents, frameworks, rounds, nodes);
        }

        Plan stream(int clients, long ms, long expressMs) {
            return new Plan(fanouts, new StreamPlan(clients, ms, expressMs), churn, hold, latency1, overload, agents, frameworks, rounds, nodes);
        }

        Plan churn(double rate, long ms) {
            return new Plan(fanouts, stream, new ChurnPlan(rate, ms), hold, latency1, overload, agents, frameworks, rounds, nodes);
        }

        Plan hold(int streams) {
            return new Plan(fanouts, stream, churn, streams, latency1, overload, agents, frameworks, rounds, nodes);
        }

        Plan latency1(long ms) {
            return new Plan(fanouts, stream, churn, hold, new Latency1Plan(1_000, ms), overload, agents, frameworks, rounds, nodes);
        }

        Plan overload(int subscribers, long ms, long fixedRate) {
            return new Plan(fanouts, stream, churn, hold, latency1, new OverloadPlan(subscribers, ms, fixedRate), agents, frameworks, rounds, nodes);
        }

        /** The results file this plan writes. */
        String fileName() {
            return frameworks ? "frameworks.json" : nodes ? "nodes.json" : "servers.json";
        }
    }

    static final long[] RATES_1K = {50, 100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000};
    static final long[] RATES_10K = {5, 10, 25, 50, 100, 200, 400, 800, 1_600};
    static final int HOLD_FULL = 19_500;
    static final Fan FAN_1K = new Fan(1_000, 100, RATES_1K, 2_000);
    static final Fan FAN_10K = new Fan(10_000, 500, RATES_10K, 2_000);
    /** One node against three: 300 subscribers, every rate delivering 300x its events. */
    static final long[] RATES_NODES = {100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000};
    static final Fan FAN_NODES = new Fan(300, 100, RATES_NODES, 1_500);

    private BenchRunner() {
    }

    /** {@code BenchRunner [MODE] [OUT_DIR] [--rounds N]}: the mode's own number of rounds unless told. */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        int rounds = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else if (args[i].startsWith("--rounds=")) {
                rounds = Integer.parseInt(args[i].substring("--rounds=".length()));
            } else {
                positional.add(args[i]);
            }
        }
        String mode = positional.size() > 0 ? positional.get(0) : "quick";
        Path out = positional.size() > 1 ? Path.of(positional.get(1))
                : Files.isDirectory(Path.of("bench")) ? Path.of("bench/target/bench") : Path.of("target/bench");
        run(mode, out, rounds);
        System.exit(0);
    }

    // tag::plans[]
    /** CI: every scenario, small, client in this JVM. */
    static Plan quick() {
        return Plan.inProcess().fanout(new Fan(200, 100, new long[] {2_000, 8_000, 24_000}, 1_500)).stream(20, 3_000, 3_000)
                .churn(200, 2_000).hold(1_000).latency1(2_000).overload(200, 2_000, 48_000).rounds(1);
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

    /** One node (in memory, on Redis) against three on Redis, 300 subscribers; a few minutes. */
    static Plan fanoutNodes() {
        return Plan.nodeSubjects().fanout(FAN_NODES);
    }

    /** A smoke run of {@link #fanoutNodes()}: 60 subscribers, two short steps, one round; under a minute. */
    static Plan fanoutNodesQuick() {
        return Plan.nodeSubjects().fanout(new Fan(60, 100, new long[] {100, 400}, 1_000)).rounds(1);
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
            case "fanout-nodes" -> fanoutNodes();
            case "fanout-nodes-quick" -> fanoutNodesQuick();
            default -> throw new IllegalArgumentException("mode is one of " + String.join(", ", MODES) + ", not " + mode);
        };
    }
    // end::plans[]

    /** {@link #run(String, Path, int)} with the mode's own number of rounds. */
    public static Report run(String mode, Path outDir) throws IOException, InterruptedException {
        return run(mode, outDir, 0);
    }

    /** The scenario names a subject's entry has, in its order. */
    private static final List<String> SCENARIOS = List.of(BenchSubject.FANOUT, BenchSubject.STREAM, BenchSubject.CHURN,
            BenchSubject.HOLD, "latency1", "overload");

    /** One scenario the plan runs: {@code key} names it in load samples ({@code fanout@1000}, {@code stream}, ...). */
    private record Leg(String key, String scenario, LegRun run) {
    }

    @FunctionalInterface
    private interface LegRun {
        Scenario run(BenchSubject s) throws IOException, InterruptedException;
    }

    /**
     * A subject the runner starts afresh for each round of each scenario. {@code name} is known before it starts for
     * Express and the framework subjects (null for the servers in this JVM); {@code own}, when set, are the only
     * scenarios it runs, each in its own way, and every other scenario is {@code otherwise}.
     */
    private record Entrant(String name, Callable<BenchSubject> start, Map<String, LegRun> own, Scenario otherwise) {
    }

    /**
     * Runs every subject in {@code mode}, each scenario {@code rounds} times per subject (0: the mode's own), the
     * subjects interleaved within each scenario (round 1: A B C D, round 2: A B C D, ...); writes
     * {@code outDir/servers.json} ({@code frameworks.json} in the {@code frameworks} mode); returns what it wrote.
     *
     * <p>Each subject is started afresh for each round of each scenario and closed after it: rounds stay independent,
     * and this JVM never holds more than one server's heap at a time (keeping four servers alive across rounds would
     * weigh on the hold figures of the in-process ones).
     */
    public static Report run(String mode, Path outDir, int rounds) throws IOException, InterruptedException {
        Plan plan = rounds > 0 ? plan(mode).rounds(rounds) : plan(mode);
        long started = System.nanoTime();
        Machine machine = machine();
        List<Entrant> entrants = new ArrayList<>();
        if (plan.nodes()) {
            // named before they start: one that cannot (no redis-server, a node that does not answer) is not-run, with why
            NodeSubjects.all().forEach((name, f) -> entrants.add(new Entrant(name, f, null, null)));
        }
        for (Callable<BenchSubject> f : plan.nodes() ? List.<Callable<BenchSubject>>of() : plan.frameworks()
                ? Subjects.oursAndCeiling() : Subjects.inProcess()) {
            entrants.add(new Entrant(null, f, null, null));
        }
        Map<String, SubjectResult> notRun = new LinkedHashMap<>();
        Map<String, String> frameworks = null;
        if (plan.frameworks()) {
            frameworks = new LinkedHashMap<>();
            Path dir = findSubjects();
            for (FrameworkSubjects.Found found : dir == null ? List.<FrameworkSubjects.Found>of() : FrameworkSubjects.discover(dir)) {
                if (found.descriptor() != null && found.descriptor().framework() != null) {
                    frameworks.put(found.name(), found.descriptor().framework());
                }
                NotRun why = notBuilt(found);
                if (why != null) {
                    notRun.put(found.name(), why);
                } else {
                    entrants.add(new Entrant(found.name(), () -> framework(found), null, null));
                }
            }
        } else if (plan.stream() != null) {
            Path dir = findExpress();
            StreamPlan sp = plan.stream();
            entrants.add(new Entrant(Subjects.EXPRESS, () -> {
                String[] why = new String[1];
                BenchSubject express = dir == null ? null : Subjects.express(dir, why);
                if (express == null) {
                    throw new IOException(dir == null ? "subjects/express-tutorial not found" : why[0]);
                }
                return express;
            }, Map.of(BenchSubject.STREAM, s -> Scenarios.stream(s, sp.clients(), sp.expressMs())), Status.NOT_APPLICABLE));
        }

        Runs runs = new Runs(plan.rounds());
        for (Leg leg : legs(plan, runs)) {
            for (int k = 0; k < plan.rounds(); k++) {
                for (Entrant e : entrants) {
                    if (e.name() != null && notRun.containsKey(e.name())) {
                        continue;
                    }
                    if (e.own() != null && !e.own().containsKey(leg.key())) {
                        continue;
                    }
                    runLeg(leg, k, plan.rounds(), e, runs, notRun);
                }
            }
        }

        Map<String, SubjectResult> subjects = runs.results(entrants, notRun);
        if (!plan.frameworks() && !plan.nodes() && plan.stream() == null) {
            subjects.put(Subjects.EXPRESS, Status.SKIPPED); // Express runs the stream scenario only
        }
        Map<String, Map<String, BenchResults.Spread>> ratios = runs.ratios(frameworks == null ? List.of() : frameworks.keySet());
        Report report = new Report(mode, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                machine, 100.0, plan.agents() ? "agent processes (fan-out, hold, latency1, overload); in-process (stream, churn)"
                        : plan.nodes() ? "in-process (fan-out), each subject's subscribers spread round robin over its nodes,"
                                + " each connected to its node directly; publishing: POST /api/feed on the first node"
                        : plan.frameworks() ? "in-process (stream); hold: an agent process for the servers in this JVM,"
                                + " in-process for the framework subjects (each in its own JVM)"
                        : "in-process", subjects, (System.nanoTime() - started) / 1e9, frameworks, plan.rounds(),
                runs.loadRange(), ratios);
        Files.createDirectories(outDir);
        Path file = outDir.resolve(plan.fileName());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println();
        System.out.println(table(report));
        System.out.println("wrote " + file.toAbsolutePath());
        return report;
    }

    /** The plan's scenarios in the order they run: fan-out by size, stream, churn, hold, latency1, overload. */
    private static List<Leg> legs(Plan plan, Runs runs) {
        Scenarios.Clients client = plan.agents() ? Scenarios.Clients.AGENTS : Scenarios.Clients.IN_PROCESS;
        // a subject of several nodes gets a client per node (one node, or any other subject: the client as is)
        Scenarios.Clients big = NodeSubjects.spread(client);
        List<Leg> legs = new ArrayList<>();
        for (Fan f : plan.fanouts()) {
            legs.add(new Leg("fanout@" + f.n(), BenchSubject.FANOUT,
                    s -> Scenarios.fanout(s, big, f.n(), f.rates(), f.stepMs(), f.p99BoundMs())));
        }
        if (plan.stream() != null) {
            legs.add(new Leg(BenchSubject.STREAM, BenchSubject.STREAM,
                    s -> Scenarios.stream(s, plan.stream().clients(), plan.stream().ms())));
        }
        if (plan.churn() != null) {
            legs.add(new Leg(BenchSubject.CHURN, BenchSubject.CHURN, s -> Scenarios.churn(s, plan.churn().rate(), plan.churn().ms())));
        }
        if (plan.hold() != 0) {
            legs.add(new Leg(BenchSubject.HOLD, BenchSubject.HOLD, s -> !plan.frameworks() ? Scenarios.hold(s, big, plan.hold())
                    // the client never in the server's JVM, so every subject's heap and RSS are its server's alone
                    : Scenarios.hold(s, s.inThisJvm() ? Scenarios.Clients.AGENTS : Scenarios.Clients.IN_PROCESS, plan.hold(),
                            s.idleDocumentPath() != null ? s.idleDocumentPath() : s.feedPath())));
        }
        if (plan.latency1() != null) {
            legs.add(new Leg("latency1", "latency1", s -> Scenarios.latency1(s, big, plan.latency1().rate(), plan.latency1().ms())));
        }
        OverloadPlan o = plan.overload();
        if (o != null) {
            legs.add(new Leg("overload", "overload", s -> {
                // the same rate for every subject: twice the ceiling's median max sustained rate at this size, when
                // this run measured it (its fan-out rounds are all done by now)
                int n = o.subscribers();
                long rate = o.fixedRate();
                String source = "fixed";
                BenchResults.Spread ceil = runs.ceilingFanout(Integer.toString(n));
                if (ceil != null && ceil.median() > 0) {
                    rate = Math.max(1, Math.round(2.0 * ceil.median() / n));
                    source = "2x the ceiling's max sustained rate at " + n + " subscribers (median of "
                            + ceil.perRound().size() + " rounds)";
                }
                return Overload.run(s, big, n, rate, source, o.ms(), o.ms() < 5_000 ? 10 : 20);
            }));
        }
        return legs;
    }

    /** One round of one scenario on one subject, started afresh and closed after; the load average read around it. */
    private static void runLeg(Leg leg, int k, int rounds, Entrant e, Runs runs, Map<String, SubjectResult> notRun)
            throws IOException, InterruptedException {
        BenchSubject s;
        try {
            s = e.start().call();
        } catch (Exception ex) {
            // Express says why itself (node or its modules absent); any other subject did not start
            String why = Subjects.EXPRESS.equals(e.name()) ? String.valueOf(ex.getMessage()) : "did not start: " + ex.getMessage();
            if (e.name() != null && !runs.has(e.name())) {
                System.out.println("[" + e.name() + "] not-run: " + why);
                notRun.put(e.name(), new NotRun(why));
            } else if (e.name() != null) {
                runs.put(e.name(), k, leg.key(), new NotApplicable("error", why), null, 0);
            } else {
                System.out.println("subject failed to start: " + ex);
            }
            return;
        }
        try {
            if (s instanceof ChildJvmSubject c) {
                System.out.println("[" + s.name() + "] child JVM " + c.pid() + " on " + s.baseUrl() + " (log " + c.log() + ")");
            }
            runs.register(s, e);
            String before = loadAverage();
            double one = Rounds.oneMinute(before);
            System.out.printf("=== %s round %d/%d: %s (load average %s)%n", leg.key(), k + 1, rounds, s.name(), before);
            if (one > Rounds.LOAD_WARN) {
                System.out.printf("WARNING: the 1-minute load average is %.2f (above %.1f) as %s round %d starts on %s:"
                        + " other work shares the cores, so this round's figures are skewed%n", one, Rounds.LOAD_WARN, leg.key(),
                        k + 1, s.name());
            }
            long t0 = System.nanoTime();
            LegRun run = e.own() != null ? e.own().get(leg.key()) : leg.run();
            Scenario result = run.run(s);
            runs.put(s.name(), k, leg.key(), result, new BenchResults.LoadSample(before, loadAverage()),
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            s.close();
        }
    }

    /** {@code /proc/loadavg}, trimmed; null where the OS does not tell. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Why a framework subject cannot run (not built, bad descriptor), or null when it can. */
    static NotRun notBuilt(FrameworkSubjects.Found found) {
        if (found.descriptor() == null) {
            System.out.println("[" + found.name() + "] not-run: " + found.notRun());
            return new NotRun(found.notRun());
        }
        return null;
    }

    /** A built framework subject's child JVM, its output next to its build, not among the results. */
    private static BenchSubject framework(FrameworkSubjects.Found found) throws IOException, InterruptedException {
        return ChildJvmSubject.start(found.descriptor(), found.descriptor().dir().resolve("target"));
    }

    /** What the rounds produced, by subject, round and scenario, and how each subject's entry is made from them. */
    private static final class Runs {
        private final int rounds;
        /** Subject -> round -> scenario key -> result, in the order subjects first ran. */
        private final Map<String, List<Map<String, Scenario>>> results = new LinkedHashMap<>();
        private final Map<String, List<Map<String, BenchResults.LoadSample>>> loads = new LinkedHashMap<>();
        private final Map<String, double[]> seconds = new LinkedHashMap<>();
        private final Map<String, String> baseUrls = new LinkedHashMap<>();
        /** Subject -> scenario -> its reason for not-applicable (null when it has none). */
        private final Map<String, Map<String, String>> reasons = new LinkedHashMap<>();
        private final Map<String, Entrant> entrants = new LinkedHashMap<>();
        private Map<String, SubjectRun> combined;
        private Map<String, List<SubjectRun>> byRound;

        Runs(int rounds) {
            this.rounds = rounds;
        }

        boolean has(String name) {
            return results.containsKey(name);
        }

        void register(BenchSubject s, Entrant e) {
            entrants.putIfAbsent(s.name(), e);
            baseUrls.putIfAbsent(s.name(), s.baseUrl());
            if (!reasons.containsKey(s.name())) {
                Map<String, String> r = new LinkedHashMap<>();
                SCENARIOS.forEach(sc -> r.put(sc, s.notApplicableReason(sc)));
                reasons.put(s.name(), r);
            }
            ensure(s.name());
        }

        private void ensure(String name) {
            if (!results.containsKey(name)) {
                List<Map<String, Scenario>> r = new ArrayList<>();
                List<Map<String, BenchResults.LoadSample>> l = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    r.add(new LinkedHashMap<>());
                    l.add(new LinkedHashMap<>());
                }
                results.put(name, r);
                loads.put(name, l);
                seconds.put(name, new double[rounds]);
            }
        }

        void put(String name, int round, String key, Scenario result, BenchResults.LoadSample load, double secs) {
            ensure(name);
            results.get(name).get(round).put(key, result);
            if (load != null) {
                loads.get(name).get(round).put(key, load);
            }
            seconds.get(name)[round] += secs;
        }

        /** The ceiling's max sustained rate at {@code n} over the rounds so far; null when it was not measured. */
        BenchResults.Spread ceilingFanout(String n) {
            if (!results.containsKey(Subjects.CEILING)) {
                return null;
            }
            List<Double> v = new ArrayList<>();
            for (Map<String, Scenario> r : results.get(Subjects.CEILING)) {
                v.add(r.get("fanout@" + n) instanceof FanoutResult f ? (double) f.maxSustainedDeliveredPerSec() : null);
            }
            return Rounds.spread(v, null);
        }

        /** Round k of a subject as an entry; a scenario it did not run is skipped, not-applicable with its reason, or its entrant's word. */
        private SubjectRun round(String name, int k) {
            Map<String, Scenario> r = results.get(name).get(k);
            Entrant e = entrants.get(name);
            Map<String, String> why = reasons.getOrDefault(name, Map.of());
            java.util.function.Function<String, Scenario> missing = sc -> e != null && e.otherwise() != null ? e.otherwise()
                    : why.get(sc) != null ? new NotApplicable(why.get(sc)) : Status.SKIPPED;
            BenchResults.Fanouts fan;
            Map<String, Scenario> bySize = new LinkedHashMap<>();
            r.forEach((key, sc) -> {
                if (key.startsWith("fanout@")) {
                    bySize.put(key.substring("fanout@".length()), sc);
                }
            });
            if (!bySize.isEmpty()) {
                fan = new FanoutSizes(bySize);
            } else if (e != null && e.otherwise() != null) {
                fan = Status.NOT_APPLICABLE;
            } else {
                fan = why.get(BenchSubject.FANOUT) != null ? new NotApplicable(why.get(BenchSubject.FANOUT)) : new FanoutSizes(bySize);
            }
            boolean own = e != null && e.own() != null;
            return new SubjectRun(baseUrls.get(name), fan, r.getOrDefault(BenchSubject.STREAM, missing.apply(BenchSubject.STREAM)),
                    r.getOrDefault(BenchSubject.CHURN, missing.apply(BenchSubject.CHURN)),
                    r.getOrDefault(BenchSubject.HOLD, missing.apply(BenchSubject.HOLD)),
                    r.getOrDefault("latency1", missing.apply("latency1")), r.getOrDefault("overload", missing.apply("overload")),
                    own ? null : Math.round(seconds.get(name)[k] * 10) / 10.0, loads.get(name).get(k), null, null);
        }

        /** Every subject's entry, in the order they first ran, then those that did not run. */
        Map<String, SubjectResult> results(List<Entrant> order, Map<String, SubjectResult> notRun) {
            byRound = new LinkedHashMap<>();
            for (String name : results.keySet()) {
                List<SubjectRun> rs = new ArrayList<>();
                for (int k = 0; k < rounds; k++) {
                    rs.add(round(name, k));
                }
                byRound.put(name, rs);
            }
            latencyRatios();
            combined = new LinkedHashMap<>();
            byRound.forEach((name, rs) -> combined.put(name, Rounds.combine(rs)));
            Map<String, SubjectResult> out = new LinkedHashMap<>(combined);
            // a framework subject or Express that never ran keeps its place after those that did
            for (Entrant e : order) {
                if (e.name() != null && notRun.containsKey(e.name())) {
                    out.put(e.name(), notRun.get(e.name()));
                }
            }
            notRun.forEach(out::putIfAbsent);
            return out;
        }

        /** latency1, round k: each subject's p99 over the ceiling's in the same round (target: ours at most 2x). */
        private void latencyRatios() {
            List<SubjectRun> ceiling = byRound.get(Subjects.CEILING);
            if (ceiling == null) {
                return;
            }
            byRound.replaceAll((name, rs) -> {
                List<SubjectRun> out = new ArrayList<>();
                for (int k = 0; k < rs.size(); k++) {
                    SubjectRun run = rs.get(k);
                    double ceil = ceiling.get(k).latency1() instanceof Latency1Result c ? c.latency().p99Ms() : Double.NaN;
                    out.add(ceil > 0 && run.latency1() instanceof Latency1Result l
                            ? run.withLatency1(l.withRatio(Math.round(l.latency().p99Ms() / ceil * 100) / 100.0, 2.0)) : run);
                }
                return out;
            });
        }

        /** Ours over each reference (the ceiling, the baseline, Express, each framework subject), round by round. */
        Map<String, Map<String, BenchResults.Spread>> ratios(java.util.Collection<String> frameworkNames) {
            Map<String, Map<String, BenchResults.Spread>> out = new LinkedHashMap<>();
            List<String> refs = new ArrayList<>(List.of(Subjects.CEILING, Subjects.BASELINE, Subjects.EXPRESS));
            refs.addAll(frameworkNames);
            for (String ours : byRound.keySet()) {
                if (!ours.startsWith(Subjects.OURS)) {
                    continue;
                }
                for (String ref : refs) {
                    if (byRound.containsKey(ref)) {
                        Map<String, BenchResults.Spread> r = Rounds.ratios(byRound.get(ours), byRound.get(ref));
                        if (!r.isEmpty()) {
                            out.put(ours + " / " + ref, r);
                        }
                    }
                }
            }
            // the nodes modes: three nodes on Redis against one, and one on Redis against one in memory
            String[][] nodePairs = {{NodeSubjects.REDIS_3, NodeSubjects.REDIS_1}, {NodeSubjects.REDIS_3, NodeSubjects.MEMORY_1},
                    {NodeSubjects.REDIS_1, NodeSubjects.MEMORY_1}, {NodeSubjects.REDIS_3_HAPROXY, NodeSubjects.REDIS_3}};
            for (String[] pair : nodePairs) {
                if (byRound.containsKey(pair[0]) && byRound.containsKey(pair[1])) {
                    Map<String, BenchResults.Spread> r = Rounds.ratios(byRound.get(pair[0]), byRound.get(pair[1]));
                    if (!r.isEmpty()) {
                        out.put(pair[0] + " / " + pair[1], r);
                    }
                }
            }
            return out;
        }

        /** The 1-minute load average's range over every sample, and how many scenario rounds started above the warning. */
        BenchResults.LoadRange loadRange() {
            double min = Double.NaN;
            double max = Double.NaN;
            int above = 0;
            for (List<Map<String, BenchResults.LoadSample>> l : loads.values()) {
                for (Map<String, BenchResults.LoadSample> round : l) {
                    for (BenchResults.LoadSample s : round.values()) {
                        double b = Rounds.oneMinute(s.before());
                        if (b > Rounds.LOAD_WARN) {
                            above++;
                        }
                        for (double d : new double[] {b, Rounds.oneMinute(s.after())}) {
                            if (!Double.isNaN(d)) {
                                min = Double.isNaN(min) ? d : Math.min(min, d);
                                max = Double.isNaN(max) ? d : Math.max(max, d);
                            }
                        }
                    }
                }
            }
            return Double.isNaN(min) ? null : new BenchResults.LoadRange(min, max, Rounds.LOAD_WARN, above);
        }
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

    /**
     * Headline metrics, one column per subject, each "median [min..max]" over the rounds (one value for one round) with
     * details of the median round, then the ratios of ours to the references (median [min..max] of the per-round
     * ratios) and the load average's range.
     */
    static String table(Report report) {
        Map<String, SubjectResult> subjects = report.subjects();
        List<String> metrics = new ArrayList<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        for (Map.Entry<String, SubjectResult> e : subjects.entrySet()) {
            Map<String, String> c = new LinkedHashMap<>();
            SubjectRun r = e.getValue() instanceof SubjectRun run ? run : null;
            String subjectStatus = r == null ? status(e.getValue()) : "-";
            if (r != null && r.fanout() instanceof FanoutSizes sizes) {
                sizes.bySubscribers().forEach((n, f) -> {
                    String key = Rounds.fanout(n);
                    if (f instanceof FanoutResult fr) {
                        c.put(key, figure(r, key, "%,.0f", fr.maxSustainedDeliveredPerSec()) + String.format(" (p99 %s ms; peak %,.0f)",
                                figure(r, Rounds.fanoutP99(n), "%.1f", fr.atMax() == null ? Double.NaN : fr.atMax().p99Ms()),
                                (double) fr.peakDeliveredPerSec()));
                    } else {
                        c.put(key, status(f));
                    }
                });
            } else {
                c.put("fanout", r == null ? subjectStatus : status(r.fanout()));
            }
            Scenario stream = r == null ? null : r.stream();
            if (stream instanceof StreamResult sr) {
                c.put("stream ev/s", figure(r, Rounds.STREAM, "%,.0f", sr.eventsPerSec())
                        + String.format(" (ttfe p50 %s ms)", fmt(sr.timeToFirstEvent().p50Ms())));
            } else {
                c.put("stream ev/s", r == null ? subjectStatus : status(stream));
            }
            Scenario churn = r == null ? null : r.churn();
            c.put("churn", churn instanceof ChurnResult ch
                    ? (ch.returnedToZero() ? "ok" : "NOT OK") + String.format(" (%,.0f conns, heap %+.0f KiB)",
                            (double) ch.connectionsOpened(), ch.heapGrowth() / 1024.0)
                    : r == null ? subjectStatus : status(churn));
            Scenario hold = r == null ? null : r.hold();
            if (hold instanceof HoldResult h) {
                c.put("hold heap B/conn", figure(r, Rounds.HOLD, "%,.0f", h.heapPerConnBytes()));
                c.put("hold RSS B/conn", String.format("%,.0f", (double) h.rssPerConnBytes()));
                c.put("hold streams", String.format("%,.0f of %,.0f%s", (double) h.streams(), (double) h.target(),
                        h.stoppedBy() == null ? "" : " (" + h.stoppedBy().split(":")[0] + ")"));
            } else {
                String st = r == null ? subjectStatus : status(hold);
                c.put("hold heap B/conn", st);
                c.put("hold RSS B/conn", st);
                c.put("hold streams", st);
            }
            Scenario lat = r == null ? null : r.latency1();
            if (lat instanceof Latency1Result l) {
                c.put("latency1 p99 ms", figure(r, Rounds.LATENCY1, "%.3f", l.latency().p99Ms()) + String.format(" (p50 %.3f, p99.9 %.3f)",
                        l.latency().p50Ms(), l.latency().p999Ms()));
            } else {
                c.put("latency1 p99 ms", r == null ? subjectStatus : status(lat));
            }
            Scenario over = r == null ? null : r.overload();
            c.put("overload", over instanceof OverloadResult o
                    ? outcomes(r, o.outcome()) + String.format(" (probe first byte p99 %s ms; pub p99 %.2f ms, gc %.1f%%)",
                            figure(r, Rounds.OVERLOAD, "%.0f", o.acceptProbes().firstByte().p99Ms()), o.publishCall().p99Ms(),
                            o.gcShare() * 100)
                    : r == null ? subjectStatus : status(over));
            for (String k : c.keySet()) {
                if (!metrics.contains(k)) {
                    metrics.add(k);
                }
            }
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
        sb.append(String.format("%nratios, per round then median [min..max] over %s (throughput: higher is better; heap/conn"
                + " and latency: lower is better)%n", report.rounds() == null ? "1 round" : report.rounds() + " rounds"));
        if (report.ratios() != null) {
            report.ratios().forEach((pair, byMetric) -> {
                StringBuilder line = new StringBuilder();
                byMetric.forEach((metric, sp) -> line.append(String.format("  %s %s", metric, range(sp, "%.2f"))));
                sb.append(String.format("%s:%s%n", pair, line));
            });
        }
        if (report.loadAverage() != null) {
            BenchResults.LoadRange l = report.loadAverage();
            sb.append(String.format("load average (1 min) around the scenarios: %.2f..%.2f; %d scenario rounds started above %.1f%n",
                    l.oneMinuteMin(), l.oneMinuteMax(), l.startsAboveWarning(), l.warnAbove()));
        }
        return sb.toString();
    }

    /** "median [min..max]" of a headline figure over the rounds, the value alone for one round or none recorded. */
    private static String figure(SubjectRun r, String key, String pattern, double value) {
        BenchResults.Spread sp = r.summary() == null ? null : r.summary().get(key);
        if (sp == null || sp.perRound().size() < 2) {
            return Double.isNaN(value) ? "?" : String.format(pattern, value);
        }
        return range(sp, pattern);
    }

    static String range(BenchResults.Spread sp, String pattern) {
        return String.format(pattern + " [" + pattern + ".." + pattern + "]", sp.median(), sp.min(), sp.max());
    }

    /** Each round's overload outcome, or the one outcome. */
    private static String outcomes(SubjectRun r, String outcome) {
        BenchResults.Spread sp = r.summary() == null ? null : r.summary().get(Rounds.OVERLOAD);
        return sp == null || sp.outcomes() == null || sp.outcomes().size() < 2 ? outcome
                : String.join("/", sp.outcomes().stream().map(String::valueOf).toList());
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
