package dev.ssekit.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ssekit.server.ServerTls;
import dev.ssekit.server.SseServer;
import dev.ssekit.server.SseServerConfig;
import dev.ssekit.server.undertow.UndertowSseServer;
import dev.ssekit.server.vertx.VertxSseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser's connection limit, shown in Chromium: twenty EventSources to one origin over HTTP/2 all open and
 * receive events on one connection, while over HTTP/1.1 (the same server and certificate, Chromium started with
 * {@code --disable-http2}) six open and the seventh waits in CONNECTING until one of the six is closed. Chromium trusts
 * the kit's self-signed certificate by its key's hash only. What was seen is written to
 * {@code target/connection-limit.json} for the Learn page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionLimitIT {

    private static final int STREAMS = 20;
    private static final int HTTP1_LIMIT = 6;
    /** How long the HTTP/1.1 page waits to show that no seventh stream opens by itself. */
    private static final Duration HOLD = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Opens the streams; each records when it opened and how many messages it got. */
    private static final String OPEN_ALL = """
            window.t0 = performance.now();
            window.streams = [];
            for (let i = 0; i < arguments[1]; i++) {
              const s = {es: new EventSource(arguments[0]), openedMs: -1, messages: 0};
              s.es.onopen = () => { if (s.openedMs < 0) s.openedMs = performance.now() - window.t0; };
              s.es.onmessage = () => { s.messages++; };
              window.streams.push(s);
            }""";
    private static final String STATE = """
            return {protocol: performance.getEntriesByType('navigation')[0].nextHopProtocol,
                    open: window.streams.filter(s => s.es.readyState === 1).length,
                    connecting: window.streams.filter(s => s.es.readyState === 0).length,
                    receiving: window.streams.filter(s => s.es.readyState === 1 && s.messages > 0).length,
                    openedMs: window.streams.map(s => Math.round(s.openedMs))};""";

    @TempDir
    static Path certs;
    private ServerTls tls;
    private ScheduledExecutorService publisher;
    private ScheduledFuture<?> ticks;
    private final Map<String, Object> seen = new LinkedHashMap<>();

    @BeforeAll
    void setUp() {
        tls = ServerTls.selfSigned(certs);
        publisher = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void tearDown() throws IOException {
        publisher.shutdownNow();
        if (!seen.isEmpty()) {
            Path out = Path.of("target", "connection-limit.json");
            Files.createDirectories(out.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), seen);
        }
    }

    Stream<Arguments> servers() {
        Function<SseServerConfig, SseServer> undertow = UndertowSseServer::start;
        Function<SseServerConfig, SseServer> vertx = VertxSseServer::start;
        return Stream.of(Arguments.of("undertow", undertow), Arguments.of("vertx", vertx));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    @DisplayName("[H2-003] over HTTP/2, twenty EventSources to one origin all open and receive events")
    void twentyOpenOverHttp2(String name, Function<SseServerConfig, SseServer> start) {
        try (SseServer server = start.apply(config())) {
            ChromeDriver driver = Chromium.start(settings(List.of()));
            try {
                Map<String, Object> s = openAll(driver, server);
                Map<String, Object> after = until(driver, "all " + STREAMS + " streams open and receiving",
                        st -> ((Number) st.get("receiving")).intValue() == STREAMS);
                assertEquals("h2", after.get("protocol"), "Chromium's protocol to the server");
                assertEquals(STREAMS, ((Number) after.get("open")).intValue(), "open EventSources over h2");
                assertEquals(STREAMS, server.stats().feedSubscribers(), "the server's feed subscribers");
                seen.put(name + "-h2", Map.of("first", s, "allOpen", after, "serverSubscribers",
                        server.stats().feedSubscribers()));
            } finally {
                stopTicks();
                driver.quit();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    @DisplayName("[H2-003] over HTTP/1.1, six EventSources open and the seventh waits until one of them closes")
    void sixOpenOverHttp1(String name, Function<SseServerConfig, SseServer> start) throws InterruptedException {
        try (SseServer server = start.apply(config())) {
            ChromeDriver driver = Chromium.start(settings(List.of("--disable-http2")));
            try {
                openAll(driver, server);
                until(driver, HTTP1_LIMIT + " streams open and receiving",
                        st -> ((Number) st.get("receiving")).intValue() >= HTTP1_LIMIT);
                Thread.sleep(HOLD.toMillis()); // the seventh has every chance to open; it must not
                Map<String, Object> held = state(driver);
                assertEquals("http/1.1", held.get("protocol"), "Chromium's protocol to the server");
                assertEquals(HTTP1_LIMIT, ((Number) held.get("open")).intValue(),
                        "open EventSources over HTTP/1.1 after " + HOLD.toMillis() + " ms");
                assertEquals(STREAMS - HTTP1_LIMIT, ((Number) held.get("connecting")).intValue(),
                        "EventSources still CONNECTING");
                assertEquals(HTTP1_LIMIT, server.stats().feedSubscribers(), "the server's feed subscribers");
                // closing one of the six frees its connection for the next one
                driver.executeScript("window.closedAt = performance.now() - window.t0;"
                        + " window.streams.find(s => s.es.readyState === 1).es.close();");
                Map<String, Object> after = until(driver, "a seventh stream open after one was closed",
                        st -> ((Number) st.get("open")).intValue() == HTTP1_LIMIT
                                && ((Number) st.get("connecting")).intValue() == STREAMS - HTTP1_LIMIT - 1);
                Object closedAt = driver.executeScript("return Math.round(window.closedAt);");
                seen.put(name + "-http1.1", Map.of("afterHoldMs", HOLD.toMillis(), "held", held, "closedOneAtMs", closedAt,
                        "afterClose", after));
            } finally {
                stopTicks();
                driver.quit();
            }
        }
    }

    private void stopTicks() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    private SseServerConfig config() {
        return SseServerConfig.defaults().withPort(0).withTls(tls).withHeartbeatMs(1000);
    }

    private Chromium.Settings settings(List<String> more) {
        List<String> args = new ArrayList<>(more);
        // trusts this one certificate, by the hash of its key, as a user's trust store would
        args.add("--ignore-certificate-errors-spki-list=" + tls.spkiSha256());
        return new Chromium.Settings(Chromium.When.INSTALLED, null, Duration.ofSeconds(30), Duration.ofSeconds(30), args);
    }

    /** Loads a page of the server's origin, opens the streams, and publishes to the feed every 200 ms meanwhile. */
    private Map<String, Object> openAll(ChromeDriver driver, SseServer server) {
        driver.get(server.baseUrl() + "/api/info");
        ticks = publisher.scheduleAtFixedRate(() -> server.publish("tick"), 200, 200, TimeUnit.MILLISECONDS);
        driver.executeScript(OPEN_ALL, server.baseUrl() + "/api/feed", STREAMS);
        return state(driver);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(ChromeDriver driver) {
        return (Map<String, Object>) driver.executeScript(STATE);
    }

    private static Map<String, Object> until(ChromeDriver driver, String what,
            java.util.function.Predicate<Map<String, Object>> done) {
        List<Map<String, Object>> last = new ArrayList<>(List.of(Map.of()));
        try {
            return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(100)).until(d -> {
                Map<String, Object> s = state(driver);
                last.set(0, s);
                return done.test(s) ? s : null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the page saw " + last.get(0), e);
        }
    }
}
