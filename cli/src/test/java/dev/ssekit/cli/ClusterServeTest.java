package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What serve --nodes refuses before it starts anything; the running cluster is {@link ClusterServeIT}'s. */
class ClusterServeTest {

    // preemptive: a serve that ignored the mistake would start servers and wait for a signal
    private static CommandRun serve(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.of("", args));
    }

    private static void badUsage(CommandRun run, String message) {
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().startsWith("sse-kit serve: " + message + "\n"), run::describe);
        assertTrue(run.err().contains("--help' for more information") && run.outText().isEmpty(), run::describe);
    }

    @Test
    @DisplayName("[KIT-004,KIT-019] serve --nodes without --redis exits 2: the nodes need a shared feed")
    void nodesNeedRedis() {
        badUsage(serve("serve", "--port", "0", "--nodes", "2"),
                "--nodes needs --redis URL: the nodes share the feed on a Redis stream (redis://HOST:PORT)");
    }

    @Test
    @DisplayName("[KIT-004,KIT-019] serve --nodes outside 2..9 exits 2 naming the range")
    void nodesRange() {
        badUsage(serve("serve", "--port", "0", "--nodes", "1", "--redis", "redis://127.0.0.1:1"),
                "--nodes must be 2 to 9, not 1");
        badUsage(serve("serve", "--port", "0", "--nodes", "10", "--redis", "redis://127.0.0.1:1"),
                "--nodes must be 2 to 9, not 10");
    }

    @Test
    @DisplayName("[KIT-004,KIT-019,KIT-017] serve --nodes with --tls, --h2c, --server or --balancer alone exits 2 naming the option")
    void nodesRefuseWhatDoesNotApply() {
        String r = "redis://127.0.0.1:1";
        String tls = "--nodes serves plain HTTP/1.1 behind HAProxy: --tls, --keystore and --h2c do not apply";
        badUsage(serve("serve", "--port", "0", "--nodes", "2", "--redis", r, "--tls"), tls);
        badUsage(serve("serve", "--port", "0", "--nodes", "2", "--redis", r, "--h2c"), tls);
        badUsage(serve("serve", "--port", "0", "--nodes", "2", "--redis", r, "--server", "vertx"),
                "--nodes runs Undertow and Vert.x in turn: --server does not apply");
        badUsage(serve("serve", "--port", "0", "--balancer", "/usr/sbin/haproxy"), "--balancer is for --nodes N");
    }

    @Test
    @DisplayName("[KIT-019] the nodes run Undertow and Vert.x in turn, each given the feed, the pass-through options and"
            + " the pid to go with")
    void nodeArguments() {
        ClusterServe c = new ClusterServe(new ClusterServe.Settings(3, 3000, null, "redis://127.0.0.1:6400", "k", "t",
                List.of("--interval", "5", "--publish-token", "t")), null);
        assertEquals(List.of("serve", "--server", "undertow", "--port", "3001", "--host", "127.0.0.1", "--redis",
                "redis://127.0.0.1:6400", "--redis-key", "k", "--interval", "5", "--publish-token", "t", "--exit-with",
                Long.toString(ProcessHandle.current().pid())), c.nodeArgs(0, 3001));
        assertEquals("vertx", c.nodeArgs(1, 3002).get(2));
        assertEquals("undertow", c.nodeArgs(2, 3003).get(2));
    }
}
