package dev.ssekit.bench.cli;

import dev.ssekit.bench.jmh.ParserBenchRunner;
import dev.ssekit.bench.load.BenchRunner;
import dev.ssekit.cli.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs {@code sse-kit bench}; its options and help are {@link BenchCommand}'s. */
@Command(name = "bench")
final class BenchRun extends BenchCommand {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String serverMode = serverMode();
        if (!BenchRunner.MODES.contains(serverMode)) {
            spec.commandLine().getErr().println("sse-kit bench: --mode must be one of " + String.join(", ", BenchRunner.MODES)
                    + ", not " + serverMode);
            return 2;
        }
        if (rounds() < 0 || rounds() == 0 && spec.commandLine().getParseResult().hasMatchedOption("--rounds")) {
            spec.commandLine().getErr().println("sse-kit bench: --rounds must be at least 1, not " + rounds());
            return 2;
        }
        if (only() != What.servers) {
            String o = "out=" + out().resolve("parsers.json");
            ParserBenchRunner.main(full() ? new String[] {o} : new String[] {"quick", o});
        }
        if (only() != What.parsers) {
            BenchRunner.run(serverMode, out(), rounds());
        }
        return 0;
    }
}
