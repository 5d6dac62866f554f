package dev.ssekit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.ParsedEvent;
import java.io.BufferedReader;
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
}
