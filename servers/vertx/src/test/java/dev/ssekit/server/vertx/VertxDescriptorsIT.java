package dev.ssekit.server.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server started in a child process with 512 file descriptors (API-034), flooded by more connections than that.
 * Only the child is limited; this JVM opens the sockets.
 */
@Timeout(90)
@EnabledOnOs(OS.LINUX)
class VertxDescriptorsIT {

    private static final int LIMIT = 512;
    private static final int FLOOD = 700;

    @TempDir
    Path dir;

    private Process child;
    private Path stderr;
    private final List<Socket> flood = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        release();
        if (child != null) {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("[API-034] out of descriptors, the server keeps running and answers again within seconds once they are free")
    void recoversAfterDescriptorFlood() throws Exception {
        int port = startChild("requestTimeoutMs=60000");
        floodWithHalfRequests(port);
        Thread.sleep(3_000);
        release();
        long t0 = System.nanoTime();
        int status = -1;
        while (status != 200 && System.nanoTime() - t0 < 10_000_000_000L) {
            status = statsStatus(port);
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(200, status, "answers within 10 s of the release; child stderr:\n" + childErrors());
        String errors = childErrors();
        assertFalse(errors.contains("Exception in thread"), "no thread died:\n" + errors);
        assertFalse(errors.contains("NoClassDefFoundError"), "nothing failed to load:\n" + errors);
    }

    @Test
    @DisplayName("[API-035,API-034] a file asked for while no descriptor is free gets 500 with a reason, not silence")
    void fileWithoutDescriptorGets500() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("page.txt"), "a page\n");
        int port = startChild("requestTimeoutMs=60000", "docs=" + docs);
        try (RawHttp c = RawHttp.connect(port, 10_000)) {
            c.sendText("GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n").readHead(); // accepted before the flood
            c.readBody();
            floodWithHalfRequests(port);
            Thread.sleep(1_000);
            RawHttp.Received r = c.sendText("GET /docs/page.txt HTTP/1.1\r\nHost: x\r\n\r\n").drain(5_000);
            assertEquals(List.of(500), r.statuses(), r::text);
            assertTrue(r.body().contains("internal error"), r::text);
        }
    }

    /** Starts {@link ChildServer} under {@code ulimit -n 512}; returns its port. */
    private int startChild(String... args) throws IOException {
        stderr = dir.resolve("child.err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildServer.class.getName()));
        cmd.addAll(List.of(args));
        String line = "ulimit -n " + LIMIT + " && exec " + String.join(" ", cmd.stream().map(VertxDescriptorsIT::quote).toList());
        child = new ProcessBuilder("sh", "-c", line).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("listening ")) {
            throw new IllegalStateException("child did not start: " + first + "\n" + childErrors());
        }
        return Integer.parseInt(first.substring("listening ".length()).trim());
    }

    private void floodWithHalfRequests(int port) throws IOException {
        for (int i = 0; i < FLOOD; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000); // completes from the listen queue
            OutputStream o = s.getOutputStream();
            o.write("GET /api/sse?do".getBytes(StandardCharsets.ISO_8859_1));
            flood.add(s);
        }
    }

    private void release() {
        for (Socket s : flood) {
            try {
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
        flood.clear();
    }

    private static int statsStatus(int port) {
        try (RawHttp c = RawHttp.connect(port, 1_000)) {
            c.sendText("GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            return c.status;
        } catch (IOException e) {
            return -1;
        }
    }

    private String childErrors() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
