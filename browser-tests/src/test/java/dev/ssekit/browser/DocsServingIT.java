package dev.ssekit.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.conformance.http.ResponseCapture;
import dev.ssekit.conformance.http.ResponseHead;
import dev.ssekit.server.SseServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /docs/ serving, /api/info and the text parameter over real HTTP on both servers, with raw request lines (no client
 * normalises the path first). No browser: these run wherever the servers run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsServingIT {

    private Path site;
    private List<SseServer> servers;

    @BeforeAll
    void start() throws IOException {
        site = PlaygroundIT.siteWithPlayground();
        Files.writeString(site.getParent().resolve(site.getFileName() + "-secret.txt"), "SECRET");
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        servers = PlaygroundIT.startBoth(site);
    }

    @AfterAll
    void stop() throws IOException {
        if (servers != null) {
            servers.forEach(SseServer::close);
        }
        if (site != null) {
            Files.deleteIfExists(site.getParent().resolve(site.getFileName() + "-secret.txt"));
            PlaygroundIT.deleteTree(site);
        }
    }

    /** A response read through the kit's response decoder; {@code head} is its head as sent, for messages. */
    record Reply(int status, String head, ResponseHead fields, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return fields == null ? null : fields.header(name);
        }
    }

    /** One request with the target exactly as given, read until the server closes. */
    static Reply send(SseServer s, String method, String target) throws IOException {
        try (Socket socket = new Socket(s.host(), s.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + s.host() + ":" + s.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] wire = socket.getInputStream().readAllBytes();
            ResponseCapture c = ResponseCapture.decode(wire, true, List.of(method));
            if (c.responses().isEmpty()) {
                return new Reply(-1, new String(wire, StandardCharsets.ISO_8859_1), null, new byte[0]);
            }
            ResponseCapture.Response r = c.responses().get(0);
            String head = new String(wire, 0, c.heads().get(0).size(), StandardCharsets.ISO_8859_1).stripTrailing();
            return new Reply(r.status(), head, r.head(), r.body());
        }
    }

    @DisplayName("[API-028] a /docs path that could leave the root is refused on both servers, never answered with the file outside")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/docs/../%s",
        "/docs/playground/../../%s",
        "/docs/%%2e%%2e/%s",
        "/docs/%%2E%%2E/%s",
        "/docs/.%%2e/%s",
        "/docs/playground/%%2e%%2e%%2f%%2e%%2e%%2f%s",
        "/docs/..%%5c%s",
        "/docs/..\\%s",
        "/docs//tmp/%s",
        "/docs/%%2ftmp%%2f%s",
        "/docs/C:/%s",
    })
    void traversalIsRefused(String pattern) throws IOException {
        String target = String.format(Locale.ROOT, pattern, site.getFileName() + "-secret.txt");
        for (SseServer s : servers) {
            Reply r = send(s, "GET", target);
            assertTrue(r.status() == 400 || r.status() == 404, s.name() + " " + target + ": " + r.head());
            assertFalse(r.text().contains("SECRET"), s.name() + " " + target);
            if (r.status() == 400 && r.header("Content-Type") != null
                    && r.header("Content-Type").startsWith("text/plain")) {
                // Undertow's request gate refuses a raw backslash in any target before the docs route sees it.
                assertTrue(r.text().contains("docs path") || r.text().contains("request target")
                        || r.text().isEmpty() || r.text().contains("400"),
                        s.name() + ": the reason names the docs path or the request target: " + r.text());
            }
        }
    }

    @DisplayName("[API-028,API-029,API-027] both servers serve the docs, redirect /docs, answer HEAD without a body, /api/info, and a 4096-code-point text")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"undertow", "vertx"})
    void servesTheSite(String name) throws IOException {
        SseServer s = servers.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Reply page = send(s, "GET", "/docs/playground/");
        assertEquals(200, page.status(), page.head());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertEquals("no-cache", page.header("Cache-Control"));
        assertEquals(Files.readString(site.resolve("playground/index.html")), page.text());
        Reply js = send(s, "GET", "/docs/playground/playground.js");
        assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
        assertEquals("text/css; charset=utf-8", send(s, "GET", "/docs/playground/playground.css").header("Content-Type"));

        Reply head = send(s, "HEAD", "/docs/playground/");
        assertEquals(200, head.status());
        assertEquals("text/html; charset=utf-8", head.header("Content-Type"));
        assertEquals(0, head.body().length, "HEAD has no body");

        for (String m : new String[] {"GET", "HEAD"}) {
            Reply moved = send(s, m, "/docs");
            assertEquals(301, moved.status());
            assertEquals("/docs/", moved.header("Location"));
        }
        assertEquals("/docs/playground/", send(s, "GET", "/docs/playground").header("Location"));
        assertEquals(404, send(s, "GET", "/docs/nope.html").status());

        Reply info = send(s, "GET", "/api/info");
        assertEquals(200, info.status());
        assertEquals("application/json", info.header("Content-Type"));
        assertTrue(info.text().startsWith("{\"implementation\":\"" + name + "\",\"servers\":[{\"name\":\"undertow\",\"port\":"
                + servers.get(0).port() + "},{\"name\":\"vertx\",\"port\":" + servers.get(1).port() + "}]"), info.text());

        String longest = "😀".repeat(4096); // 48 KiB of request line once percent-encoded
        Reply stream = send(s, "GET", "/api/sse?interval=0&text=" + URLEncoder.encode(longest, StandardCharsets.UTF_8));
        assertEquals(200, stream.status(), stream.head());
        String body = stream.text();
        assertTrue(body.contains("id: 4096\nevent: lol\ndata: 😀\n\nid: 4097\nevent: done\ndata:\n\n"), name);
        Reply over = send(s, "GET", "/api/sse?interval=0&text=" + URLEncoder.encode(longest + "x", StandardCharsets.UTF_8));
        assertEquals(400, over.status());
        assertTrue(over.text().contains("\"text\" has 4097 code points"), over.text());
    }
}
