package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code sse-kit listen} against a small in-process server. */
class ListenCommandTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * /events: the first request gets an event with id 1 and retry 100, then the end; a request with Last-Event-ID 1
     * gets a lol event and the end; one with Last-Event-ID 2 gets 204. /hold: one event, then heartbeat comments until
     * the client goes. Each request is logged as "METHOD last-event-id body".
     */
    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", ex -> {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            seen.add(ex.getRequestMethod() + " " + last + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            if ("2".equals(last)) {
                ex.sendResponseHeaders(204, -1);
                ex.close();
                return;
            }
            send(ex, "1".equals(last) ? "id: 2\nevent: lol\ndata: b\n\n" : "retry: 100\nid: 1\ndata: a\n\n");
        });
        server.createContext("/hold", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream o = ex.getResponseBody();
            o.write("data: x\n\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            try {
                for (int i = 0; i < 200; i++) { // a heartbeat until the client goes (the write fails), at most 20 s
                    Thread.sleep(100);
                    o.write(": hb\n".getBytes(StandardCharsets.UTF_8));
                    o.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException gone) {
                // the client closed the stream
            }
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("[PROC-011,PROC-013,PROC-015,PROC-005] listen prints opens, events, retry and reconnects as JSON lines; 204 ends it with exit 3 and the reason")
    void listensUntilStopped() throws IOException {
        String base = start();
        CommandRun run = CommandRun.of("", "listen", base + "/events");
        assertEquals(ListenCommand.FAILED, run.exitCode(), run::describe);
        String url = base + "/events";
        assertEquals(List.of(
                "{\"open\":\"" + url + "\",\"httpVersion\":\"HTTP/1.1\"}",
                "{\"retry\":100}",
                "{\"type\":\"message\",\"data\":\"a\",\"lastEventId\":\"1\"}",
                "{\"error\":\"END_OF_STREAM\",\"message\":\"the stream ended\",\"status\":200,\"reconnectInMs\":100}",
                "{\"open\":\"" + url + "\",\"httpVersion\":\"HTTP/1.1\"}",
                "{\"type\":\"lol\",\"data\":\"b\",\"lastEventId\":\"2\"}",
                "{\"error\":\"END_OF_STREAM\",\"message\":\"the stream ended\",\"status\":200,\"reconnectInMs\":100}",
                "{\"error\":\"HTTP_STATUS\",\"message\":\"the response's status is 204 (No Content: the server says stop), not 200\","
                        + "\"status\":204,\"closed\":true}"), run.outLines());
        assertTrue(run.err().contains("sse-kit listen: the response's status is 204") && run.err().contains("tells an EventSource to stop"),
                run::describe);
        assertEquals(List.of("GET null  null", "GET 1  null", "GET 2  null"), seen);
    }

    @Test
    @DisplayName("[PROC-015,PROC-011] listen -d POSTs the body with its Content-Type on every attempt; --last-event-id and --max-events, exit 0")
    void postAndMaxEvents() throws IOException {
        String base = start();
        CommandRun run = CommandRun.of("", "listen", base + "/events", "-d", "{\"q\":1}", "--last-event-id", "1", "--max-events", "1");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("{\"type\":\"lol\",\"data\":\"b\",\"lastEventId\":\"2\"}", run.outLines().get(1));
        assertEquals(List.of("POST 1 {\"q\":1} application/json"), seen);

        seen.clear();
        run = CommandRun.of("", "listen", base + "/events", "-X", "PUT", "--data", "x", "-H", "Content-Type: text/plain",
                "--max-events", "2", "--http1.1");
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(List.of("PUT null x text/plain", "PUT 1 x text/plain"), seen);
    }

    @Test
    @DisplayName("[PROC-018] listen --max-time stops a stream that never ends, exit 0")
    void maxTime() throws IOException {
        String base = start();
        long t0 = System.nanoTime();
        CommandRun run = CommandRun.of("", "listen", base + "/hold", "--max-time", "0.5", "--read-timeout-ms", "10000");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, run.exitCode(), run::describe);
        assertEquals("{\"type\":\"message\",\"data\":\"x\",\"lastEventId\":\"\"}", run.outLines().get(1));
        assertTrue(ms >= 500 && ms < 10_000, "took " + ms + " ms");
    }

    @Test
    @DisplayName("[KIT-004] listen's bad options exit 2 naming the option")
    void badUsage() {
        CommandRun run = CommandRun.of("", "listen", "http://127.0.0.1:1/", "--max-events", "0");
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().contains("--max-events"), run::describe);
        run = CommandRun.of("", "listen", "http://127.0.0.1:1/", "--http1.1", "--http2");
        assertEquals(2, run.exitCode(), run::describe);
        run = CommandRun.of("", "listen", "ftp://127.0.0.1:1/");
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().contains("http or https"), run::describe);
        run = CommandRun.of("", "listen", "http://127.0.0.1:1/", "--data-file", "/nonexistent/x");
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().contains("sse-kit listen: --data-file: cannot read"), run::describe);
    }
}
