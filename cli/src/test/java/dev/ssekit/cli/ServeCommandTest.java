package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    @DisplayName("[KIT-017] serve --keystore with a file that is no key store exits 2 with one line naming the file")
    void badKeyStoreIsNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("not-a-store.p12");
        Files.writeString(bad, "not a key store");
        CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> CommandRun.of("", "serve", "--port", "0", "--keystore", bad.toString(), "--storepass", "x"));
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().startsWith("sse-kit serve: cannot read the key store " + bad), run::describe);
        assertEquals(1, run.err().lines().count(), run::describe);
        assertTrue(run.outText().isEmpty(), run::describe);
    }

    @Test
    @DisplayName("[KIT-017] serve --help offers --tls, --keystore, --storepass and --h2c")
    void helpOffersTls() {
        CommandRun run = CommandRun.of("", "serve", "--help");
        assertEquals(0, run.exitCode(), run::describe);
        for (String flag : new String[] {"--tls", "--keystore=FILE", "--storepass=PASS", "--h2c"}) {
            assertTrue(run.outText().contains(flag), flag + ": " + run.describe());
        }
    }

    @Test
    @DisplayName("[KIT-004,KIT-017] --h2c with --tls, or --keystore without --storepass, exits 2 naming the options")
    void contradictoryTlsFlags() {
        CommandRun both = CommandRun.of("", "serve", "--port", "0", "--tls", "--h2c");
        assertEquals(2, both.exitCode(), both::describe);
        assertTrue(both.err().contains("--h2c is HTTP/2 on plain HTTP"), both::describe);
        CommandRun noPass = CommandRun.of("", "serve", "--port", "0", "--keystore", "x.p12");
        assertEquals(2, noPass.exitCode(), noPass::describe);
        assertTrue(noPass.err().contains("--keystore needs --storepass PASS"), noPass::describe);
    }
}
