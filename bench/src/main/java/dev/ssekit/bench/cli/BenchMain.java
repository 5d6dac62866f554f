package dev.ssekit.bench.cli;

import dev.ssekit.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The bench jar's entry point ({@code bench/target/sse-kit-bench.jar}): {@code sse-kit compare} and
 * {@code sse-kit bench}, which need the peer parsers and JMH that the everyday command leaves out. The options and help
 * are the command line's own ({@code dev.ssekit.cli.CompareCommand} and {@code BenchCommand}); the {@code ./sse-kit}
 * launcher sends these two commands here.
 */
@Command(name = "sse-kit",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Server-Sent Events reference and conformance kit: the commands that compare against peers.",
        subcommands = {HelpCommand.class, CompareRun.class, BenchRun.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  success",
                "  1  an internal error (please report it)",
                "  2  bad usage"})
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(Main.runCommand(new BenchMain(), args));
    }
}
