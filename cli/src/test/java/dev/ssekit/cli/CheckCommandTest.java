package dev.ssekit.cli;

import dev.ssekit.conformance.RawServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sse-kit check} against small in-process servers: one that gets the basics right, one that does not. */
class CheckCommandTest {

    @TempDir
    Path out;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Two events with ids, then the end; Last-Event-ID resumes, and past the end gets 204. */
    private String start(String contentType) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", ex -> {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            if ("2".equals(last)) {
                ex.sendResponseHeaders(204, -1);
                ex.close();
                return;
            }
            String body = "retry: 1000\n\n" + ("1".equals(last) ? "" : "id: 1\ndata: a\n\n") + "id: 2\ndata: b\n\n";
            send(ex, contentType, body);
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    private static void send(HttpExchange ex, String contentType, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("[AUTH-001,AUTH-007] a stream that gets the basics right passes; contract vectors are not-applicable; exit 0")
    void goodStreamPasses() throws IOException {
        String url = start("text/event-stream; charset=utf-8");
        CommandRun run = CommandRun.of("", "check", url, "--name", "good", "--out", out.toString(), "--timeout-ms", "3000");
        assertEquals(0, run.exitCode(), run::describe);
        String text = run.outText();
        assertTrue(text.contains("pass           [check/generic/content-type]"), text);
        assertTrue(text.contains("pass           [check/generic/resume]"), text);
        assertTrue(text.contains("pass           [check/generic/end]"), text);
        assertTrue(text.contains("not-applicable [stream/api/probe-whole]"), text);
        assertTrue(text.matches("(?s).*\n\\d+ pass, 0 fail, \\d+ non-strict, \\d+ info, \\d+ not-applicable.*"), text);
        assertTrue(run.err().contains("check/generic/status ..."), run::describe);
        Path results = out.resolve("good.json");
        assertTrue(Files.readString(results).contains("\"subject\" : \"good\""), results::toString);
    }

    @Test
    @DisplayName("[AUTH-001] a stream served as text/plain fails a MUST: the requirement, Expected and Actual are printed; exit 1")
    void wrongContentTypeFails() throws IOException {
        String url = start("text/plain");
        CommandRun run = CommandRun.of("", "check", url, "--name", "plain", "--out", out.toString(), "--timeout-ms", "3000");
        assertEquals(1, run.exitCode(), run::describe);
        String text = run.outText();
        assertTrue(text.contains("fail           [check/generic/content-type]"), text);
        assertTrue(text.contains("    [AUTH-001] check/generic/content-type\n      -> "), text);
        assertTrue(text.contains("      Expected: Content-Type: text/event-stream\n      Actual:   Content-Type: \"text/plain\""), text);
    }

    @Test
    @DisplayName("[API-008,ENC-002] --document names the text: a space the stream loses is a finding")
    void documentRoundTrip() throws IOException {
        String url = start("text/event-stream");
        Path doc = out.resolve("doc.txt");
        Files.writeString(doc, "a b");
        CommandRun run = CommandRun.of("", "check", url, "--name", "doc", "--out", out.toString(), "--timeout-ms", "3000",
                "--document", doc.toString());
        assertEquals(1, run.exitCode(), run::describe);
        assertTrue(run.outText().contains("fail           [check/document/spaces]"), run.outText());
        assertTrue(run.outText().contains("Expected: \"a b\"\n      Actual:   \"ab\" from 2 events"), run.outText());
    }

    @Test
    @DisplayName("[KIT-004] nothing listening at the URL exits 2 with one line naming the address")
    void unreachableExits2() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CommandRun run = CommandRun.of("", "check", "http://127.0.0.1:" + port + "/api/sse", "--out", out.toString());
        assertEquals(2, run.exitCode(), run::describe);
        assertTrue(run.err().startsWith("sse-kit check: cannot connect to 127.0.0.1:" + port), run::describe);
        assertEquals(1, run.err().lines().count(), run::describe);
    }

    @Test
    @DisplayName("[KIT-004] a URL that is not http or https, a bad --timeout-ms or a bad --name exits 2")
    void badUsageExits2() {
        for (String[] args : new String[][] {{"check", "ftp://example"}, {"check", "http://127.0.0.1:1", "--timeout-ms", "0"},
                {"check", "http://127.0.0.1:1", "--name", "../x"}, {"check"}}) {
            CommandRun run = CommandRun.of("", args);
            assertEquals(2, run.exitCode(), run::describe);
            assertTrue(run.err().startsWith("sse-kit check: ") || run.err().startsWith("sse-kit check"), run::describe);
        }
    }

    @Test
    @DisplayName("[KIT-012] an endless fast stream is cut at --max-capture, reported as cut there, judged as a prefix; exit 0")
    void endlessStreamIsCutAtMaxCapture() throws IOException {
        try (RawServer subject = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            CommandRun run = CommandRun.of("", "check", subject.url("/events"), "--name", "endless", "--out", out.toString(),
                    "--timeout-ms", "3000", "--max-capture", "1M");
            assertEquals(0, run.exitCode(), run::describe);
            String text = run.outText();
            assertTrue(text.contains("pass           [check/generic/parse]"), text);
            assertTrue(text.contains("not-run        [check/generic/end]"), text);
            assertTrue(text.contains("cut at the capture bound of 1 MiB"), text);
            assertTrue(text.contains("(--max-capture"), text);
            assertTrue(Files.readString(out.resolve("endless.json")).contains("cut at the capture bound of 1 MiB"), text);
        }
    }

    @Test
    @DisplayName("[KIT-012] --max-events bounds the events kept: the stream is cut at that many events")
    void endlessStreamIsCutAtMaxEvents() throws IOException {
        try (RawServer subject = RawServer.hostile(RawServer.Hostile.ENDLESS_STREAM)) {
            CommandRun run = CommandRun.of("", "check", subject.url("/events"), "--name", "endless", "--out", out.toString(),
                    "--timeout-ms", "3000", "--max-events", "500");
            assertEquals(0, run.exitCode(), run::describe);
            assertTrue(run.outText().contains("cut at the capture bound of 500 events"), run.outText());
        }
    }

    @Test
    @DisplayName("[KIT-012,KIT-004] --max-capture takes bytes as curl does (512K, 16M); anything else exits 2 naming it")
    void badMaxCaptureExits2() {
        for (String bad : List.of("0", "-1", "lots", "5X", "2G", "1.5M")) {
            CommandRun run = CommandRun.of("", "check", "http://127.0.0.1:1/", "--max-capture", bad);
            assertEquals(2, run.exitCode(), run::describe);
            assertTrue(run.err().startsWith("sse-kit check: ") && run.err().contains("--max-capture"), run::describe);
            assertTrue(!run.err().contains("\tat "), run::describe);
        }
        CommandRun events = CommandRun.of("", "check", "http://127.0.0.1:1/", "--max-events", "0");
        assertEquals(2, events.exitCode(), events::describe);
        assertTrue(events.err().contains("--max-events"), events::describe);
    }

    @Test
    @DisplayName("[KIT-012] check --help documents --max-capture and --max-events with their defaults")
    void helpDocumentsTheBound() {
        CommandRun run = CommandRun.of("", "check", "--help");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.outText().contains("--max-capture=BYTES") && run.outText().contains("default: 16M"), run::describe);
        assertTrue(run.outText().contains("--max-events=N") && run.outText().contains("default: 100000"), run::describe);
    }

    @Test
    @DisplayName("[KIT-014,AUTH-001] a 301 with HTML: status and Content-Type fail; every other generic case is not-run, saying why")
    void movedIsNotAnEventStream() throws IOException {
        try (RawServer subject = RawServer.hostile(RawServer.Hostile.MOVED_HTML)) {
            CommandRun run = CommandRun.of("", "check", subject.url("/events"), "--name", "moved", "--out", out.toString(),
                    "--timeout-ms", "1000");
            assertEquals(1, run.exitCode(), run::describe);
            String text = run.outText();
            assertTrue(text.contains("fail           [check/generic/status]"), text);
            assertTrue(text.contains("fail           [check/generic/content-type]"), text);
            for (String id : List.of("charset", "no-store", "parse", "utf-8", "flush", "retry", "ids", "resume", "heartbeat", "end")) {
                assertTrue(text.contains("not-run        [check/generic/" + id + "]"), () -> id + " is not not-run: " + text);
            }
            assertTrue(text.contains("the response is not an event stream: status 301, Content-Type text/html"), text);
            assertTrue(!text.contains("pass           [check/"), text);
        }
    }

    @Test
    @DisplayName("[PARSE-026,KIT-004] --event names the type the page listens for: a stream of another type fails, saying the page shows nothing")
    void eventTypeTheStreamDoesNotSend() throws IOException {
        String url = start("text/event-stream");
        CommandRun run = CommandRun.of("", "check", url, "--name", "typed", "--out", out.toString(), "--timeout-ms", "3000",
                "--event", "lol");
        assertEquals(1, run.exitCode(), run::describe);
        String text = run.outText();
        assertTrue(text.contains("fail           [check/generic/event-type]"), text);
        assertTrue(text.contains("addEventListener(\"lol\", ...) shows nothing"), text);
        CommandRun help = CommandRun.of("", "check", "--help");
        assertTrue(help.outText().contains("--event=TYPE") && help.outText().contains("--pace-ms=MS"), help::describe);
        CommandRun bad = CommandRun.of("", "check", url, "--pace-ms", "-5");
        assertEquals(2, bad.exitCode(), bad::describe);
    }
}
