package dev.ssekit.cli;

import dev.ssekit.bench.jmh.ParserBenchRunner;
import dev.ssekit.bench.load.BenchRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmarks: parsers with JMH, servers with the loopback load generator. */
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
            "Prints tables and writes OUT/parsers.json and OUT/servers.json."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done", "  2  bad usage"})
final class BenchCommand implements Callable<Integer> {

    enum What { all, parsers, servers }

    @Option(names = "--full", description = "Full runs (3 forks, longer iterations, 1,000 and 10,000 subscribers) instead of quick ones.")
    private boolean full;

    @Option(names = "--mode", paramLabel = "MODE", description = {
        "Server benchmark mode: quick, full, fanout1k, fanout10k, hold19k, latency1 or overload",
        "(default: full with --full, else quick; see bench/README.md)."})
    private String mode;

    @Option(names = "--only", paramLabel = "WHAT", defaultValue = "all", description = "all, parsers or servers (default: ${DEFAULT-VALUE}).")
    private What only;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        String serverMode = mode != null ? mode : full ? "full" : "quick";
        if (!BenchRunner.MODES.contains(serverMode)) {
            System.err.println("sse-kit bench: --mode must be one of " + String.join(", ", BenchRunner.MODES) + ", not " + serverMode);
            return 2;
        }
        if (only != What.servers) {
            String o = "out=" + out.resolve("parsers.json");
            ParserBenchRunner.main(full ? new String[] {o} : new String[] {"quick", o});
        }
        if (only != What.parsers) {
            BenchRunner.run(serverMode, out);
        }
        return 0;
    }
}
