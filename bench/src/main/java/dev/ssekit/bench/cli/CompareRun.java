package dev.ssekit.bench.cli;

import dev.ssekit.bench.report.Compare;
import dev.ssekit.cli.CompareCommand;
import dev.ssekit.conformance.CheckOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs {@code sse-kit compare}; its options and help are {@link CompareCommand}'s. */
@Command(name = "compare")
final class CompareRun extends CompareCommand {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Compare.run(new Compare.Options(out(), root(), benchMode(), CheckOptions.DEFAULT_TIMEOUT_MS), spec.commandLine().getOut());
        return 0;
    }
}
