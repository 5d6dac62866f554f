package dev.ssekit.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import dev.ssekit.server.vertx.VertxSseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The docs site's live playground (docs/src/playground) in Chromium, served at /docs/playground/ by a real Undertow
 * server next to a real Vert.x server, as {@code sse-kit serve} runs them: a text streams through each server
 * exactly, the raw view shows the wire bytes, Reconnect resumes with Last-Event-ID, and the console stays clean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The page's prefilled text: a newline, lone spaces, CJK, an emoji and a ZWJ family. */
    private static final String SAMPLE = "Hi SSE!\n 你好，世界 🙂👨\u200d👩\u200d👧";

    private ChromeDriver driver;
    private Path site;
    private SseServer undertow;
    private SseServer vertx;
    /** Set by a test that cuts chunked responses on purpose: Chromium reports each cut in the console. */
    private boolean cutsExpected;

    static Path playgroundSource() {
        Path root = Path.of(System.getProperty("sse.root", "..").isBlank() ? ".." : System.getProperty("sse.root", ".."));
        Path src = root.resolve("docs/src/playground");
        return Files.isDirectory(src) ? src : Path.of("..", "docs", "src", "playground");
    }

    /** A docs root holding playground/ copied from docs/src/playground, as the site build does. */
    static Path siteWithPlayground() throws IOException {
        Path dir = Files.createTempDirectory("sse-kit-site");
        Path to = Files.createDirectories(dir.resolve("playground"));
        try (Stream<Path> files = Files.list(playgroundSource())) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Both servers on free ports with the docs root, each announcing both, as sse-kit serve does. */
    static List<SseServer> startBoth(Path docsRoot) {
        SseServerConfig config = SseServerConfig.defaults().withPort(0).withRetryMs(300).withDocsRoot(docsRoot);
        List<SseServer> servers = new ArrayList<>();
        servers.add(UndertowSseServer.start(config));
        try {
            servers.add(VertxSseServer.start(config));
        } catch (RuntimeException e) {
            servers.get(0).close();
            throw e;
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        servers.forEach(s -> ports.put(s.name(), s.port()));
        servers.forEach(s -> s.announce(ports));
        return servers;
    }

    @BeforeAll
    void startAll() throws IOException {
        driver = Chromium.start();
        site = siteWithPlayground();
        List<SseServer> both = startBoth(site);
        undertow = both.get(0);
        vertx = both.get(1);
    }

    @AfterAll
    void stopAll() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (undertow != null) {
            undertow.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        deleteTree(site);
    }

    /** API-026: nothing the page did may reach the browser's console as an error. */
    @AfterEach
    void consoleIsClean() {
        if (driver == null) {
            return;
        }
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            boolean deliberateCut = cutsExpected && e.getMessage().contains("&dropAfter=")
                    && e.getMessage().contains("net::ERR_INCOMPLETE_CHUNKED_ENCODING");
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !deliberateCut) {
                severe.add(e.getMessage());
            }
        }
        driver.get("about:blank");
        cutsExpected = false;
        assertTrue(severe.isEmpty(), () -> "console errors: " + severe);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String text(String id) {
        return (String) js("return document.getElementById(arguments[0]).textContent;", id);
    }

    private void openPlayground(SseServer on) {
        driver.get(on.baseUrl() + "/docs/playground/");
        new WebDriverWait(driver, WAIT).withMessage("the playground found its servers via /api/info")
                .until(d -> d.findElement(By.id("start")).isEnabled());
    }

    /** Selects the server of this name, sets the interval (and the EventSource cut), and starts. */
    private void stream(String server, int intervalMs, String drop) {
        Select select = new Select(driver.findElement(By.id("server")));
        boolean found = false;
        for (WebElement o : select.getOptions()) {
            if (server.equals(o.getAttribute("data-name"))) {
                select.selectByVisibleText(o.getText());
                found = true;
            }
        }
        assertTrue(found, "the server list offers " + server);
        js("document.getElementById('interval').value = arguments[0];"
                + "document.getElementById('drop').value = arguments[1];", String.valueOf(intervalMs), drop);
        driver.findElement(By.id("start")).click();
    }

    private void awaitDone(String panel) {
        new WebDriverWait(driver, WAIT).withMessage(() -> panel + " finished; status: " + text("status"))
                .until(d -> "true".equals(d.findElement(By.id(panel)).getAttribute("data-done")));
    }

    private static String ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(Integer.toString(i));
        }
        return String.join(" ", out);
    }

    @Test
    @DisplayName("[API-026,API-028,API-029,API-008] the playground streams its text through Undertow and Vert.x exactly, raw bytes and EventSource alike")
    void streamsThroughBothServers() throws IOException {
        openPlayground(undertow);
        assertEquals(SAMPLE, js("return document.getElementById('input').value;"), "the prefilled text");
        int n = SAMPLE.codePointCount(0, SAMPLE.length());
        for (SseServer s : List.of(undertow, vertx)) {
            long before = s.stats().eventsSent();
            stream(s.name(), 0, "");
            awaitDone("raw-panel");
            awaitDone("es-panel");
            assertEquals(SAMPLE, text("es-text"), s.name() + ": EventSource's reassembled text");
            assertEquals(SAMPLE, text("raw-text"), s.name() + ": the raw stream's text");
            assertEquals(ids(1, n + 1), text("raw-ids"), s.name() + ": ids 1..N, then done");
            String raw = text("raw");
            assertTrue(raw.contains("retry: 300↵\n") && raw.contains("id: 1↵\nevent: lol↵\ndata: H↵\n"),
                    s.name() + ": the wire bytes, LF shown as ↵: " + raw);
            assertTrue(raw.contains("data:↵\ndata:↵\n"), s.name() + ": the newline piece as two empty data lines");
            assertTrue(Long.parseLong(text("raw-bytes")) > n * 20L, s.name() + ": a byte count");
            assertEquals(n + 1, ((Number) js("return document.querySelectorAll('#es-events tr').length;")).intValue());
            assertTrue(text("url").contains(":" + s.port() + "/api/sse?text="), s.name() + ": " + text("url"));
            assertTrue(s.stats().eventsSent() >= before + 2L * (n + 1), s.name() + " served both views");
            assertTrue(text("es-log").contains("readyState 1 OPEN") && text("es-log").contains("readyState 2 CLOSED"),
                    "readyState changes are shown: " + text("es-log"));
        }
        Files.createDirectories(Path.of("target"));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "playground-it.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @DisplayName("[API-011,API-026,PROC-024] Reconnect drops the raw stream mid-way and resumes it with Last-Event-ID on both servers: ids continue, nothing lost or repeated")
    void reconnectResumes() {
        openPlayground(vertx);
        int n = SAMPLE.codePointCount(0, SAMPLE.length());
        for (SseServer s : List.of(undertow, vertx)) {
            stream(s.name(), 150, "");
            new WebDriverWait(driver, WAIT).until(d -> text("raw-ids").split(" ").length >= 3);
            driver.findElement(By.id("reconnect")).click();
            awaitDone("raw-panel");
            assertEquals(ids(1, n + 1), text("raw-ids"), s.name() + ": ids continue after the reconnect");
            assertEquals(SAMPLE, text("raw-text"), s.name() + ": nothing lost or repeated");
            assertEquals("2", text("raw-conns"));
            assertTrue(text("raw").matches("(?s).*Last-Event-ID: [1-9][0-9]*.*"), s.name() + ": the header is shown");
            awaitDone("es-panel");
            assertEquals(SAMPLE, text("es-text"));
        }
    }

    @Test
    @DisplayName("[API-018,API-011,PROC-015] with a dropAfter cut the browser's EventSource reconnects by itself with Last-Event-ID and spells the text exactly")
    void eventSourceResumesAfterCuts() {
        // Vert.x frames the stream in chunks, so the cut leaves the last chunk unterminated and Chromium logs
        // net::ERR_INCOMPLETE_CHUNKED_ENCODING for it; that entry, and only for the dropAfter URL, is the cut itself.
        cutsExpected = true;
        openPlayground(undertow);
        int n = SAMPLE.codePointCount(0, SAMPLE.length());
        for (SseServer s : List.of(undertow, vertx)) {
            stream(s.name(), 0, "7");
            awaitDone("es-panel");
            assertEquals(SAMPLE, text("es-text"), s.name());
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) js("return Array.from(document.querySelectorAll('#es-events tr td:first-child'))"
                    + ".map(function (td) { return td.textContent; });");
            assertEquals(ids(1, n + 1), String.join(" ", ids), s.name() + ": every id once, in order");
            assertTrue(text("es-log").contains("reconnects with Last-Event-ID 7"), text("es-log"));
        }
    }

    @Test
    @DisplayName("[API-028] opened from file:// the playground says what to run instead of failing")
    void fileUrlSaysWhatToRun() {
        driver.get(site.resolve("playground/index.html").toUri().toString());
        WebElement notice = driver.findElement(By.id("offline"));
        assertTrue(notice.isDisplayed());
        assertTrue(notice.getText().contains("./sse-kit serve") && notice.getText().contains("./mvnw verify"),
                notice.getText());
        assertFalse(driver.findElement(By.id("start")).isEnabled());
    }
}
