package dev.ssekit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks: parsers with JMH, servers with the loopback load generator. Its options and help live here, so that
 * {@code sse-kit help bench} works without JMH; the bench jar's {@code dev.ssekit.bench.cli.BenchRun} extends this
 * class and does the work (see {@link BenchJar}).
 */
@Command(name = "bench",
        sortOptions = false,
        header = "Benchmark parsers (JMH) and servers (loopback load generator).",
        description = {
            "Parsers: ours, okhttp-sse, LaunchDarkly, Vert.x and Spring on the same corpora,",
            "in MiB/s, events/s and bytes allocated per event. Servers: our Undertow and",
            "Vert.x servers, a minimal coalescing NIO server (the ceiling), Undertow's",
            "built-in SSE handler (the baseline) and the tutorial's Express server, in",
            "fan-out, stream, churn, hold, latency1 and overload scenarios; large ones put",
            "the load client in child JVMs. Loopback only; every run is bounded.",
            "--mode frameworks runs stream and hold on ours, the ceiling and every built",
            "JVM framework subject (subjects/*/bench-subject.properties, each a child JVM)",
            "and writes OUT/frameworks.json instead of OUT/servers.json.",
            "Prints tables and writes OUT/parsers.json and OUT/servers.json.",
            "Runs from its own jar (" + BenchJar.PATH + "), with the peers and",
            "JMH; ./sse-kit builds it when first used (a few minutes)."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done", "  2  bad usage"})
public class BenchCommand implements Callable<Integer> {

    /** What --only selects. */
    public enum What { all, parsers, servers }

    @Option(names = "--full", description = "Full runs (3 forks, longer iterations, 1,000 and 10,000 subscribers) instead of quick ones.")
    private boolean full;

    @Option(names = "--mode", paramLabel = "MODE", description = {
        "Server benchmark mode: quick, full, fanout1k, fanout10k, hold19k, latency1, overload, frameworks,"
            + " fanout-nodes or fanout-nodes-quick",
        "(default: full with --full, else quick; see bench/README.md)."})
    private String mode;

    @Option(names = "--rounds", paramLabel = "N", description = {
        "Server benchmark: run each scenario N times per subject, the subjects interleaved, and report",
        "the median with min and max (default: 3, but 1 in the quick and frameworks modes)."})
    private Integer rounds;

    @Option(names = "--only", paramLabel = "WHAT", defaultValue = "all", description = "all, parsers or servers (default: ${DEFAULT-VALUE}).")
    private What only;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        throw BenchJar.runsElsewhere("bench");
    }

    /** --full: full parser runs too. */
    protected final boolean full() {
        return full;
    }

    /** The server benchmark mode: --mode, else {@code full} with --full, else {@code quick} (not yet validated). */
    protected final String serverMode() {
        return mode != null ? mode : full ? "full" : "quick";
    }

    /** --rounds, or 0 for the mode's own number (not yet validated). */
    protected final int rounds() {
        return rounds == null ? 0 : rounds;
    }

    protected final What only() {
        return only;
    }

    protected final Path out() {
        return out;
    }
}
