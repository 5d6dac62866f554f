package dev.ssekit.bench.load;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import dev.ssekit.server.vertx.VertxSseServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.xnio.Options;

/** The subjects of the server benchmark. */
public final class Subjects {

    /** Per-connection backlog bound used by every in-process subject that has one. */
    public static final int BACKLOG_BYTES = 1 << 20;
    static final String TOKEN = "bench-token";

    private Subjects() {
    }

    static SseServerConfig config() {
        return SseServerConfig.defaults().withHost("127.0.0.1").withPort(0).withPublishToken(TOKEN)
                .withBacklogBytes(BACKLOG_BYTES).withHeartbeatMs(15_000);
    }

    public static BenchSubject oursUndertow() {
        return new Ours("ours-undertow", UndertowSseServer.start(config()));
    }

    public static BenchSubject oursVertx() {
        return new Ours("ours-vertx", VertxSseServer.start(config()));
    }

    public static BenchSubject ceiling() throws IOException {
        return new CeilingServer("127.0.0.1", BACKLOG_BYTES);
    }

    public static BenchSubject baselineUndertowSse() {
        return new UndertowBuiltin();
    }

    /** The tutorial's Express server, or null (with the reason in {@code why[0]}) when it cannot run here. */
    public static BenchSubject express(Path dir, String[] why) {
        return Express.start(dir, why);
    }

    /** Our reference server (Undertow or Vert.x adapter over SseCore). */
    static final class Ours implements BenchSubject {
        private final String name;
        private final SseServer server;

        Ours(String name, SseServer server) {
            this.name = name;
            this.server = server;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String baseUrl() {
            return server.baseUrl();
        }

        @Override
        public String host() {
            return server.host();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public boolean supports(String scenario) {
            return true;
        }

        @Override
        public void publish(String data) {
            server.publish(data);
        }

        @Override
        public int activeStreams() {
            return server.stats().activeStreams();
        }

        @Override
        public int scheduledTasks() {
            return server.stats().scheduledTasks();
        }

        /** {@code GET /api/stats} over HTTP (the way an operator would see it), or null if it did not answer in 5 s. */
        @Override
        public java.util.Map<String, Object> serverStats() {
            try (Socket so = new Socket()) {
                long t0 = System.nanoTime();
                so.connect(new InetSocketAddress(host(), port()), 5_000);
                so.setSoTimeout(5_000);
                so.getOutputStream().write(("GET /api/stats HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String resp = new String(so.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int body = resp.indexOf("\r\n\r\n");
                int brace = resp.indexOf('{', body < 0 ? 0 : body);
                if (!resp.startsWith("HTTP/1.1 200") || brace < 0) {
                    return null;
                }
                String json = resp.substring(brace, resp.lastIndexOf('}') + 1);
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, java.util.LinkedHashMap.class);
                m.put("httpMillis", (System.nanoTime() - t0) / 1e6);
                return m;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Streams aborted because their backlog was full (API-024). */
        long slowClientsDropped() {
            return server.stats().slowClientsDropped();
        }

        @Override
        public String churnPath() {
            // timed document streams: aborting them must also cancel their producer timers (API-016)
            return "/api/sse?interval=10&doc=tutorial";
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Undertow's own ServerSentEventHandler, used as a user would: getConnections() and send(). */
    static final class UndertowBuiltin implements BenchSubject {
        private final ServerSentEventHandler sse = Handlers.serverSentEvents();
        private final Undertow undertow;
        private final int port;

        UndertowBuiltin() {
            undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(2).setWorkerThreads(2)
                    .setSocketOption(Options.BACKLOG, 10_000)
                    .setHandler(Handlers.path().addPrefixPath("/api/feed", sse)).build();
            undertow.start();
            port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        }

        @Override
        public String name() {
            return "baseline-undertow-sse";
        }

        @Override
        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public boolean supports(String scenario) {
            return !STREAM.equals(scenario);
        }

        @Override
        public void publish(String data) {
            for (ServerSentEventConnection c : sse.getConnections()) {
                c.send(data);
            }
        }

        @Override
        public int activeStreams() {
            return sse.getConnections().size();
        }

        @Override
        public void close() {
            for (ServerSentEventConnection c : sse.getConnections()) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            undertow.stop();
        }
    }

    /** The tutorial's Express server as a child process on port 3000 (stream scenario only). */
    static final class Express implements BenchSubject {
        private final Process process;

        private Express(Process process) {
            this.process = process;
        }

        static Express start(Path dir, String[] why) {
            if (!Files.isRegularFile(dir.resolve("server.js"))) {
                why[0] = "no server.js in " + dir;
                return null;
            }
            if (!Files.isDirectory(dir.resolve("node_modules"))) {
                why[0] = "node_modules absent in " + dir + " (run npm ci there)";
                return null;
            }
            if (portOpen(3000)) {
                why[0] = "port 3000 is already in use";
                return null;
            }
            Process p;
            try {
                p = new ProcessBuilder("node", "server.js").directory(dir.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                why[0] = "node not runnable: " + e.getMessage();
                return null;
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end && p.isAlive()) {
                if (portOpen(3000)) {
                    return new Express(p);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            p.destroyForcibly();
            why[0] = "express did not listen on 3000 within 10 s";
            return null;
        }

        private static boolean portOpen(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String name() {
            return "express-tutorial";
        }

        @Override
        public String baseUrl() {
            return "http://127.0.0.1:3000";
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return 3000;
        }

        @Override
        public boolean supports(String scenario) {
            return STREAM.equals(scenario);
        }

        @Override
        public void publish(String data) {
            throw new UnsupportedOperationException("not-applicable");
        }

        @Override
        public long heapUsedAfterGc() {
            return -1;
        }

        @Override
        public int activeStreams() {
            return -1;
        }

        @Override
        public String streamPath() {
            return "/api/sse";
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

}
