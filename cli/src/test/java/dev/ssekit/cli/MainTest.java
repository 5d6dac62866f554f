package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {

    private static final List<String> SUBCOMMANDS = List.of("help", "serve", "check", "compare", "bench", "parse", "encode");

    @Test
    @DisplayName("[KIT-004] --help and help list every subcommand")
    void helpListsSubcommands() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help"}, new String[] {"-h"})) {
            CommandRun run = CommandRun.of("", args);
            assertEquals(0, run.exitCode(), run::describe);
            for (String sub : SUBCOMMANDS) {
                assertTrue(run.outText().contains("\n  " + sub + " "), () -> sub + " missing from " + run.outText());
            }
            assertTrue(run.outText().contains("Exit status"), run::describe);
        }
    }

    @Test
    @DisplayName("[KIT-004] help SUBCOMMAND and SUBCOMMAND --help print the same usage")
    void subcommandHelp() {
        for (String sub : List.of("parse", "encode")) {
            CommandRun viaHelp = CommandRun.of("", "help", sub);
            CommandRun viaOption = CommandRun.of("", sub, "--help");
            assertEquals(0, viaHelp.exitCode(), viaHelp::describe);
            assertEquals(0, viaOption.exitCode(), viaOption::describe);
            assertTrue(viaHelp.outText().contains("Usage: sse-kit " + sub + " "), viaHelp::describe);
            assertEquals(viaHelp.outText(), viaOption.outText());
        }
        String parseHelp = CommandRun.of("", "parse", "--help").outText();
        assertTrue(parseHelp.contains("--max-line-length=BYTES") && parseHelp.contains("--max-event-size=BYTES"), parseHelp);
        assertTrue(parseHelp.contains("1048576") && parseHelp.contains("8388608"), parseHelp);
    }

    @Test
    @DisplayName("[KIT-004] compare and bench are explained here but run from the bench jar: exit 2 saying so, in one line")
    void compareAndBenchPointToTheBenchJar() {
        for (String sub : List.of("compare", "bench")) {
            CommandRun help = CommandRun.of("", "help", sub);
            assertEquals(0, help.exitCode(), help::describe);
            assertTrue(help.outText().contains("Usage: sse-kit " + sub + " ") && help.outText().contains("--out=DIR")
                    && help.outText().contains("bench/target/sse-kit-bench.jar"), help::describe);
            CommandRun run = CommandRun.of("", sub, "--out", "target/never");
            assertEquals(2, run.exitCode(), run::describe);
            assertEquals("sse-kit " + sub + ": runs from the bench jar, not this one: use ./sse-kit " + sub
                    + " (it builds bench/target/sse-kit-bench.jar when first used), or java -jar"
                    + " bench/target/sse-kit-bench.jar " + sub + "\n", run.err(), run::describe);
        }
    }

    @Test
    @DisplayName("[KIT-004] --version names sse-kit")
    void version() {
        CommandRun run = CommandRun.of("", "--version");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.outText().startsWith("sse-kit "), run::describe);
    }

    @Test
    @DisplayName("[KIT-001] a reader that goes away early (| head) ends the run quietly with 141")
    void closedOutputEndsQuietly() {
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        for (String[] run : List.of(new String[] {"data: a\n\n", "parse"}, new String[] {"{\"data\":\"a\"}\n", "encode"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new ByteArrayInputStream(run[0].getBytes(StandardCharsets.UTF_8)), closedPipe, err, run[1]);
            assertEquals(141, code, run[1]);
            assertEquals("", err.toString(StandardCharsets.UTF_8), run[1]);
        }
    }

    @Test
    @DisplayName("[KIT-004] no subcommand, or an unknown one, exits 2 with a pointer to --help")
    void badUsageExitsTwo() {
        for (String[] args : List.of(new String[0], new String[] {"parze"}, new String[] {"parse", "--nope"})) {
            CommandRun run = CommandRun.of("", args);
            assertEquals(2, run.exitCode(), run::describe);
            assertTrue(run.err().contains("--help' for more information"), run::describe);
            assertTrue(!run.err().contains("\tat "), run::describe);
        }
    }
}
