package dev.ssekit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's haproxy as the cluster runs it, in front of two JDK HTTP servers that say who answered. */
class BalancerIT {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private String get(String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    @Test
    @DisplayName("[KIT-007] the balancer sends requests round robin, one by one even on one kept-alive connection")
    void roundRobin(@TempDir Path dir) throws Exception {
        try (Backend a = new Backend("a"); Backend b = new Backend("b");
                Balancer lb = Balancer.start(dir, 0, List.of(a.port(), b.port()))) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                seen.add(get(lb.url() + "/name"));
            }
            for (int i = 1; i < seen.size(); i++) {
                assertNotEquals(seen.get(i - 1), seen.get(i), "no alternation: " + seen);
            }
            assertTrue(seen.contains("a") && seen.contains("b"), seen::toString);
        }
    }

    @Test
    @DisplayName("[KIT-007] a stopped backend is taken out: every request still succeeds, and haproxy marks it down")
    void stoppedBackendIsTakenOut(@TempDir Path dir) throws Exception {
        try (Backend a = new Backend("a"); Backend b = new Backend("b");
                Balancer lb = Balancer.start(dir, 0, List.of(a.port(), b.port()))) {
            assertEquals("UP", awaitStatus(lb, b.port(), "UP"));
            b.close();
            for (int i = 0; i < 10; i++) {
                assertEquals("a", get(lb.url() + "/name"), "request " + i + " after b stopped");
            }
            assertEquals("DOWN", awaitStatus(lb, b.port(), "DOWN"), "haproxy never marked the stopped backend down");
            assertTrue(lb.backendStatus().get(a.port()).startsWith("UP"), () -> "" + statusOrError(lb));
        }
    }

    @Test
    @DisplayName("[API-002,API-004] the balancer passes a streamed response on as it comes: the first event arrives while the backend still holds the response")
    void streamsUnbuffered(@TempDir Path dir) throws Exception {
        try (Backend a = new Backend("a"); Balancer lb = Balancer.start(dir, 0, List.of(a.port()))) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), lb.port())) {
                s.setSoTimeout(10_000); // a buffering proxy sends nothing until the backend ends: the read times out
                OutputStream out = s.getOutputStream();
                out.write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                StringBuilder got = new StringBuilder();
                byte[] buf = new byte[1024];
                while (!got.toString().contains("data: first\n\n")) {
                    int n = in.read(buf);
                    assertTrue(n > 0, "the stream ended before its first event: " + got);
                    got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
                assertFalse(got.toString().contains("data: last"), got::toString);
                assertTrue(got.toString().startsWith("HTTP/1.1 200"), got::toString);
                a.release();
            }
        }
    }

    @Test
    @DisplayName("[KIT-007] a missing haproxy is one message naming it and the package to install")
    void missingExecutableIsExplained(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Balancer.start(dir.resolve("no-such/haproxy"), dir, 0, List.of(1)));
        assertTrue(e.getMessage().contains("haproxy") && e.getMessage().contains("apt-get install haproxy"), e.getMessage());
    }

    /** Polls haproxy's view of a backend until it starts with {@code want} (bounded); returns the last status. */
    private static String awaitStatus(Balancer lb, int port, String want) throws Exception {
        String status = null;
        for (int i = 0; i < 100; i++) {
            status = lb.backendStatus().get(port);
            if (status != null && status.startsWith(want)) {
                return want;
            }
            Thread.sleep(100);
        }
        return status;
    }

    private static Object statusOrError(Balancer lb) {
        try {
            Map<Integer, String> m = lb.backendStatus();
            return m;
        } catch (Exception e) {
            return e;
        }
    }
}
