package dev.ssekit.server;

import static dev.ssekit.server.Harness.body;
import static dev.ssekit.server.Harness.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.internal.DocsFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /docs/}: the docs site's files and nothing else (API-028); {@code /api/info} (API-029). */
class DocsAndInfoTest {

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void site() throws IOException {
        root = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("playground"));
        Files.writeString(root.resolve("playground/index.html"), "<h1>playground</h1>");
        Files.writeString(root.resolve("playground/playground.js"), "console.log('中');");
        Files.writeString(root.resolve("playground/playground.css"), "body{}");
        Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(root.resolve("chart.svg"), "<svg/>");
        Files.writeString(root.resolve("data.json"), "{}");
        Files.writeString(root.resolve("font.woff2"), "w");
        Files.writeString(root.resolve("notes.txt"), "n");
        Files.writeString(root.resolve("blob.bin"), "b");
        Files.writeString(root.resolve("a b.html"), "spaced");
        Files.writeString(tmp.resolve("secret.txt"), "SECRET");
    }

    private Harness harness() {
        return new Harness(SseServerConfig.defaults().withDocsRoot(root));
    }

    @DisplayName("[API-028] files below the root are served with the Content-Type of their extension, no-cache and nosniff")
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/docs/|text/html; charset=utf-8|<h1>home</h1>",
        "/docs/index.html|text/html; charset=utf-8|<h1>home</h1>",
        "/docs/playground/|text/html; charset=utf-8|<h1>playground</h1>",
        "/docs/playground/playground.js|text/javascript; charset=utf-8|console.log('中');",
        "/docs/playground/playground.css|text/css; charset=utf-8|body{}",
        "/docs/chart.svg|image/svg+xml|<svg/>",
        "/docs/data.json|application/json|{}",
        "/docs/font.woff2|font/woff2|w",
        "/docs/notes.txt|text/plain; charset=utf-8|n",
        "/docs/blob.bin|application/octet-stream|b",
        "/docs/a%20b.html|text/html; charset=utf-8|spaced",
        "/docs/index.html?v=1|text/html; charset=utf-8|<h1>home</h1>",
    })
    void servesFiles(String target, String type, String content) {
        try (Harness h = harness()) {
            SseResponse r = h.get(target);
            assertEquals(200, r.status(), () -> body(r));
            assertEquals(type, header(r, "Content-Type"));
            assertEquals("no-cache", header(r, "Cache-Control"));
            assertEquals("nosniff", header(r, "X-Content-Type-Options"));
            assertEquals(content, body(r));
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        }
    }

    @Test
    @DisplayName("[API-028] a PNG is served byte for byte; HEAD answers like GET; OPTIONS is a preflight; POST is 405")
    void methods() {
        try (Harness h = harness()) {
            SseResponse png = h.get("/docs/logo.png");
            assertEquals("image/png", header(png, "Content-Type"));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Harness.bytes(png));
            SseResponse head = h.request("HEAD", "/docs/playground/", null);
            assertEquals(200, head.status());
            assertEquals("text/html; charset=utf-8", header(head, "Content-Type"));
            assertEquals(204, h.request("OPTIONS", "/docs/x", null).status());
            SseResponse post = h.post("/docs/index.html", "x");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD, OPTIONS", header(post, "Allow"));
        }
    }

    @Test
    @DisplayName("[API-028] /docs and a directory without its slash redirect with 301 to the slashed path")
    void redirects() {
        try (Harness h = harness()) {
            for (String method : new String[] {"GET", "HEAD"}) {
                SseResponse r = h.request(method, "/docs", null);
                assertEquals(301, r.status());
                assertEquals("/docs/", header(r, "Location"));
            }
            SseResponse dir = h.get("/docs/playground");
            assertEquals(301, dir.status());
            assertEquals("/docs/playground/", header(dir, "Location"));
        }
    }

    @DisplayName("[API-028] a path that could leave the root gets 400 naming the problem, and never the file outside")
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/docs/../secret.txt|..",
        "/docs/playground/../../secret.txt|..",
        "/docs/%2e%2e/secret.txt|..",
        "/docs/%2E%2E/secret.txt|..",
        "/docs/.%2e/secret.txt|..",
        "/docs/playground/%2e%2e%2f%2e%2e%2fsecret.txt|..",
        "/docs/./index.html|\".\"",
        "/docs/..\\secret.txt|backslash",
        "/docs/%5c..%5csecret.txt|backslash",
        "/docs/%5C..%5Csecret.txt|backslash",
        "/docs//etc/passwd|absolute",
        "/docs/%2fetc%2fpasswd|absolute",
        "/docs/C:/Windows/win.ini|colon",
        "/docs/index.html%00.txt|NUL",
        "/docs/%zz|percent-encoding",
        "/docs/%C0%AE%C0%AE/secret.txt|UTF-8",
    })
    void traversalIsRefused(String target, String mention) {
        try (Harness h = harness()) {
            SseResponse r = h.get(target);
            assertEquals(400, r.status(), () -> body(r));
            assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"));
            assertTrue(body(r).contains(mention), body(r));
            assertFalse(body(r).contains("SECRET"));
        }
    }

    @Test
    @DisplayName("[API-028] a missing file is 404; a symbolic link that leads outside the root is 404, never its target")
    void missingAndLinks() throws IOException {
        try (Harness h = harness()) {
            SseResponse r = h.get("/docs/nope.html");
            assertEquals(404, r.status());
            assertTrue(body(r).contains("nope.html"), body(r));
            assertEquals(404, h.get("/docs/index.html/").status(), "a file is not a directory");
            Path link = root.resolve("leak.txt");
            try {
                Files.createSymbolicLink(link, tmp.resolve("secret.txt"));
            } catch (UnsupportedOperationException | IOException e) {
                return; // no symbolic links here: nothing more to check
            }
            SseResponse leak = h.get("/docs/leak.txt");
            assertEquals(404, leak.status());
            assertFalse(body(leak).contains("SECRET"));
            Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("notes.txt"));
            assertEquals("n", body(h.get("/docs/inside.txt")), "a link within the root is fine");
        }
    }

    @Test
    @DisplayName("[API-028] a file over 8 MiB answers 500 naming the limit")
    void largeFileIsRefused() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            f.setLength(DocsFiles.MAX_FILE_BYTES + 1L);
        }
        Files.write(root.resolve("max.bin"), new byte[DocsFiles.MAX_FILE_BYTES]);
        try (Harness h = harness()) {
            SseResponse r = h.get("/docs/big.bin");
            assertEquals(500, r.status());
            assertTrue(body(r).contains(Integer.toString(DocsFiles.MAX_FILE_BYTES)), body(r));
            assertEquals(DocsFiles.MAX_FILE_BYTES, ((SseResponse.File) h.get("/docs/max.bin")).length());
        }
    }

    @Test
    @DisplayName("[API-028] without a docs root, or with one that does not exist, /docs/ is 404 saying how to build the site")
    void noSite() {
        for (SseServerConfig c : new SseServerConfig[] {SseServerConfig.defaults(),
                SseServerConfig.defaults().withDocsRoot(tmp.resolve("not-built"))}) {
            try (Harness h = new Harness(c)) {
                for (String target : new String[] {"/docs/", "/docs/playground/"}) {
                    SseResponse r = h.get(target);
                    assertEquals(404, r.status());
                    assertTrue(body(r).contains("./mvnw verify") && body(r).contains("--docs"), body(r));
                }
                assertEquals(301, h.get("/docs").status());
            }
        }
    }

    @Test
    @DisplayName("[API-029] /api/info is JSON naming this server, its neighbours' ports, whether docs are served and the text limit")
    void info() {
        try (Harness h = harness()) {
            SseResponse before = h.get("/api/info");
            assertEquals(200, before.status());
            assertEquals("application/json", header(before, "Content-Type"));
            assertEquals("{\"implementation\":null,\"servers\":[],\"docs\":true,\"textLimit\":4096}", body(before));
            Map<String, Integer> servers = new LinkedHashMap<>();
            servers.put("undertow", 3000);
            servers.put("vertx", 3001);
            h.core.announce("vertx", servers);
            assertEquals("{\"implementation\":\"vertx\",\"servers\":[{\"name\":\"undertow\",\"port\":3000},"
                    + "{\"name\":\"vertx\",\"port\":3001}],\"docs\":true,\"textLimit\":4096}", body(h.get("/api/info")));
            assertEquals(204, h.request("OPTIONS", "/api/info", null).status());
            assertThrows(IllegalArgumentException.class, () -> h.core.announce("a\"b", Map.of()));
            assertThrows(IllegalArgumentException.class, () -> h.core.announce("x", Map.of("y", 0)));
        }
        try (Harness h = new Harness()) {
            assertTrue(body(h.get("/api/info")).contains("\"docs\":false"));
        }
    }

    @Test
    @DisplayName("[API-028] Content-Type by extension is case-insensitive and unknown extensions are octet-stream")
    void contentTypes() {
        assertEquals("text/html; charset=utf-8", DocsFiles.contentType("A.HTML"));
        assertEquals("font/woff2", DocsFiles.contentType("x.woff2"));
        assertEquals("application/octet-stream", DocsFiles.contentType("Makefile"));
        assertEquals("application/octet-stream", DocsFiles.contentType("x.exe"));
    }
}
