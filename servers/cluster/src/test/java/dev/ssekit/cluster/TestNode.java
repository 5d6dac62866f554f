package dev.ssekit.cluster;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A node program for {@link LocalClusterIT}: {@code TestNode PORT NAME} serves /api/stats and /name; {@code fail} exits 3. */
public final class TestNode {

    private TestNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fail")) {
            System.out.println("test node: refusing to start, as asked");
            System.exit(3);
        }
        int port = Integer.parseInt(args[0]);
        String name = args[1];
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/api/stats", ex -> {
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.createContext("/name", ex -> {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        System.out.println("test node " + name + " on " + port);
    }
}
