package dev.ssekit.server.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Running out of file descriptors (API-034), in a child process started with a lowered limit. */
class UndertowDescriptorsIT {

    private static final int LIMIT = 512;
    private static final int CONNECTIONS = 700;
    private static final long DEADLINE_MS = 1_500;

    @Test
    @DisplayName("[API-034] started with 512 descriptors and flooded by 700 half requests, the server keeps running and answers again within 10 s of their release")
    void recoversFromDescriptorExhaustion() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh and ulimit");
        Path log = Files.createTempFile("sse-kit-child", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "ulimit -n " + LIMIT + " && exec '" + java + "' -Xmx256m -cp '"
                + System.getProperty("java.class.path") + "' " + ChildServer.class.getName() + " " + DEADLINE_MS;
        Process child = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        List<Socket> flood = new ArrayList<>();
        try {
            int port = awaitReady(log, child);
            int connected = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket();
                flood.add(s);
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                    s.getOutputStream().write("GET /api/sse?do".getBytes(StandardCharsets.US_ASCII));
                    connected++;
                } catch (IOException e) {
                    // refused or not accepted meanwhile: allowed while descriptors are out
                }
            }
            Thread.sleep(3_000);
            assertTrue(child.isAlive(), "the server still runs while out of descriptors; log:\n" + tail(log));
            for (Socket s : flood) {
                s.close();
            }
            long released = System.nanoTime();
            String status = null;
            while (System.nanoTime() - released < 10_000_000_000L) {
                status = get(port);
                if (status.startsWith("HTTP/1.1 200 ")) {
                    break;
                }
                Thread.sleep(200);
            }
            long ms = (System.nanoTime() - released) / 1_000_000;
            assertTrue(status != null && status.startsWith("HTTP/1.1 200 "),
                    "answered within 10 s of the release (" + ms + " ms): " + status + "; log:\n" + tail(log));
            String out = Files.readString(log);
            assertTrue(out.contains("Too many open files"), connected + " connected, yet the child never ran out of"
                    + " descriptors; log:\n" + tail(log));
            assertFalse(out.contains("Exception in thread"), "a thread died; log:\n" + tail(log));
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.getOutputStream().close();
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
        assertEquals(0, child.exitValue(), "the child stopped cleanly");
    }

    private static int awaitReady(Path log, Process child) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("READY ")) {
                    return Integer.parseInt(line.substring(6).trim());
                }
            }
            assertTrue(child.isAlive(), "the child died: " + tail(log));
            Thread.sleep(50);
        }
        throw new AssertionError("the child did not start: " + tail(log));
    }

    /** The status line of GET /api/stats, or why there is none. */
    private static String get(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            s.setSoTimeout(1_000);
            s.getOutputStream().write("GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "closed without an answer" : line;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
