package dev.ssekit.server.vertx;

import dev.ssekit.server.SseServerConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Vert.x server in a process of its own, for what cannot be done in the test's JVM (a lower descriptor limit) and
 * for measurements. Arguments: {@code key=value} of {@code port}, {@code requestTimeoutMs}, {@code backlogBytes},
 * {@code docs} (a docs root) and {@code token}. Prints {@code listening <port>}, then answers lines on stdin:
 * {@code memory} prints {@code memory heap=<bytes after GC> direct=<bytes> netty=<bytes> rss=<bytes>}; {@code quit}
 * or the end of stdin stops it, so it never outlives its parent.
 */
public final class ChildServer {

    private ChildServer() {
    }

    public static void main(String[] args) throws IOException {
        SseServerConfig config = SseServerConfig.defaults().withPort(0).withPublishToken("t0ken");
        for (String a : args) {
            String k = a.substring(0, a.indexOf('='));
            String v = a.substring(a.indexOf('=') + 1);
            config = switch (k) {
                case "port" -> config.withPort(Integer.parseInt(v));
                case "requestTimeoutMs" -> config.withRequestTimeoutMs(Long.parseLong(v));
                case "backlogBytes" -> config.withBacklogBytes(Integer.parseInt(v));
                case "docs" -> config.withDocsRoot(Path.of(v));
                case "token" -> config.withPublishToken(v);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            };
        }
        VertxSseServer server = VertxSseServer.start(config);
        System.out.println("listening " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("memory")) {
                    System.out.println(memory());
                    System.out.flush();
                }
            }
        } finally {
            server.close();
        }
        System.exit(0);
    }

    static String memory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long netty = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory() : -1;
        return "memory heap=" + heap + " direct=" + (direct + Math.max(0, PlatformDependent.usedDirectMemory()))
                + " netty=" + netty + " rss=" + rss();
    }

    private static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
