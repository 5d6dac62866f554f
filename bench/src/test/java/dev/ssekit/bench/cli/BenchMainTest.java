package dev.ssekit.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bench jar's command line: the same compare and bench, with the same help, as the everyday command's. */
class BenchMainTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.runCommand(new BenchMain(), new ByteArrayInputStream(new byte[0]), out, err, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run everyday(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new ByteArrayInputStream(new byte[0]), out, err, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("[KIT-004] the bench jar's help for compare and bench is the everyday command's, word for word")
    void sameHelpAsTheEverydayCommand() {
        Run top = bench("--help");
        assertEquals(0, top.exit(), top::toString);
        assertTrue(top.out().contains("\n  compare ") && top.out().contains("\n  bench "), top::toString);
        for (String sub : List.of("compare", "bench")) {
            Run here = bench(sub, "--help");
            Run there = everyday("help", sub);
            assertEquals(0, here.exit(), here::toString);
            assertTrue(here.out().contains("Usage: sse-kit " + sub + " "), here::toString);
            assertEquals(there.out(), here.out());
        }
    }

    @Test
    @DisplayName("[KIT-004] bench --mode with an unknown mode exits 2 naming the modes, before running anything")
    void unknownModeIsBadUsage() {
        // --only servers: were the mode not checked first, the load runner would refuse it (exit 1) rather than JMH run
        Run run = bench("bench", "--only", "servers", "--mode", "fastest");
        assertEquals(2, run.exit(), run::toString);
        assertEquals("sse-kit bench: --mode must be one of quick, full, fanout1k, fanout10k, hold19k, latency1, overload,"
                + " frameworks, fanout-nodes, fanout-nodes-quick, not fastest\n", run.err());
    }
}
