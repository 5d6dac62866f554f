package dev.ssekit.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ssekit.conformance.http.ResponseCapture;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.SseServerProvider;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.xnio.Options;

/**
 * The subjects of the server benchmark: the coalescing NIO ceiling, the kit's server on each reference server the
 * kit discovers ({@link SseServerProvider}), Undertow's built-in SSE handler, and the tutorial's Express server.
 */
public final class Subjects {

    /** Per-connection backlog bound used by every in-process subject that has one. */
    public static final int BACKLOG_BYTES = 1 << 20;
    static final String TOKEN = "bench-token";
    /** Our server on a reference server is named {@code ours-<server>} in the results. */
    static final String OURS = "ours-";
    static final String CEILING = "ceiling-nio";
    static final String BASELINE = "baseline-undertow-sse";
    static final String EXPRESS = "express-tutorial";

    private Subjects() {
    }

    static SseServerConfig config() {
        return SseServerConfig.defaults().withHost("127.0.0.1").withPort(0).withPublishToken(TOKEN)
                .withBacklogBytes(BACKLOG_BYTES).withHeartbeatMs(15_000);
    }

    /** The in-process subjects, each started when called: the ceiling, ours on every reference server, the baseline. */
    public static List<Callable<BenchSubject>> inProcess() {
        List<Callable<BenchSubject>> out = new ArrayList<>();
        out.add(Subjects::ceiling);
        for (SseServerProvider p : SseServerProvider.all()) {
            out.add(() -> ours(p));
        }
        out.add(Subjects::baselineUndertowSse);
        return out;
    }

    /** The ceiling and ours on every reference server, each started when called (the {@code frameworks} mode's own). */
    public static List<Callable<BenchSubject>> oursAndCeiling() {
        List<Callable<BenchSubject>> out = new ArrayList<>();
        out.add(Subjects::ceiling);
        for (SseServerProvider p : SseServerProvider.all()) {
            out.add(() -> ours(p));
        }
        return out;
    }

    /** Our server on the reference server of that name ({@code undertow}, {@code vertx}). */
    public static BenchSubject ours(String server) {
        return ours(SseServerProvider.named(server)
                .orElseThrow(() -> new IllegalArgumentException("no reference server named " + server + " on the class path")));
    }

    static BenchSubject ours(SseServerProvider p) {
        return new Ours(OURS + p.name(), p.start(config()));
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

    /**
     * The body of a {@code 200} answer to {@code GET path} on a connection of its own, read through the kit's response
     * decoder; null for another status or a response cut short.
     */
    static byte[] get(String host, int port, String path, int timeoutMs) throws IOException {
        try (Socket so = new Socket()) {
            so.connect(new InetSocketAddress(host, port), timeoutMs);
            so.setSoTimeout(timeoutMs);
            so.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ResponseCapture c = ResponseCapture.decode(so.getInputStream().readAllBytes(), true, List.of("GET"));
            ResponseCapture.Response r = c.responses().isEmpty() ? null : c.responses().get(0);
            return r != null && r.complete() && r.status() == 200 ? r.body() : null;
        }
    }

    /** Our reference server (an adapter over the core) started through its provider. */
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
        public Map<String, Object> serverStats() {
            long t0 = System.nanoTime();
            try {
                byte[] json = get(host(), port(), "/api/stats", 5_000);
                if (json == null) {
                    return null;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new ObjectMapper().readValue(json, LinkedHashMap.class);
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
        public String idleDocumentPath() {
            return "/api/sse?interval=3600000&doc=tutorial";
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
            return BASELINE;
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
            return EXPRESS;
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
            ChildJvmSubject.stop(process);
        }
    }

}
