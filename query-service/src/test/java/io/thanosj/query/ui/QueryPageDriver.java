package io.thanosj.query.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The query page as a user sees it: what to click and type, and what to read back. */
final class QueryPageDriver {
  private static final By EDITOR = By.cssSelector("#expr-editor .cm-content");

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  QueryPageDriver(HeadlessChromium chromium) {
    this.driver = chromium.driver;
    this.wait = chromium.waiting(Duration.ofSeconds(15));
  }

  void open(String url) {
    driver.get(url);
    wait.until(ExpectedConditions.elementToBeClickable(EDITOR));
  }

  private WebElement editor() {
    return driver.findElement(EDITOR);
  }

  void type(String text) {
    WebElement editor = editor();
    editor.click();
    editor.sendKeys(text);
  }

  void clearEditor() {
    WebElement editor = editor();
    editor.click();
    editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
  }

  /**
   * Waits until the completion popup offers the label (the metric names arrive from the API after the
   * popup may first have opened) and returns every label it offers.
   */
  List<String> completionsOffering(String expected) {
    List<String> labels = new ArrayList<>();
    wait.withMessage(() -> "the completion popup never offered " + expected + "; it offered " + labels)
        .until(
            d -> {
              labels.clear();
              for (WebElement label : d.findElements(By.cssSelector(".cm-tooltip-autocomplete li .cm-completionLabel"))) {
                labels.add(label.getText());
              }
              return labels.contains(expected);
            });
    return List.copyOf(labels);
  }

  /** The highlighted completion's label. */
  String selectedCompletion() {
    return driver.findElement(By.cssSelector(".cm-tooltip-autocomplete li[aria-selected] .cm-completionLabel")).getText();
  }

  /** Enter while the popup is open takes the highlighted completion. */
  void acceptCompletion() {
    editor().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".cm-tooltip-autocomplete")));
  }

  /** Escape closes the completion popup if it is open. */
  void dismissCompletion() {
    editor().sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".cm-tooltip-autocomplete")));
  }

  String expression() {
    return editor().getText();
  }

  void setInput(String id, String value) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(value);
  }

  /** Shift+Enter in the editor, then waits until the answer is drawn; returns "done" or "error". */
  String executeWithKeyboard() {
    editor().sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
    return awaitAnswer();
  }

  String clickExecute() {
    driver.findElement(By.id("execute")).click();
    return awaitAnswer();
  }

  String selectTab(String tab) {
    driver.findElement(By.id("tab-" + tab)).click();
    return awaitAnswer();
  }

  void toggle(String checkboxId) {
    driver.findElement(By.id(checkboxId)).click();
  }

  String awaitAnswer() {
    WebElement panel = driver.findElement(By.id("query-panel"));
    wait.until(
        d -> {
          String status = panel.getAttribute("data-status");
          return "done".equals(status) || "error".equals(status);
        });
    return panel.getAttribute("data-status");
  }

  /** Table rows as series name -> value, in page order. */
  Map<String, String> tableRows() {
    Map<String, String> rows = new LinkedHashMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("#result-table .result-row"))) {
      rows.put(row.findElement(By.cssSelector(".series")).getText(), row.findElement(By.cssSelector(".value")).getText());
    }
    return rows;
  }

  /** The series names in the graph's legend. */
  List<String> legend() {
    List<String> names = new ArrayList<>();
    for (WebElement label : driver.findElements(By.cssSelector("#graph-plot .u-legend .u-series:not(:first-child) .u-label"))) {
      names.add(label.getText());
    }
    return names;
  }

  /**
   * How many canvas pixels carry each series' line colour (uPlot draws series i in the page's palette
   * colour i): proof that lines were drawn, not only axes.
   */
  List<Long> linePixelsPerSeries(int series) {
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      Object n =
          driver.executeScript(
              "const c = document.querySelector('#graph-plot canvas');"
                  + "const stroke = document.querySelectorAll('#graph-plot .u-legend .u-series')[arguments[0] + 1]"
                  + "  .querySelector('.u-marker').style.borderColor;"
                  + "const [r, g, b] = stroke.match(/\\d+/g).map(Number);"
                  + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                  + "let n = 0;"
                  + "for (let i = 0; i < px.length; i += 4) {"
                  + "  if (Math.abs(px[i] - r) < 10 && Math.abs(px[i + 1] - g) < 10 && Math.abs(px[i + 2] - b) < 10"
                  + "      && px[i + 3] > 200) n++;"
                  + "}"
                  + "return n;",
              i);
      counts.add(((Number) n).longValue());
    }
    return counts;
  }

  String errorText() {
    return driver.findElement(By.id("query-error")).getText();
  }

  List<String> warnings() {
    List<String> texts = new ArrayList<>();
    for (WebElement w : driver.findElements(By.cssSelector("#messages .warning"))) {
      texts.add(w.getText());
    }
    return texts;
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }
}
