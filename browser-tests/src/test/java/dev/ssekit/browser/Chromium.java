package dev.ssekit.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium through Debian's ChromeDriver, offline: the driver path is given explicitly so Selenium
 * Manager never runs, and SE_OFFLINE=true is set by the build. One session per test class (2 to 5 s each). The browser
 * tests and the docs site's tests share it (the browser-tests test-jar); each says with {@link Settings} when it runs,
 * the window and the timeouts. A test that does not run is aborted with the reason, reported as not-run; with
 * {@code -Dsse.browser.required=true} a missing browser is a failure instead.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of(System.getProperty("sse.chromium", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("sse.chromedriver", "/usr/bin/chromedriver"));

    /** When a test that needs the browser runs. */
    public enum When {
        /** Whenever Chromium is installed (the browser tests). */
        INSTALLED,
        /** Only with {@code -Dsse.browser.required=true} (the docs site's test, slow and not needed to build the site). */
        REQUIRED
    }

    /**
     * @param window the window size as {@code W,H}, or null for Chromium's default
     * @param arguments more command-line switches
     */
    public record Settings(When when, String window, Duration pageLoadTimeout, Duration scriptTimeout,
            List<String> arguments) {

        /** The browser tests': whenever installed, default window, 30 s to load a page or run a script. */
        public static final Settings BROWSER_TESTS = new Settings(When.INSTALLED, null, Duration.ofSeconds(30),
                Duration.ofSeconds(30), List.of());
    }

    private Chromium() {
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

    public static boolean required() {
        return Boolean.getBoolean("sse.browser.required");
    }

    /** A new headless session with the browser tests' settings. */
    static ChromeDriver start() {
        return start(Settings.BROWSER_TESTS);
    }

    /** A new headless session, or an aborted (not-run) test when {@code settings} says it does not run here. */
    public static ChromeDriver start(Settings settings) {
        if (settings.when() == When.REQUIRED && !required()) {
            Assumptions.abort("not-run: the test runs with -Dsse.browser.required=true");
        }
        Optional<String> why = missing();
        if (why.isPresent()) {
            if (required()) {
                throw new IllegalStateException("browser tests are required (-Dsse.browser.required=true) but " + why.get());
            }
            Assumptions.abort("not-run: " + why.get());
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--disable-extensions", "--disable-default-apps"));
        if (settings.window() != null) {
            args.add("--window-size=" + settings.window());
        }
        args.addAll(settings.arguments());
        options.addArguments(args);
        // Console messages are kept, so a test can ask for them (SEVERE: console errors and failed loads).
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(settings.scriptTimeout());
        driver.manage().timeouts().pageLoadTimeout(settings.pageLoadTimeout());
        return driver;
    }
}
