package dev.ssekit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssekit.browser.Chromium;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** The built site in Chromium, served under /docs/ by a small static server on 127.0.0.1. */
class SiteBrowserIT {

    static final Path SITE = SiteIT.SITE;
    static final Path SHOTS = SITE.getParent().resolve("screenshots");
    static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "json",
            "application/json", "txt", "text/plain; charset=utf-8");

    /** Only with -Dsse.browser.required=true; a wide window, so the pages lay out as on a desk; 60 s for a page. */
    static final Chromium.Settings SETTINGS = new Chromium.Settings(Chromium.When.REQUIRED, "1400,1000",
            Duration.ofSeconds(60), Duration.ofSeconds(30), List.of("--hide-scrollbars", "--lang=en-US"));

    static HttpServer server;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        driver = Chromium.start(SETTINGS);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", SiteBrowserIT::serve);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/docs/";
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith("/docs/")) {
                ex.sendResponseHeaders(path.equals("/favicon.ico") ? 204 : 404, -1);
                return;
            }
            Path f = SITE.resolve(path.substring("/docs/".length())).normalize();
            if (Files.isDirectory(f)) {
                f = f.resolve("index.html");
            }
            if (!f.startsWith(SITE) || !Files.isRegularFile(f)) {
                byte[] msg = ("no such file: " + path).getBytes();
                ex.sendResponseHeaders(404, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            String name = f.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Test
    @DisplayName("[KIT-011,KIT-009] every page of the site loads in Chromium without a console error")
    void everyPageLoadsWithoutConsoleErrors() {
        List<String> errors = new ArrayList<>();
        List<Path> pages = SiteChecks.files(SITE, ".html");
        assertTrue(pages.size() > 100, "expected the whole site, found " + pages.size() + " pages in " + SITE);
        for (Path p : pages) {
            String rel = SITE.relativize(p).toString().replace('\\', '/');
            driver.get(base + rel);
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                // the playground's calls to the live servers' /api/ cannot succeed on this static server
                boolean liveApi = rel.startsWith("playground/") && e.getMessage().contains("/api/");
                if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !liveApi) {
                    errors.add(rel + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), errors, errors.size() + " console errors in " + pages.size() + " pages");
    }

    @Test
    @DisplayName("[KIT-010] the conformance matrix shows a column for every subject, and screenshots are taken")
    void matrixShowsEverySubject() throws IOException {
        Files.createDirectories(SHOTS);
        driver.get(base + "index.html");
        shot("index.png");
        driver.get(base + "compare/index.html");
        WebElement matrix = driver.findElement(By.cssSelector("table.matrix"));
        List<String> headers = matrix.findElements(By.cssSelector("thead th.subject")).stream()
                .map(h -> h.getText().split("\n")[0].trim()).toList();
        // ours (over HTTP/1.1, then over h2 and h2c, then with the feed on Redis), the browser and the tutorial first; then every framework subject
        // of subjects/, by name (this build's results or the committed reference copy's)
        List<String> frameworks;
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("sse.root", "..")).resolve("subjects"))) {
            frameworks = dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.getFileName().toString()).filter(n -> !n.equals("express-tutorial")).sorted().toList();
        }
        List<String> want = new ArrayList<>(List.of("protocol", "undertow", "vertx", "undertow-h2", "undertow-h2c",
                "vertx-h2", "vertx-h2c", "undertow-redis", "vertx-redis", "chromium", "express-tutorial"));
        want.addAll(frameworks);
        assertTrue(frameworks.size() >= 8, frameworks::toString);
        assertEquals(want, headers);
        shot("compare-index.png");
        // the Autobahn-style case rows of a requirement open on click
        WebElement toggle = driver.findElement(By.cssSelector("button[data-toggle='main-PARSE-002']"));
        List<WebElement> caseRows = driver.findElements(By.cssSelector("tr[data-case-of='main-PARSE-002']"));
        assertTrue(!caseRows.isEmpty() && caseRows.stream().noneMatch(WebElement::isDisplayed), "case rows start hidden");
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", toggle);
        toggle.click();
        assertTrue(caseRows.stream().allMatch(WebElement::isDisplayed), "case rows show after a click");
        shot("compare-cases.png");
        driver.get(base + "compare/bench.html");
        assertTrue(driver.findElements(By.cssSelector("figure.chart svg, .notrun")).size() > 0, "bench page has neither charts nor a not-run note");
        shot("compare-bench.png");
        driver.get(base + "reference/vectors/index.html");
        WebElement filter = driver.findElement(By.id("vector-filter"));
        filter.sendKeys("PARSE-002");
        String count = driver.findElement(By.id("vector-count")).getText();
        assertTrue(count.matches("\\d+ of \\d+ shown") && !count.startsWith("0 "), "the vector filter shows: " + count);
        shot("vectors.png");
        driver.get(base + "reference/requirements/PARSE-004.html");
        shot("requirement.png");
        if (Files.isRegularFile(SITE.resolve("learn/wire-format.html"))) {
            driver.get(base + "learn/wire-format.html");
            shot("learn-wire-format.png");
        }
    }

    private static void shot(String name) throws IOException {
        Path tmp = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(tmp, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
