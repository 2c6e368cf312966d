package io.thanosj.query.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.thanosj.labels.Labels;
import io.thanosj.query.QueryApplication;
import io.thanosj.query.QueryFlags;
import io.thanosj.query.testing.GrpcStoreServer;
import io.thanosj.query.testing.HttpJson;
import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.acceptance.SeriesData;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The query UI in headless Chromium, served by our querier (started in this JVM with its real flags)
 * over three StoreAPI endpoints on real gRPC: two replicas of cluster "eu" (sidecars) and cluster "us"
 * (a store). Completion of a metric name from our API, graph, table, the deduplication and partial
 * response toggles, and the Stores page with each endpoint's health, labels and time range. One
 * querier and one browser for the class; the tests run in order, as one user session. Screenshots go
 * to target/ui-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryUiWithGrpcStoresTest {
  private static final DateTimeFormatter UI_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String METRIC = "http_requests_total";

  private static Dataset data;
  private static GrpcStoreServer replicaA;
  private static GrpcStoreServer replicaB;
  private static GrpcStoreServer us;
  private static RunningRole query;
  private static HeadlessChromium chromium;
  private static QueryPageDriver page;
  private static StoresPageDriver stores;
  private static String base;
  /** The page's link after the table test: the query to come back to. */
  private static String tableLink;

  @BeforeAll
  static void start() throws Exception {
    // The last complete 2h window: within the 12h before "now" in which the editor looks up metric names.
    long window = System.currentTimeMillis() / Dataset.WINDOW_MILLIS * Dataset.WINDOW_MILLIS - Dataset.WINDOW_MILLIS;
    data = Dataset.standard(window);
    replicaA = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "eu", "replica", "a"), "sidecar")).start();
    replicaB = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "eu", "replica", "b"), "sidecar")).start();
    us = new GrpcStoreServer(new InMemoryStore(data, Labels.of("cluster", "us"), "store")).start();
    query =
        ThanosRole.start(
            "query",
            QueryApplication.class,
            QueryFlags.class,
            "--http-address=127.0.0.1:0",
            "--grpc-address=127.0.0.1:0",
            "--endpoint=" + replicaA.address() + "," + replicaB.address(),
            "--store=" + us.address(),
            "--query.replica-label=replica",
            "--endpoint.update-interval=1s",
            "--endpoint.info-timeout=1s");
    base = "http://127.0.0.1:" + query.httpPort();
    awaitHealthyEndpoints(3);
    chromium = new HeadlessChromium();
    page = new QueryPageDriver(chromium);
    stores = new StoresPageDriver(chromium);
  }

  /**
   * The editor caches metric names for a minute, so the first lookup must already see every
   * endpoint: waits until the querier reports them all healthy.
   */
  private static void awaitHealthyEndpoints(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpJson.Response r = HttpJson.get(base + "/api/v1/stores");
      last = r.body();
      int healthy = 0;
      if (r.status() == 200) {
        for (JsonNode group : r.json().path("data")) {
          for (JsonNode endpoint : group) {
            healthy += endpoint.path("lastError").isNull() && !endpoint.path("labelSets").isEmpty() ? 1 : 0;
          }
        }
      }
      if (healthy == expected) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the querier never saw " + expected + " healthy endpoints; /api/v1/stores said " + last);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (query != null) {
        query.close();
      }
      for (GrpcStoreServer s : new GrpcStoreServer[] {replicaA, replicaB, us}) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  @Order(1)
  void completesAMetricNameFromOurApi() throws Exception {
    page.open(base + "/");
    page.type("http_req");
    assertThat(page.completionsOffering(METRIC)).doesNotContain("up", "node_load1");
    assertThat(page.selectedCompletion()).isEqualTo(METRIC);
    chromium.screenshot("thanosj-1-completion");
    page.acceptCompletion();
    assertThat(page.expression()).isEqualTo(METRIC);
  }

  @Test
  @Order(2)
  void graphsOneLinePerDeduplicatedSeries() throws Exception {
    // The editor closes brackets and quotes itself; typing the closing ones steps over them.
    page.type("{cluster=\"eu\"}");
    assertThat(page.expression()).isEqualTo(METRIC + "{cluster=\"eu\"}");
    page.setInput("range", "2h");
    page.setInput("end", UI_TIME.format(Instant.ofEpochMilli(data.maxTime())));
    assertThat(page.executeWithKeyboard()).isEqualTo("done");
    List<String> names = new ArrayList<>(expectedRows(METRIC, "eu", null).keySet());
    assertThat(page.legend()).containsExactlyInAnyOrderElementsOf(names).hasSize(3);
    assertThat(page.linePixelsPerSeries(names.size())).allSatisfy(pixels -> assertThat(pixels).isGreaterThan(100));
    assertThat(page.warnings()).isEmpty();
    chromium.screenshot("thanosj-2-graph");
  }

  @Test
  @Order(3)
  void tableShowsTheLastSamplesAndTheDedupToggleShowsTheReplicas() throws Exception {
    assertThat(page.selectTab("table")).isEqualTo("done");
    assertTable(expectedRows(METRIC, "eu", null));

    page.toggle("dedup");
    assertThat(page.awaitAnswer()).isEqualTo("done");
    Map<String, Double> raw = new LinkedHashMap<>(expectedRows(METRIC, "eu", "a"));
    raw.putAll(expectedRows(METRIC, "eu", "b"));
    assertTable(raw);
    assertThat(page.currentUrl()).contains("g0.deduplicate=0");
    chromium.screenshot("thanosj-3-table-without-dedup");

    page.toggle("dedup");
    assertThat(page.awaitAnswer()).isEqualTo("done");
    assertTable(expectedRows(METRIC, "eu", null));
    chromium.screenshot("thanosj-3-table");
    tableLink = page.currentUrl();
  }

  @Test
  @Order(4)
  void storesPageListsEveryEndpointWithHealthLabelsAndTimeRange() throws Exception {
    List<StoresPageDriver.Row> rows = stores.openFromNavigation();
    String min = UI_TIME.format(Instant.ofEpochMilli(data.minTime()));
    String max = UI_TIME.format(Instant.ofEpochMilli(data.maxTime()));
    assertThat(rows)
        .containsExactlyInAnyOrder(
            new StoresPageDriver.Row("sidecar", replicaA.address(), "UP", List.of("cluster=\"eu\" replica=\"a\""), min, max, ""),
            new StoresPageDriver.Row("sidecar", replicaB.address(), "UP", List.of("cluster=\"eu\" replica=\"b\""), min, max, ""),
            new StoresPageDriver.Row("store", us.address(), "UP", List.of("cluster=\"us\""), min, max, ""));
    chromium.screenshot("thanosj-4-stores");
  }

  @Test
  @Order(5)
  void withAStoreDownPartialResponseWarnsAndStrictModeFails() throws Exception {
    us.stop();
    List<StoresPageDriver.Row> rows =
        stores.refreshUntil(r -> r.stream().anyMatch(row -> row.endpoint().equals(us.address()) && row.health().equals("DOWN")));
    assertThat(rows).filteredOn(row -> row.endpoint().equals(us.address())).singleElement()
        .satisfies(row -> assertThat(row.lastError()).isNotEmpty());
    assertThat(rows).filteredOn(row -> row.type().equals("sidecar")).extracting(StoresPageDriver.Row::health).containsOnly("UP");
    chromium.screenshot("thanosj-5-stores-one-down");

    // The whole metric, both clusters: eu still answers, us is missing.
    page.open(tableLink);
    assertThat(page.awaitAnswer()).isEqualTo("done");
    page.clearEditor();
    page.type(METRIC);
    page.dismissCompletion();
    assertThat(page.clickExecute()).isEqualTo("done");
    assertTable(expectedRows(METRIC, "eu", null));
    assertThat(page.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w).contains(us.address()));
    chromium.screenshot("thanosj-6-partial-response");

    page.toggle("partial-response");
    assertThat(page.awaitAnswer()).isEqualTo("error");
    assertThat(page.errorText()).contains(us.address());
    assertThat(page.tableRows()).isEmpty();
    assertThat(page.currentUrl()).contains("g0.partial_response=0");
    chromium.screenshot("thanosj-7-strict-error");
  }

  @Test
  @Order(6)
  void thePageRaisedNoScriptErrors() {
    assertThat(chromium.consoleLines()).noneMatch(line -> line.contains("Uncaught"));
  }

  /** Checks the table's rows (in any order) against series name to value. */
  private static void assertTable(Map<String, Double> expected) {
    Map<String, String> rows = page.tableRows();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      assertThat(Double.parseDouble(rows.get(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /**
   * The table the querier should show for {@code metric{cluster=...}} at the data's last sample: the
   * dataset's series with the endpoint's external labels (the replica label only without dedup), named
   * the way the page names series (labels sorted, as the API gives them).
   */
  private static Map<String, Double> expectedRows(String metric, String cluster, String replica) {
    Map<String, Double> rows = new LinkedHashMap<>();
    for (SeriesData s : data.series()) {
      if (!metric.equals(s.labels().get(Labels.METRIC_NAME)) || s.maxTime() != data.maxTime()) {
        continue;
      }
      Labels.Builder labels = s.labels().toBuilder().set("cluster", cluster);
      if (replica != null) {
        labels.set("replica", replica);
      }
      rows.put(seriesName(labels.build()), s.values()[s.size() - 1]);
    }
    return rows;
  }

  private static String seriesName(Labels labels) {
    List<String> pairs = new ArrayList<>();
    labels.forEach(
        (name, value) -> {
          if (!name.equals(Labels.METRIC_NAME)) {
            pairs.add(name + "=\"" + value + "\"");
          }
        });
    return labels.get(Labels.METRIC_NAME) + "{" + String.join(", ", pairs) + "}";
  }
}
