package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's main command, as a user runs it: the packaged jar, a real port, a real stream, then SIGTERM. */
class ServeCommandIT {

    private static final Pattern URL = Pattern.compile("(undertow|vertx)\\s+(http://\\S+)/\\s");

    @Test
    @DisplayName("[API-001,API-006] sse-kit serve --server both prints its URLs, streams at once, and stops on SIGTERM")
    void serveBothStreamsAndStops() throws Exception {
        Path jar = Path.of("target", "sse-kit.jar");
        assertTrue(Files.exists(jar), "the packaged jar is missing: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--server", "both", "--port", "0",
                "--interval", "0").redirectErrorStream(true).start();
        try {
            List<String> bases = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; bases.size() < 2 && (line = out.readLine()) != null; ) {
                Matcher m = URL.matcher(line + " ");
                if (m.find()) {
                    bases.add(m.group(2));
                }
            }
            assertEquals(2, bases.size(), "serve printed no URL for both servers");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String base : bases) {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/sse?doc=probe&interval=0"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode(), base);
                List<ParsedEvent> events = new ArrayList<>();
                EventStreamParser parser = new EventStreamParser(events::add);
                try (InputStream body = r.body()) {
                    parser.feed(body.readAllBytes());
                    parser.end();
                }
                StringBuilder text = new StringBuilder();
                events.stream().filter(e -> e.type().equals("lol")).forEach(e -> text.append(e.data()));
                assertEquals("A\n 中😀👨\u200d👧", text.toString(), base);
                assertEquals("done", events.get(events.size() - 1).type(), base);
            }
        } finally {
            p.destroy();
            boolean exited = p.waitFor(15, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertTrue(exited, "sse-kit serve did not stop within 15 s of SIGTERM");
        }
    }

    @Test
    @DisplayName("[KIT-006,KIT-007,API-028,API-029] sse-kit serve runs both servers by default, each naming the other, and serves the docs root found from sse.kit.home at /docs/")
    void serveDefaultsToBothWithDocs(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
        Path site = Files.createDirectories(home.resolve("docs/target/site/playground"));
        Files.writeString(site.resolve("index.html"), "<title>playground</title>");
        Path jar = Path.of("target", "sse-kit.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dsse.kit.home=" + home, "-jar", jar.toString(), "serve", "--port", "0")
                .redirectErrorStream(true).start();
        try {
            List<String> bases = new ArrayList<>();
            String docsLine = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; docsLine == null && (line = out.readLine()) != null; ) {
                Matcher m = URL.matcher(line + " ");
                if (m.find()) {
                    bases.add(m.group(1) + " " + m.group(2));
                }
                if (line.startsWith("docs ")) {
                    docsLine = line;
                }
            }
            assertEquals(2, bases.size(), "[KIT-007] both servers by default: " + bases);
            assertTrue(bases.get(0).startsWith("undertow ") && bases.get(1).startsWith("vertx "), bases::toString);
            String undertow = bases.get(0).substring("undertow ".length());
            assertTrue(docsLine != null && docsLine.contains(undertow + "/docs/playground/"), "[KIT-006] " + docsLine);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String b : bases) {
                String base = b.substring(b.indexOf(' ') + 1);
                HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/docs/playground/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), base);
                assertEquals("<title>playground</title>", page.body());
                HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create(base + "/api/info"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                String other = bases.get(b == bases.get(0) ? 1 : 0);
                String otherPort = other.substring(other.lastIndexOf(':') + 1);
                assertTrue(info.body().contains("\"implementation\":\"" + b.substring(0, b.indexOf(' ')) + "\"")
                        && info.body().contains("\"port\":" + otherPort + "}"), "[API-029] " + info.body());
            }
        } finally {
            p.destroy();
            boolean exited = p.waitFor(15, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertTrue(exited, "sse-kit serve did not stop within 15 s of SIGTERM");
        }
    }

    @Test
    @DisplayName("[KIT-007,API-001] sse-kit serve --server vertx runs that provider's server alone, on PORT")
    void serveOneNamedServer() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process p = startJar("serve", "--server", "vertx", "--port", String.valueOf(port), "--interval", "0");
        try {
            List<String> lines = linesUntil(p, "Ctrl-C stops.");
            List<String> named = lines.stream().map(l -> URL.matcher(l + " ")).filter(Matcher::find)
                    .map(m -> m.group(1) + " " + m.group(2)).toList();
            assertEquals(List.of("vertx http://127.0.0.1:" + port), named, () -> String.join("\n", lines));
            HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/info")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(info.body().contains("\"implementation\":\"vertx\"") && !info.body().contains("undertow"), info.body());
        } finally {
            stop(p);
        }
    }

    @Test
    @DisplayName("[AUTH-001,API-001] the packaged jar's check passes against the packaged jar's servers, each of them")
    void packagedCheckPassesAgainstPackagedServers() throws Exception {
        Process p = startJar("serve", "--port", "0", "--interval", "0");
        try {
            List<String> lines = linesUntil(p, "Ctrl-C stops.");
            List<Matcher> servers = lines.stream().map(l -> URL.matcher(l + " ")).filter(Matcher::find).toList();
            assertEquals(2, servers.size(), () -> String.join("\n", lines));
            for (Matcher m : servers) {
                Path log = Path.of("target", "jar-check-" + m.group(1) + ".log");
                Process check = new ProcessBuilder(java(), "-jar", JAR.toString(), "check", m.group(2) + "/api/sse", "--name",
                        "jar-check-" + m.group(1), "--out", "target/jar-check").redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                boolean done = check.waitFor(3, TimeUnit.MINUTES);
                if (!done) {
                    check.destroyForcibly();
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                assertTrue(done && check.exitValue() == 0, m.group(1) + ": " + out);
                assertTrue(out.contains(" pass, 0 fail, "), m.group(1) + ": " + out);
            }
        } finally {
            stop(p);
        }
    }

    @Test
    @DisplayName("[KIT-017,KIT-018,H2-001,H2-002,H2-003,H2-004] the packaged jar serves --tls with its own certificate, and its check speaks h2 to each server")
    void packagedTlsServeSpeaksH2() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "sse-kit-data-");
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "serve", "--tls", "--port", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SSE_KIT_DATA", data.toAbsolutePath().toString()); // never the user's own folder
        Process p = pb.start();
        try {
            List<String> lines = linesUntil(p, "Ctrl-C stops.");
            Pattern https = Pattern.compile("(undertow|vertx)\\s+(https://\\S+)/\\s");
            List<Matcher> servers = lines.stream().map(l -> https.matcher(l + " ")).filter(Matcher::find).toList();
            assertEquals(2, servers.size(), () -> String.join("\n", lines));
            Path pem = data.resolve("localhost.pem");
            assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----"), () -> String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("--ignore-certificate-errors-spki-list=")), () -> String.join("\n", lines));
            for (Matcher m : servers) {
                Path log = Path.of("target", "jar-check-h2-" + m.group(1) + ".log");
                Process check = new ProcessBuilder(java(), "-jar", JAR.toString(), "check", m.group(2) + "/api/sse",
                        "--cacert", pem.toString(), "--run", "check/(generic|h2)/", "--name", "jar-check-h2-" + m.group(1),
                        "--out", "target/jar-check").redirectErrorStream(true).redirectOutput(log.toFile()).start();
                boolean done = check.waitFor(3, TimeUnit.MINUTES);
                if (!done) {
                    check.destroyForcibly();
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                assertTrue(done && check.exitValue() == 0, m.group(1) + ": " + out);
                assertTrue(out.contains("  protocol: h2\n"), m.group(1) + ": " + out);
                assertTrue(out.contains("pass           [check/h2/reset-stream]"), m.group(1) + ": " + out);
                assertTrue(out.contains(" pass, 0 fail, "), m.group(1) + ": " + out);
            }
        } finally {
            stop(p);
        }
    }

    private static final Path JAR = Path.of("target", "sse-kit.jar");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process startJar(String... args) throws IOException {
        assertTrue(Files.exists(JAR), "the packaged jar is missing: " + JAR.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The process's output lines up to and including {@code last} (or its end). */
    private static List<String> linesUntil(Process p, String last) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
            if (line.equals(last)) {
                break;
            }
        }
        return lines;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        boolean exited = p.waitFor(15, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "sse-kit serve did not stop within 15 s of SIGTERM");
    }
}
