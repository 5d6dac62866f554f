package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultsFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sse-kit client-service serves the Java client in the protocol; client-check drives it; DELETE / stops it. */
class ClientServiceCommandTest {

    @Test
    @DisplayName("[KIT-015,PROC-017] client-check drives the Java client through client-service, which stops on DELETE /")
    void checkThroughTheService(@TempDir Path out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        int p = port;
        CompletableFuture<CommandRun> service = CompletableFuture.supplyAsync(
                () -> CommandRun.of("", "client-service", "--port", Integer.toString(p)));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .body().contains("last-event-id")) {
                    break;
                }
            } catch (java.io.IOException e) {
                assertTrue(System.nanoTime() < deadline, "client-service did not start: " + e);
                Thread.sleep(100);
            }
        }
        CommandRun check = CommandRun.of("", "client-check", url, "--name", "java", "--out", out.toString(),
                "--run", "client/last-event-id/(sent-as-utf8|cleared-by-empty-id)$");
        assertEquals(0, check.exitCode(), check.err() + check.outText());
        ResultsFile r = ResultsFile.read(out.resolve("client-java.json"));
        assertEquals(2, r.count(Outcome.PASS), r.entries().toString());

        assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        CommandRun stopped = service.get(20, TimeUnit.SECONDS);
        assertEquals(0, stopped.exitCode(), stopped.err());
        assertTrue(stopped.outText().contains("listening on " + url), stopped.outText());
        assertTrue(Files.exists(out.resolve("client-java.json")));
    }

    @Test
    @DisplayName("[KIT-015,PROC-017] client-check --http2 drives the Java client over h2 through client-service --trust --http 2")
    void checkOverHttp2(@TempDir Path out) throws Exception {
        dev.ssekit.server.ServerTls tls = dev.ssekit.server.ServerTls.selfSigned(out.resolve("tls"));
        Path pem = Files.writeString(out.resolve("trust.pem"), tls.certificatePem());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        int p = port;
        CompletableFuture<CommandRun> service = CompletableFuture.supplyAsync(() -> CommandRun.of("", "client-service",
                "--port", Integer.toString(p), "--trust", pem.toString(), "--http", "2"));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                break;
            } catch (java.io.IOException e) {
                assertTrue(System.nanoTime() < deadline, "client-service did not start: " + e);
                Thread.sleep(100);
            }
        }
        try {
            CommandRun check = CommandRun.of("", "client-check", url, "--name", "java-h2", "--out", out.toString(), "--http2",
                    "--keystore", tls.keystore().toString(), "--storepass", tls.password(),
                    "--run", "client/last-event-id/(sent-as-utf8|cleared-by-empty-id)$");
            assertEquals(0, check.exitCode(), check.err() + check.outText());
            assertTrue(check.outText().contains("over h2"), check.outText());
            ResultsFile r = ResultsFile.read(out.resolve("client-java-h2.json"));
            assertEquals(2, r.count(Outcome.PASS), r.entries().toString());
            assertEquals("h2", r.meta().get("protocol"));
            assertEquals(tls.certificatePem(), Files.readString(out.resolve("client-check-trust.pem")));
        } finally {
            http.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            service.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("[KIT-004] client-service refuses a bad port and a taken one with exit 2 and a one-line reason")
    void badPort() throws Exception {
        CommandRun bad = CommandRun.of("", "client-service", "--port", "70000");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--port must be 0..65535"), bad.err());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandRun busy = CommandRun.of("", "client-service", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, busy.exitCode(), busy.err());
            assertTrue(busy.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err());
        }
    }
}
