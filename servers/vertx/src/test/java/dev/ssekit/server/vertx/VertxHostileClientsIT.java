package dev.ssekit.server.vertx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ssekit.server.SseServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a careless or hostile client does to the Vert.x adapter (contract.md, "Hostile clients"), over raw sockets on
 * loopback, bounded in count and time.
 */
@Timeout(60)
class VertxHostileClientsIT {

    private static final String TOKEN = "t0ken";

    private static VertxSseServer server;

    @BeforeAll
    static void start() {
        server = VertxSseServer.start(SseServerConfig.defaults().withPort(0).withPublishToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String host() {
        return "Host: 127.0.0.1:" + server.port() + "\r\n";
    }

    // ---- slow readers (API-032, API-024) ----

    @Test
    @DisplayName("[API-032,API-024] a feed subscriber dropped as slow loses its connection at once")
    void slowSubscriberLosesConnection() throws IOException, InterruptedException {
        long dropped = server.core().stats().slowClientsDropped();
        List<Socket> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                s.getOutputStream().write(("GET /api/feed HTTP/1.1\r\n" + host() + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                subscribers.add(s);
            }
            eventually(() -> server.core().stats().feedSubscribers() >= 3, "three subscribers");
            // Paced, so that what is queued piles up in the kernel and then in Netty, as with a client that stopped
            // reading, before the backlog bound drops the subscriber.
            String event = "x".repeat(8192);
            for (int i = 0; i < 3_000 && server.core().stats().slowClientsDropped() < dropped + 3; i++) {
                server.core().publish(event);
                Thread.sleep(1);
            }
            assertTrue(server.core().stats().slowClientsDropped() >= dropped + 3, "all three dropped");
            for (Socket s : subscribers) {
                assertClosedWithin(s, 3_000);
            }
        } finally {
            for (Socket s : subscribers) {
                s.close();
            }
        }
    }

    /** The server's end is gone: writing to it fails (reset), without reading what it had queued. */
    private static void assertClosedWithin(Socket s, long ms) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < until) {
            try {
                s.getOutputStream().write('x');
                s.getOutputStream().flush();
            } catch (IOException e) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the server still holds the connection " + ms + " ms after dropping it");
    }

    // ---- helpers ----

    static void eventually(BooleanSupplier condition, String what) {
        VertxAdapterIT.eventually(condition, what);
    }
}
