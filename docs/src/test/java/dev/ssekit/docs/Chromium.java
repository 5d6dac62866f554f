package dev.ssekit.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium through Debian's ChromeDriver, offline (the browser-tests setup): the driver path is explicit so
 * Selenium Manager never runs, and the build sets SE_OFFLINE=true. The site test is not run unless
 * {@code -Dsse.browser.required=true}; then a missing Chromium fails.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("sse.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("sse.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static Optional<String> missing() {
        if (!Files.isExecutable(BROWSER)) {
            return Optional.of("Chromium not found at " + BROWSER + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            return Optional.of("ChromeDriver not found at " + DRIVER + " (apt-get install chromium-driver)");
        }
        return Optional.empty();
    }

    static ChromeDriver start() {
        if (!Boolean.getBoolean("sse.browser.required")) {
            Assumptions.abort("not-run: the site browser test runs with -Dsse.browser.required=true");
        }
        missing().ifPresent(why -> {
            throw new IllegalStateException("browser tests are required (-Dsse.browser.required=true) but " + why);
        });
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-extensions", "--disable-default-apps", "--window-size=1400,1000",
                "--hide-scrollbars", "--lang=en-US");
        // console messages: read back through the logs endpoint, SEVERE = console errors and failed loads
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
