package dev.ssekit.clients.chromium;

import com.sun.net.httpserver.HttpServer;
import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Chromium's {@code EventSource} as a client of the test service: one headless Chromium (Debian's, through Debian's
 * ChromeDriver, offline) holds one page with an http origin, served here; each stream is {@code new EventSource(url)}
 * in that page, with a listener for {@code message} and one per {@code listen}ed type, and an {@code onerror}. What
 * they do waits in the page's queue; a relay thread fetches it every 25 ms and hands it, in order, to the streams'
 * callbacks. Chromium opens at most 6 HTTP/1.1 connections per host, so at most 6 streams to one server can be open
 * at once (a 7th waits for a free one).
 */
public final class ChromiumAdapter implements ClientAdapter, AutoCloseable {

    public static final Path BROWSER = Path.of(System.getProperty("sse.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("sse.chromedriver", "/usr/bin/chromedriver"));
    static final long RELAY_MILLIS = 25;

    private final HttpServer pages;
    private final ChromeDriverService driverService;
    private final ChromeDriver driver;
    private final String version;
    private final ScheduledExecutorService relay;
    private final Map<String, Callbacks> streams = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private final Thread hook = new Thread(this::close, "sse-kit-chromium-stop");
    private boolean closed;

    private ChromiumAdapter(HttpServer pages, ChromeDriverService driverService, ChromeDriver driver) {
        this.pages = pages;
        this.driverService = driverService;
        this.driver = driver;
        this.version = driver.getCapabilities().getBrowserVersion();
        this.relay = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-kit-chromium-relay");
            t.setDaemon(true);
            return t;
        });
    }

    /** Why Chromium cannot run here, or empty when it can. */
    public static Optional<String> missing() {
        if (!Files.isExecutable(BROWSER)) {
            return Optional.of("Chromium not found at " + BROWSER + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            return Optional.of("ChromeDriver not found at " + DRIVER + " (apt-get install chromium-driver)");
        }
        return Optional.empty();
    }

    /** Starts the page's server, Chromium on that page, and the relay. {@link #close()} stops all three. */
    public static ChromiumAdapter start() throws IOException {
        missing().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        byte[] page;
        try (InputStream in = ChromiumAdapter.class.getResourceAsStream("page.html")) {
            page = in.readAllBytes();
        }
        HttpServer pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        pages.createContext("/", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            }
        });
        pages.start();
        // the driver's path is given, so Selenium Manager has nothing to look for (and SE_OFFLINE=true in the build)
        ChromeDriverService driverService = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver;
        try {
            driver = browser(driverService);
            driver.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/");
        } catch (RuntimeException e) {
            driverService.stop();
            pages.stop(0);
            throw e;
        }
        ChromiumAdapter a = new ChromiumAdapter(pages, driverService, driver);
        // a JVM stopped without close() must not leave Chromium and ChromeDriver behind
        Runtime.getRuntime().addShutdownHook(a.hook);
        a.relay.scheduleWithFixedDelay(a::relayQuietly, RELAY_MILLIS, RELAY_MILLIS, TimeUnit.MILLISECONDS);
        return a;
    }

    private static ChromeDriver browser(ChromeDriverService service) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** The browser's version, as it reports it (the same as {@code chromium --version}). */
    public String version() {
        return version;
    }

    @Override
    public String name() {
        return "Chromium " + version + " EventSource";
    }

    @Override
    public List<String> capabilities() {
        // EventSource has no headers, method, body, initial Last-Event-ID, read timeout or restart
        return List.of("event-type-listeners", "server-directed-shutdown-request", "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest request, Callbacks callbacks) {
        List<String> asked = new ArrayList<>();
        if (!request.headers().isEmpty()) {
            asked.add("headers");
        }
        if (request.method() != null && !request.method().equals("GET")) {
            asked.add("method " + request.method());
        }
        if (request.body() != null) {
            asked.add("body");
        }
        if (request.lastEventId() != null && !request.lastEventId().isEmpty()) {
            asked.add("lastEventId");
        }
        if (request.readTimeoutMs() != null) {
            asked.add("readTimeoutMs");
        }
        if (!asked.isEmpty()) {
            throw new IllegalArgumentException("EventSource cannot honour: " + String.join(", ", asked));
        }
        String key = "s" + keys.incrementAndGet();
        streams.put(key, callbacks);
        script("sseKit.open(arguments[0], arguments[1], arguments[2]);", key, request.streamUrl().toString(),
                request.closeOnError());
        return new StreamClient() {
            @Override
            public void close() {
                // what came before close() is still relayed; nothing comes after
                deliver(script("sseKit.close(arguments[0]); return sseKit.drain();", key));
                streams.remove(key);
            }

            @Override
            public void listen(String type) {
                script("sseKit.listen(arguments[0], arguments[1]);", key, type);
            }
        };
    }

    /** Whether ChromeDriver (and so the browser it started) still runs. */
    public boolean browserRunning() {
        return driverService.isRunning();
    }

    private void relayQuietly() {
        try {
            deliver(script("return sseKit.drain();"));
        } catch (RuntimeException e) {
            // the browser has gone (close() or a crash): nothing is left to relay
        }
    }

    /** Hands the page's queued items to their streams' callbacks, in the page's order. */
    private void deliver(Object items) {
        if (!(items instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> item)) {
                continue;
            }
            Callbacks cb = streams.get(String.valueOf(item.get("key")));
            if (cb == null) {
                continue; // closed meanwhile
            }
            if ("event".equals(item.get("kind"))) {
                cb.event((String) item.get("type"), (String) item.get("data"), (String) item.get("id"));
            } else {
                cb.error((String) item.get("message"));
            }
        }
    }

    /** WebDriver takes one command at a time: the relay and the service's handlers take turns. */
    private synchronized Object script(String js, Object... args) {
        if (closed) {
            throw new IllegalStateException("Chromium has been closed");
        }
        try {
            return driver.executeScript(js, args);
        } catch (WebDriverException e) {
            throw new IllegalStateException("Chromium: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Quits Chromium (every EventSource with it) and stops the page's server and the relay. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        relay.shutdownNow();
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // already gone
        } finally {
            // quit() stops ChromeDriver too, unless it failed first (a browser that crashed or did not answer in time):
            // then ChromeDriver would be left running, its parent gone
            driverService.stop();
        }
        pages.stop(0);
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }
}
