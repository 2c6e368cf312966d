package io.thanosj.query;

import static io.thanosj.query.testing.HttpJson.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thanosj.labels.Labels;
import io.thanosj.query.testing.GrpcStoreServer;
import io.thanosj.query.testing.HttpJson;
import io.thanosj.query.testing.RealPrometheus;
import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the requests Grafana's Prometheus data source sends (prometheus-formats.md §9.6: the
 * "Save &amp; test" query, flavour detection through buildinfo, rules and exemplars at set-up, the
 * metrics browser's labels / label values with match[] / series, panels' query_range with start and
 * end floored to the step, metadata) against the Debian package's Prometheus 2.42 serving promtool
 * blocks of a dataset, and against our querier over a StoreAPI endpoint (real gRPC) holding the same
 * samples. Answers must be byte-identical, except buildinfo, whose values name the build and are
 * compared by shape. Bad requests are replayed the same way: Prometheus' 400 bad_data bodies,
 * byte for byte.
 */
class GrafanaReplayWithRealPrometheusTest {

  static final long WINDOW = 1_700_006_400_000L;
  static final long START = WINDOW / 1000;
  static final long END = START + 7200;

  @TempDir
  static Path dir;

  static RealPrometheus prometheus;
  static GrpcStoreServer store;
  static RunningRole query;
  static String ours;
  static String theirs;

  @BeforeAll
  static void start() throws Exception {
    Dataset data = Dataset.standard(WINDOW);
    prometheus = RealPrometheus.start(dir, data, "global:\n  scrape_interval: 15s\n");
    // Prometheus has no external labels here, so the endpoint has none either: series must be equal.
    store = new GrpcStoreServer(new InMemoryStore(data, Labels.of(), "sidecar")).start();
    query = ThanosRole.start("query", QueryApplication.class, QueryFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0", "--endpoint=" + store.address(),
        "--endpoint.update-interval=1s", "--endpoint.info-timeout=1s");
    ours = "http://127.0.0.1:" + query.httpPort() + "/api/v1/";
    theirs = prometheus.url() + "/api/v1/";
  }

