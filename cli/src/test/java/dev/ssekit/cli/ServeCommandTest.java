package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What serve says before it starts anything; starting the servers is {@link ServeCommandIT}'s. */
class ServeCommandTest {

    @Test
    @DisplayName("[KIT-007] serve --help names the servers its providers offer")
    void helpNamesTheServers() {
        CommandRun run = CommandRun.of("", "serve", "--help");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.outText().contains("--server=NAME") && run.outText().contains("(repeatable): undertow, vertx."),
                run::describe);
    }

    @Test
    @DisplayName("[KIT-004,KIT-007] serve --server with a name no provider has exits 2 naming the servers there are")
    void unknownServerIsBadUsage() {
        // preemptive: a serve that ignored the unknown name would start Vert.x and wait for a signal
        CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CommandRun.of("", "serve", "--port", "0", "--server", "vertx", "--server", "jetty"));
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().startsWith("sse-kit serve: --server: no server named 'jetty'; the servers are: undertow, vertx"
                + " (or all)\n"), run::describe);
        assertTrue(run.err().contains("--help' for more information") && run.outText().isEmpty(), run::describe);
    }
}
