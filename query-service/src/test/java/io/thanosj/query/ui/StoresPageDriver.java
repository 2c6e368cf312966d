package io.thanosj.query.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Stores page as a user sees it: one row per endpoint, grouped by component type. */
final class StoresPageDriver {
  /** One endpoint's row, as text. */
  record Row(String type, String endpoint, String health, List<String> labelSets, String minTime, String maxTime, String lastError) {}

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  StoresPageDriver(HeadlessChromium chromium) {
    this.driver = chromium.driver;
    this.wait = chromium.waiting(Duration.ofSeconds(15));
  }

  /** Follows the page's "Stores" link and waits until the list is drawn. */
  List<Row> openFromNavigation() {
    driver.findElement(By.id("nav-stores")).click();
    wait.until(d -> d.getCurrentUrl().endsWith("/stores"));
    return awaitLoaded();
  }

  /**
   * Presses Refresh until the rows satisfy the condition (health checks run in the background, so a
   * change shows up on a later refresh), and returns them.
   */
  List<Row> refreshUntil(Predicate<List<Row>> condition) {
    List<List<Row>> last = new ArrayList<>();
    wait.withMessage(() -> "stores never matched; last seen: " + last)
        .until(
            d -> {
              d.findElement(By.id("stores-refresh")).click();
              List<Row> rows = awaitLoaded();
              last.clear();
              last.add(rows);
              return condition.test(rows);
            });
    return last.get(0);
  }

  private List<Row> awaitLoaded() {
    WebElement panel = driver.findElement(By.id("stores-panel"));
    wait.until(d -> "done".equals(panel.getAttribute("data-status")) || "error".equals(panel.getAttribute("data-status")));
    List<Row> rows = new ArrayList<>();
    for (WebElement group : driver.findElements(By.cssSelector("#stores .store-group"))) {
      String type = group.getAttribute("data-type");
      for (WebElement row : group.findElements(By.cssSelector(".store-row"))) {
        List<String> sets = new ArrayList<>();
        for (WebElement set : row.findElements(By.cssSelector(".label-set"))) {
          List<String> labels = new ArrayList<>();
          for (WebElement label : set.findElements(By.cssSelector(".label"))) {
            labels.add(label.getText());
          }
          sets.add(String.join(" ", labels));
        }
        rows.add(
            new Row(
                type,
                row.getAttribute("data-endpoint"),
                row.findElement(By.cssSelector(".health")).getText(),
                sets,
                row.findElement(By.cssSelector(".min-time")).getText(),
                row.findElement(By.cssSelector(".max-time")).getText(),
                row.findElement(By.cssSelector(".last-error")).getText()));
      }
    }
    return rows;
  }
}
