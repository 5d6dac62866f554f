package dev.ssekit.clientcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Receives the test service's callbacks, {@code POST <callbackUrl>/<n>}, and hands each to the {@link Stage} of its
 * stream, which puts them in counter order.
 */
final class CallbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Stage> stages = new ConcurrentHashMap<>();

    CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sse-kit-client-check-callbacks");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/cb/", this::handle);
        server.start();
    }

    String base(String key) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb/" + key;
    }

    void register(String key, Stage stage) {
        stages.put(key, stage);
    }

    void unregister(String key) {
        stages.remove(key);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x; InputStream in = x.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String[] parts = x.getRequestURI().getPath().split("/"); // "", "cb", key, n
            Stage stage = parts.length == 4 ? stages.get(parts[2]) : null;
            int n;
            try {
                n = parts.length == 4 ? Integer.parseInt(parts[3]) : -1;
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (stage == null || n < 1 || !"POST".equals(x.getRequestMethod())) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode json;
            try {
                json = ServiceClient.JSON.readTree(body);
            } catch (IOException e) {
                x.sendResponseHeaders(400, -1);
                return;
            }
            stage.callback(n, json == null ? ServiceClient.JSON.createObjectNode() : json);
            x.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
