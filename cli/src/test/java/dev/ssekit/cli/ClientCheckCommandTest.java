package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client-check command's usage and its answer when there is no test service. */
class ClientCheckCommandTest {

    @Test
    @DisplayName("[KIT-004] client-check exits 2 naming the service when nothing answers GET URL")
    void noServiceExitsTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        CommandRun r = CommandRun.of("", "client-check", "http://127.0.0.1:" + port + "/");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("does not answer GET"), r.err());
    }

    @Test
    @DisplayName("[KIT-004] client-check refuses a bad --parallel, --name or URL with exit 2")
    void badUsageExitsTwo() {
        assertEquals(2, CommandRun.of("", "client-check", "http://127.0.0.1:1/", "--parallel", "0").exitCode());
        assertEquals(2, CommandRun.of("", "client-check", "http://127.0.0.1:1/", "--name", "a/b").exitCode());
        assertEquals(2, CommandRun.of("", "client-check", "ftp://x/").exitCode());
        assertTrue(CommandRun.of("", "client-check", "--help").err().isEmpty());
    }
}