  @AfterAll
  static void stop() {
    if (query != null) {
      query.close();
    }
    if (store != null) {
      store.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static void sameGet(String pathAndQuery) {
    same(HttpJson.get(ours + pathAndQuery), HttpJson.get(theirs + pathAndQuery), "GET " + pathAndQuery);
  }

  private static void samePost(String path, String formBody) {
    same(HttpJson.post(ours + path, formBody), HttpJson.post(theirs + path, formBody), "POST " + path + " " + formBody);
  }

  private static void same(HttpJson.Response got, HttpJson.Response want, String request) {
    assertThat(got.status()).as(request + "\nours: " + got.body() + "\nprometheus: " + want.body()).isEqualTo(want.status());
    assertThat(got.contentType()).as(request).isEqualTo(want.contentType());
    assertThat(got.body()).as(request).isEqualTo(want.body());
  }

  @Test
  void saveAndTestThenFlavourDetection() {
    // Save & test: an instant query 1+1 at t=4, POSTed as a form.
    samePost("query", form("query", "1+1", "time", "4"));
    HttpJson.Response got = HttpJson.get(ours + "status/buildinfo");
    HttpJson.Response want = HttpJson.get(theirs + "status/buildinfo");
    assertThat(got.status()).isEqualTo(want.status()).isEqualTo(200);
    assertThat(shape(got.json())).isEqualTo(shape(want.json()));
    assertThat(got.body()).startsWith("{\"status\":\"success\",\"data\":{\"version\":");
    // No "features" key, or Grafana takes us for Mimir.
    assertThat(got.json().get("data").has("features")).isFalse();
    assertThat(got.json().get("data").get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void dataSourceInitialisation() {
    sameGet("rules");
    sameGet("rules?type=alert");
    // Grafana sends milliseconds here; Prometheus reads them as seconds and answers [].
    sameGet("query_exemplars?" + form("query", "test", "start", Long.toString(START * 1000), "end", Long.toString(END * 1000)));
    sameGet("metadata");
    sameGet("metadata?" + form("metric", "up"));
  }

  @Test
  void metricsBrowserAndVariables() {
    String s = Long.toString(START);
    String e = Long.toString(END);
    sameGet("label/__name__/values?" + form("start", s, "end", e));
    sameGet("label/job/values?" + form("start", s, "end", e, "match[]", "up"));
    sameGet("label/instance/values?" + form("start", s, "end", e, "match[]", "http_requests_total{job=\"api\"}", "match[]", "node_load1"));
    sameGet("label/nope/values?" + form("start", s, "end", e));
    sameGet("labels?" + form("start", s, "end", e));
    sameGet("labels?" + form("start", s, "end", e, "match[]", "http_requests_total"));
    samePost("labels", form("start", s, "end", e, "match[]", "{job=\"api\"}"));
    sameGet("series?" + form("match[]", "up", "start", s, "end", e, "limit", "40000"));
    sameGet("series?" + form("match[]", "{__name__=~\"match|late\"}", "start", s, "end", e));
    // The late series starts in the window's last quarter: a time range before it excludes it.
    sameGet("series?" + form("match[]", "late", "start", s, "end", Long.toString(START + 600)));
  }

  @Test
  void panelsWithAlignedSteps() {
    // Grafana floors start and end to multiples of the step (AlignTimeRange).
    for (long step : new long[] {15, 30, 60, 120}) {
      long from = (START + 1234) / step * step;
      long to = (END - 77) / step * step;
      String st = Long.toString(step);
      for (String q : new String[] {"up", "rate(http_requests_total[5m])", "sum by (job) (rate(http_requests_total[1m]))",
          "node_load1", "avg_over_time(node_load1[2m])", "max_over_time(up[90s]) * 2",
          "count({__name__=~\"match|late\"})", "late offset 10m"}) {
        samePost("query_range", form("query", q, "start", Long.toString(from), "end", Long.toString(to), "step", st));
      }
    }
    // Float steps and the timeout parameter Grafana adds.
    samePost("query_range", form("query", "up", "start", Long.toString(START + 60), "end", Long.toString(START + 600), "step", "7.5", "timeout", "30s"));
    samePost("query", form("query", "sum(up)", "time", Long.toString(START + 3600)));
    samePost("query", form("query", "node_load1", "time", START + 3600 + ".5"));
  }

  @Test
  void badRequestsGetPrometheusBadDataAnswers() {
    sameGet("query?" + form("query", "up", "time", "yesterday"));
    sameGet("query_range?" + form("query", "up", "start", "soon", "end", "60", "step", "15"));
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "later", "step", "15"));
    // Step too small for the range: more than 11,000 points.
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "86400", "step", "1"));
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "60", "step", "0"));
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "60", "step", "-15"));
    sameGet("query_range?" + form("query", "up", "start", "60", "end", "0", "step", "1"));
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "60", "step", "fast"));
    sameGet("query_range?" + form("query", "up", "start", "0", "end", "60"));
    sameGet("query?" + form("query", "up", "timeout", "quickly"));
    sameGet("query?" + form("query", "sum("));
    // An empty query: our engine follows Prometheus 2.53 here ("unknown position"), 2.42 says "1:1";
    // the answer is still Prometheus' 400 bad_data envelope.
    sameShape(HttpJson.get(ours + "query?query="), HttpJson.get(theirs + "query?query="), 400);
    // A string range query: 2.53 names the parameter ("invalid parameter \"query\": ..."), 2.42 does not.
    String stringRange = "query_range?" + form("query", "\"a\"", "start", "0", "end", "60", "step", "15");
    sameShape(HttpJson.get(ours + stringRange), HttpJson.get(theirs + stringRange), 400);
    sameGet("series");
    sameGet("series?" + form("match[]", "{job=~\".*\"}"));
    sameGet("series?" + form("match[]", "up", "start", "x"));
    sameGet("labels?" + form("match[]", "up{"));
    sameGet("label/job/values?" + form("end", "never"));
    sameGet("label/0bad/values");
    sameGet("rules?" + form("type", "recording"));
  }

  private static void sameShape(HttpJson.Response got, HttpJson.Response want, int status) {
    assertThat(got.status()).as(got.body()).isEqualTo(want.status()).isEqualTo(status);
    assertThat(shape(got.json())).isEqualTo(shape(want.json()));
    assertThat(got.json().get("errorType")).isEqualTo(want.json().get("errorType"));
  }

  /** The JSON with every scalar replaced by its type: what must agree when values name the build. */
  static JsonNode shape(JsonNode node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node.isObject()) {
      ObjectNode out = f.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), shape(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = f.arrayNode();
      node.forEach(n -> out.add(shape(n)));
      return out;
    }
    return f.textNode(node.getNodeType().name());
  }
}
