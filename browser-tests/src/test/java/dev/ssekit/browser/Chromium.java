package dev.ssekit.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's Chromium through Debian's ChromeDriver, offline: the driver path is given explicitly so
 * Selenium Manager never runs, and SE_OFFLINE=true is set by the build. One session per test class (2 to 5 s each).
 * When Chromium is missing, tests are aborted with the reason (reported as not-run), unless
 * {@code -Dsse.browser.required=true}, which turns a missing browser into a failure.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("sse.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("sse.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Why Chromium cannot run here, or empty when it can. */
    static Optional<String> missing() {
        if (!Files.isExecutable(BROWSER)) {
            return Optional.of("Chromium not found at " + BROWSER + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            return Optional.of("ChromeDriver not found at " + DRIVER + " (apt-get install chromium-driver)");
        }
        return Optional.empty();
    }

    static boolean required() {
        return Boolean.getBoolean("sse.browser.required");
    }

    /** A new headless session, or an aborted (not-run) test when Chromium is missing and not required. */
    static ChromeDriver start() {
        Optional<String> why = missing();
        if (why.isPresent()) {
            if (required()) {
                throw new IllegalStateException("browser tests are required (-Dsse.browser.required=true) but " + why.get());
            }
            Assumptions.abort("not-run: " + why.get());
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-extensions", "--disable-default-apps");
        // Console messages are kept, so a test can ask for them (PlaygroundIT checks for errors).
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
