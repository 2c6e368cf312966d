package io.thanosj.query.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver. Nothing is downloaded: the binaries
 * come from the {@code chromium} and {@code chromium-driver} packages (.ci/run installs them), or from the
 * system properties {@code thanosj.chromium} and {@code thanosj.chromedriver}.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path SCREENSHOTS = Paths.get("target", "ui-screenshots");

  private final Path profile;
  private final ChromeDriverService service;
  final ChromeDriver driver;

  HeadlessChromium() throws IOException {
    Path chromium = executable("thanosj.chromium", "/usr/bin/chromium");
    Path chromedriver = executable("thanosj.chromedriver", "/usr/bin/chromedriver");
    profile = Files.createTempDirectory("thanosj-chromium-");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // The flags keep chromium off the network (this machine's is closed) and out of its own updaters.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
    driver = new ChromeDriver(service, options);
  }

  private static Path executable(String property, String fallback) {
    Path path = Paths.get(System.getProperty(property, fallback));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          path
              + " is missing: install Debian's chromium and chromium-driver packages (.ci/run does),"
              + " or point -D"
              + property
              + " at the binary");
    }
    return path;
  }

  /**
   * A wait that polls again when the page redraws an element under its condition (the UI replaces
   * result tables and completion lists wholesale).
   */
  WebDriverWait waiting(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Saves a PNG of the page under target/ui-screenshots, the test's artifact. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  /** What the page wrote to its console since the last call, one line per entry. */
  List<String> consoleLines() {
    List<String> lines = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      lines.add(entry.getLevel() + " " + entry.getMessage());
    }
    return lines;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      FileSystemUtils.deleteRecursively(profile);
    }
  }
}
