package io.thanosj.query.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query UI in headless Chromium, served by our UI controllers, against the API of a real
 * Prometheus 2.42 holding known data: completion of a metric name, graph, table, URL state, errors.
 * One Prometheus, one web server and one browser for the whole class; the tests run in order, as one
 * user session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryUiWithRealPrometheusTest {
  private static final DateTimeFormatter UI_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int SAMPLES = 121;

  /** The last sample's time: ten minutes ago, on a minute, so "now" queries would miss it. */
  private static long anchorSeconds;

  private static RealPrometheus prometheus;
  private static ConfigurableApplicationContext web;
  private static HeadlessChromium chromium;
  private static QueryPageDriver page;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    anchorSeconds = Instant.now().getEpochSecond() / 60 * 60 - 600;
    prometheus = new RealPrometheus(openMetrics());
    UiOverPrometheusApi.prometheus = prometheus.url;
    web =
        new SpringApplicationBuilder(UiOverPrometheusApi.class)
            .properties("server.port=0", "spring.main.banner-mode=off")
            .run();
    base = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) web).getWebServer().getPort();
    chromium = new HeadlessChromium();
    page = new QueryPageDriver(chromium);
  }

  /** Two counters, 15 s apart for 30 minutes up to the anchor: code 200 counts i, code 500 counts 2i. */
  private static String openMetrics() {
    StringBuilder text = new StringBuilder("# TYPE http_requests counter\n");
    for (String[] series : new String[][] {{"200", "1"}, {"500", "2"}}) {
      for (int i = 0; i < SAMPLES; i++) {
        long t = anchorSeconds - (SAMPLES - 1 - i) * 15L;
        text.append("http_requests_total{code=\"")
            .append(series[0])
            .append("\",job=\"api\"} ")
            .append(i * Integer.parseInt(series[1]))
            .append(' ')
            .append(t)
            .append('\n');
      }
    }
    return text.append("# EOF\n").toString();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      try {
        if (web != null) {
          web.close();
        }
      } finally {
        if (prometheus != null) {
          prometheus.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void completesAMetricNameFromTheApi() throws Exception {
    page.open(base + "/");
    page.type("http_req");
    assertThat(page.completionsOffering("http_requests_total")).contains("http_requests_total");
    chromium.screenshot("prometheus-1-completion");
    page.acceptCompletion();
    assertThat(page.expression()).isEqualTo("http_requests_total");
  }

  @Test
  @Order(2)
  void drawsOneLinePerSeriesWithALabelledLegend() throws Exception {
    page.setInput("range", "1h");
    page.setInput("end", UI_TIME.format(Instant.ofEpochSecond(anchorSeconds)));
    assertThat(page.executeWithKeyboard()).isEqualTo("done");
    assertThat(page.legend())
        .containsExactly(
            "http_requests_total{code=\"200\", job=\"api\"}", "http_requests_total{code=\"500\", job=\"api\"}");
    assertThat(page.linePixelsPerSeries(2)).allSatisfy(pixels -> assertThat(pixels).isGreaterThan(100));
    chromium.screenshot("prometheus-2-graph");
  }

  @Test
  @Order(3)
  void tableShowsEachSeriesValueAtTheEndTime() throws Exception {
    assertThat(page.selectTab("table")).isEqualTo("done");
    assertThat(page.tableRows())
        .containsExactly(
            entry("http_requests_total{code=\"200\", job=\"api\"}", String.valueOf(SAMPLES - 1)),
            entry("http_requests_total{code=\"500\", job=\"api\"}", String.valueOf(2 * (SAMPLES - 1))));
    chromium.screenshot("prometheus-3-table");
  }

  @Test
  @Order(4)
  void theUrlReopensTheSameQuery() {
    String link = page.currentUrl();
    assertThat(link).contains("g0.expr=http_requests_total", "g0.tab=1", "g0.range_input=1h");
    page.open(link);
    assertThat(page.awaitAnswer()).isEqualTo("done");
    assertThat(page.expression()).isEqualTo("http_requests_total");
    assertThat(page.tableRows()).hasSize(2);
  }

  @Test
  @Order(5)
  void showsTheApisErrorForABadExpression() throws Exception {
    page.clearEditor();
    page.type("sum(rate(");
    assertThat(page.clickExecute()).isEqualTo("error");
    assertThat(page.errorText()).startsWith("bad_data: ").contains("parse error");
    chromium.screenshot("prometheus-4-error");
  }

  @Test
  @Order(6)
  void thePageRaisedNoScriptErrors() {
    assertThat(chromium.consoleLines()).noneMatch(line -> line.contains("Uncaught"));
  }
}
