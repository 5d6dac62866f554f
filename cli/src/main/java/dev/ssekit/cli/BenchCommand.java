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
            "fan-out, stream, churn and hold scenarios. Loopback only; every run is bounded.",
            "Prints tables and writes OUT/parsers.json and OUT/servers.json."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  done", "  2  bad usage"})
final class BenchCommand implements Callable<Integer> {

    enum What { all, parsers, servers }

    @Option(names = "--full", description = "Full runs (3 forks, longer iterations, 1,000 and 10,000 subscribers) instead of quick ones.")
    private boolean full;

    @Option(names = "--only", paramLabel = "WHAT", defaultValue = "all", description = "all, parsers or servers (default: ${DEFAULT-VALUE}).")
    private What only;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        String mode = full ? "full" : "quick";
        if (only != What.servers) {
            String o = "out=" + out.resolve("parsers.json");
            ParserBenchRunner.main(full ? new String[] {o} : new String[] {"quick", o});
        }
        if (only != What.parsers) {
            BenchRunner.run(mode, out);
        }
        return 0;
    }
}
