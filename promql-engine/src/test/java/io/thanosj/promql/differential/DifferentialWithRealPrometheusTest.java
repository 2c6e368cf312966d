package io.thanosj.promql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.Labels;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.EngineOptions;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.storage.blocks.BlockQueryable;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.Sample;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.StringValue;
import io.thanosj.promql.value.Value;
import io.thanosj.promql.value.VectorValue;
import io.thanosj.tsdb.testing.OpenMetricsWriter;
import io.thanosj.tsdb.testing.PrometheusServer;
import io.thanosj.tsdb.testing.Promtool;
import io.thanosj.tsdb.testing.TestSeries;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same queries, instant and range, against a real Prometheus (the Debian package, 2.42) and
 * against our engine over the same promtool-made blocks; results must agree: labels, timestamps,
 * values (relative 1e-9, NaN and infinities exactly) and, for failing queries, the API errorType.
 *
 * <p>The data ({@link DifferentialData}) is seeded and awkward on purpose: counters with resets,
 * gauges with NaN and ±Inf, classic histograms, series starting late and stopping early, label
 * values with quotes, newlines and non-BMP characters. Queries and data avoid what 2.42 lacks or
 * computes differently from 2.53 (experimental functions, atan2 between vectors, the 2.51 change
 * of rate()'s zero-point extrapolation). topk/bottomk may pick different series among equal values
 * (2.42 pops and pushes its heap, 2.53 replaces the root), so for them only the values are compared.
 */
public class DifferentialWithRealPrometheusTest {

  /** Data starts two days before now, on a 2h boundary, and lasts 6h. */
  public static final long T0 = (System.currentTimeMillis() - 2 * 86_400_000L) / 7_200_000L * 7_200_000L;
  private static final long HOUR = 3_600_000L;

  @TempDir
  static Path tmp;

  private static PrometheusServer prometheus;
  private static BlockQueryable blocks;
  private static final Engine ENGINE = new Engine(EngineOptions.defaults());
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws IOException {
    List<TestSeries> series = new DifferentialData(20_240_601L, T0, 6 * HOUR).generate(120, 80, 20);
    Path om = tmp.resolve("data.om");
    OpenMetricsWriter.write(series, om);
    Path ours = Files.createDirectories(tmp.resolve("ours"));
    Promtool.createBlocks(om, ours);
    // Prometheus gets its own copy: it may compact or rewrite blocks in its data directory.
    Path theirs = Files.createDirectories(tmp.resolve("prometheus"));
    copyTree(ours, theirs);
    prometheus = PrometheusServer.start(theirs, "--storage.tsdb.retention.time=10y");
    blocks = BlockQueryable.open(ours);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (blocks != null) {
      blocks.close();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** One query: instant (start == end, step 0) or range. */
  record Query(String expr, long start, long end, long step) {
    boolean instant() {
      return step == 0;
    }

    @Override
    public String toString() {
      return instant() ? expr + " @" + (start - T0) / 1000 + "s"
          : expr + " [" + (start - T0) / 1000 + "s.." + (end - T0) / 1000 + "s/" + step / 1000 + "s]";
    }
  }

  public static List<String> expressions() {
    long pin = (T0 + 3 * HOUR) / 1000;
    return List.of(
        // selectors
        "app_requests_total",
        "app_requests_total{code=\"500\"}",
        "app_temperature_celsius{job=~\"job[12]\"}",
        "app_requests_total{tricky!=\"\"}",
        "app_requests_total{tricky=~\".*e.*\"}",
        "{__name__=~\"app_latency_seconds_(sum|count)\", job=\"job1\"}",
        "app_temperature_celsius offset 10m",
        "app_temperature_celsius offset -5m",
        "app_requests_total @ " + pin,
        "app_temperature_celsius @ " + pin + " offset 1h",
        // range functions
        "rate(app_requests_total[5m])",
        "irate(app_requests_total[2m])",
        "increase(app_requests_total[1h])",
        "delta(app_temperature_celsius[10m])",
        "idelta(app_temperature_celsius[5m])",
        "resets(app_requests_total[30m])",
        "changes(app_temperature_celsius[30m])",
        "deriv(app_requests_total[15m])",
        "predict_linear(app_requests_total[30m], 3600)",
        "holt_winters(app_temperature_celsius[20m], 0.3, 0.6)",
        "avg_over_time(app_temperature_celsius[10m])",
        "sum_over_time(app_requests_total[10m])",
        "count_over_time(app_temperature_celsius[10m])",
        "min_over_time(app_temperature_celsius[10m])",
        "max_over_time(app_temperature_celsius[10m])",
        "last_over_time(app_temperature_celsius[10m])",
        "present_over_time(app_temperature_celsius[1m])",
        "stddev_over_time(app_requests_total[10m])",
        "stdvar_over_time(app_requests_total[10m])",
        "quantile_over_time(0.9, app_temperature_celsius[30m])",
        "absent_over_time(app_temperature_celsius{job=\"nope\"}[5m])",
        "absent_over_time(app_temperature_celsius[1m])",
        "rate(app_requests_total[5m] offset 30m)",
        // aggregations
        "sum by (job) (rate(app_requests_total[5m]))",
        "sum without (instance, series, tricky) (rate(app_requests_total[5m]))",
        "avg by (job) (app_temperature_celsius)",
        "count by (code) (app_requests_total)",
        "min by (job) (app_temperature_celsius)",
        "max by (job) (app_temperature_celsius)",
        "stddev by (job) (app_requests_total)",
        "stdvar by (code) (app_requests_total)",
        "quantile by (job) (0.5, app_requests_total)",
        "topk(5, app_requests_total)",
        "bottomk by (job) (2, app_requests_total)",
        "count_values(\"value\", floor(app_temperature_celsius))",
        "count_values by (job) (\"v\", app_requests_total % 10)",
        "group by (job, code) (app_requests_total)",
        "sum(app_requests_total) by (__name__, code)",
        // classic histograms
        "histogram_quantile(0.9, sum by (le) (rate(app_latency_seconds_bucket[5m])))",
        "histogram_quantile(0.5, sum by (job, le) (rate(app_latency_seconds_bucket[10m])))",
        "histogram_quantile(0.99, app_latency_seconds_bucket)",
        "rate(app_latency_seconds_sum[5m]) / rate(app_latency_seconds_count[5m])",
        // operators and matching
        "rate(app_requests_total[5m]) / on(job, instance) group_left sum by (job, instance) (rate(app_requests_total[5m]))",
        "sum by (job, instance) (app_requests_total) * on(job, instance) group_right app_requests_total",
        "app_temperature_celsius > 20",
        "app_temperature_celsius > bool 20",
        "20 >= app_temperature_celsius",
        "app_requests_total and on(job) app_temperature_celsius",
        "app_requests_total unless on(job, instance) app_temperature_celsius",
        "app_temperature_celsius or app_requests_total{code=\"500\"}",
        "sum by (job) (app_requests_total) / on(job) count by (job) (app_requests_total)",
        "app_requests_total % 7 ^ 2",
        "-app_temperature_celsius",
        "app_requests_total - app_requests_total offset 5m",
        "(app_temperature_celsius + 1) * 2 - 3 / 4",
        "1 atan2 2",
        // instant functions
        "abs(app_temperature_celsius)",
        "ceil(app_temperature_celsius)",
        "round(app_temperature_celsius, 0.5)",
        "clamp(app_temperature_celsius, -10, 10)",
        "clamp_min(app_temperature_celsius, 0)",
        "clamp_max(app_temperature_celsius, 0)",
        "sqrt(abs(app_temperature_celsius))",
        "exp(app_temperature_celsius / 100)",
        "ln(app_requests_total + 1)",
        "log2(app_requests_total + 1) + log10(app_requests_total + 1)",
        "sgn(app_temperature_celsius)",
        "sin(app_temperature_celsius) + cos(app_temperature_celsius) + tanh(app_temperature_celsius / 50)",
        "deg(asin(clamp(app_temperature_celsius / 100, -1, 1)))",
        "label_replace(app_requests_total, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
        "label_join(app_requests_total, \"jc\", \"-\", \"job\", \"code\")",
        "timestamp(app_temperature_celsius)",
        "time() - timestamp(app_temperature_celsius)",
        "scalar(sum(app_requests_total))",
        "vector(1) + sum(app_requests_total)",
        "absent(app_temperature_celsius{job=\"job1\"})",
        "absent(nonexistent{a=\"b\", c=~\"d\"})",
        "hour(timestamp(app_temperature_celsius)) + minute()",
        "day_of_week() + days_in_month() + day_of_month() + month() + year() + day_of_year()",
        "sort(sum by (job) (app_requests_total))",
        "sort_desc(sum by (job) (app_requests_total))",
        // subqueries
        "max_over_time(rate(app_requests_total[5m])[30m:1m])",
        "avg_over_time(sum by (job) (app_temperature_celsius)[1h:5m])",
        "rate(app_requests_total[10m:])",
        "deriv(sum(app_temperature_celsius)[20m:2m] offset 5m)",
        "min_over_time(app_temperature_celsius[10m:1m] @ " + pin + ")",
        // errors
        "sum(",
        "rate(app_requests_total)",
        "app_requests_total + on(job) app_temperature_celsius",
        "app_requests_total / ignoring(series) app_requests_total",
        "label_replace(app_requests_total, \"x\", \"y\", \"job\", \"(\")",
        "{__name__=~\"app_latency_seconds_(sum|count)\"} + 1",
        "count_values(\"1bad\", app_requests_total)",
        "holt_winters(app_temperature_celsius[5m], 2, 0.5)",
        "topk(1e30, app_requests_total)",
        "app_requests_total[5m]");
  }

  static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (String e : expressions()) {
      out.add(new Query(e, T0 + 2 * HOUR + 13_000, T0 + 2 * HOUR + 13_000, 0));
      out.add(new Query(e, T0 + 5 * HOUR + 30 * 60_000, T0 + 5 * HOUR + 30 * 60_000, 0));
      out.add(new Query(e, T0 + HOUR, T0 + 5 * HOUR, 120_000));
    }
    // API-level limit and a range beyond the data.
    out.add(new Query("app_requests_total", T0, T0 + 12_000 * 1000L, 1000));
    out.add(new Query("sum(rate(app_requests_total[5m]))", T0 - HOUR, T0 + 8 * HOUR, 600_000));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> sameAnswersAsPrometheus() {
    List<Query> qs = queries();
    assertThat(qs).hasSizeGreaterThanOrEqualTo(150);
    Stream<DynamicTest> each = qs.stream().map(q -> DynamicTest.dynamicTest(q.toString(), () -> {
      try {
        compare(q);
      } catch (AssertionError e) {
        throw new AssertionError(q + ": " + e.getMessage(), e);
      }
    }));
    // Agreement on empty answers proves little: most queries must return data, some must fail.
    DynamicTest coverage = DynamicTest.dynamicTest("queries mostly return data", () -> {
      System.out.printf("differential: %d queries, %d with data, %d empty, %d errors%n", qs.size(), withData,
          empty, errors);
      assertThat(withData).isGreaterThanOrEqualTo(qs.size() * 3 / 4);
      assertThat(errors).isGreaterThanOrEqualTo(25);
    });
    return Stream.concat(each, Stream.of(coverage));
  }

  private static int withData;
  private static int empty;
  private static int errors;

  private static void compare(Query q) throws IOException {
    JsonNode theirs = JSON.readTree(prometheusAnswer(q));
    String ourError = null;
    Value ours = null;
    try {
      if (q.instant()) {
        ours = ENGINE.instantQuery(blocks, q.expr(), q.start()).value();
      } else {
        Engine.checkRangeResolution(q.start(), q.end(), q.step());
        ours = ENGINE.rangeQuery(blocks, q.expr(), q.start(), q.end(), q.step()).value();
      }
    } catch (PromqlException e) {
      ourError = e.errorType().text() + ": " + e.getMessage();
    }
    if (theirs.path("status").asText().equals("error")) {
      assertThat(ourError).as("Prometheus failed with %s: %s", theirs.path("errorType").asText(),
          theirs.path("error").asText()).isNotNull();
      assertThat(ourError).startsWith(theirs.path("errorType").asText() + ":");
      errors++;
      return;
    }
    assertThat(ourError).as("Prometheus answered %s", theirs).isNull();
    JsonNode data = theirs.path("data");
    String type = data.path("resultType").asText();
    assertThat(ours.type().text()).isEqualTo(type);
    JsonNode result = data.path("result");
    if (type.equals("scalar") || type.equals("string") || result.size() > 0) {
      withData++;
    } else {
      empty++;
    }
    switch (type) {
      case "scalar" -> {
        assertThat(timestamp(result.get(0))).isEqualTo(((ScalarValue) ours).timestampMs());
        assertSameValue(value(result.get(1)), ((ScalarValue) ours).value(), "scalar");
      }
      case "string" -> assertThat(result.get(1).asText()).isEqualTo(((StringValue) ours).value());
      case "vector" -> compareVector(q, result, (VectorValue) ours);
      default -> {
        if (tiesMayDiffer(q)) {
          compareValuesPerStep(result, (MatrixValue) ours);
        } else {
          compareMatrix(result, (MatrixValue) ours);
        }
      }
    }
  }

  private static String prometheusAnswer(Query q) {
    String path = q.instant()
        ? "/api/v1/query?query=" + enc(q.expr()) + "&time=" + OpenMetricsWriter.seconds(q.start())
        : "/api/v1/query_range?query=" + enc(q.expr()) + "&start=" + OpenMetricsWriter.seconds(q.start())
            + "&end=" + OpenMetricsWriter.seconds(q.end()) + "&step=" + OpenMetricsWriter.seconds(q.step());
    HttpResponse<String> r = prometheus.get(path);
    return r.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static boolean tiesMayDiffer(Query q) {
    return q.expr().startsWith("topk") || q.expr().startsWith("bottomk");
  }

  /** For topk/bottomk: at each timestamp, the same multiset of values. */
  private static void compareValuesPerStep(JsonNode result, MatrixValue ours) {
    Map<Long, List<Double>> theirs = new java.util.TreeMap<>();
    for (JsonNode s : result) {
      for (JsonNode p : s.path("values")) {
        theirs.computeIfAbsent(timestamp(p.get(0)), k -> new ArrayList<>()).add(value(p.get(1)));
      }
    }
    Map<Long, List<Double>> mine = new java.util.TreeMap<>();
    for (MatrixSeries s : ours.series()) {
      for (int i = 0; i < s.size(); i++) {
        mine.computeIfAbsent(s.timestamps()[i], k -> new ArrayList<>()).add(s.values()[i]);
      }
    }
    assertThat(mine.keySet()).containsExactlyElementsOf(theirs.keySet());
    for (var e : theirs.entrySet()) {
      List<Double> t = e.getValue();
      List<Double> o = mine.get(e.getKey());
      t.sort(Double::compare);
      o.sort(Double::compare);
      assertThat(o).hasSameSizeAs(t);
      for (int i = 0; i < t.size(); i++) {
        assertSameValue(t.get(i), o.get(i), "value " + i + " at " + e.getKey());
      }
    }
  }

  private static void compareVector(Query q, JsonNode result, VectorValue ours) {
    Map<Labels, Double> theirs = new HashMap<>();
    List<Double> theirOrder = new ArrayList<>();
    for (JsonNode s : result) {
      assertThat(timestamp(s.path("value").get(0))).isEqualTo(q.start());
      double v = value(s.path("value").get(1));
      theirs.put(labels(s.path("metric")), v);
      theirOrder.add(v);
    }
    Map<Labels, Double> mine = new HashMap<>();
    List<Double> myOrder = new ArrayList<>();
    for (Sample s : ours.samples()) {
      mine.put(s.labels(), s.value());
      myOrder.add(s.value());
    }
    if (!tiesMayDiffer(q)) {
      assertThat(mine.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
      for (var e : theirs.entrySet()) {
        assertSameValue(e.getValue(), mine.get(e.getKey()), e.getKey().toString());
      }
    }
    if (q.expr().startsWith("sort") || q.expr().startsWith("topk") || q.expr().startsWith("bottomk")) {
      // Sorting functions define the order up to ties: the sequence of values must match.
      for (int i = 0; i < theirOrder.size(); i++) {
        assertSameValue(theirOrder.get(i), myOrder.get(i), "position " + i);
      }
    }
  }

  private static void compareMatrix(JsonNode result, MatrixValue ours) {
    List<MatrixSeries> theirs = new ArrayList<>();
    for (JsonNode s : result) {
      JsonNode values = s.path("values");
      long[] ts = new long[values.size()];
      double[] vs = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        ts[i] = timestamp(values.get(i).get(0));
        vs[i] = value(values.get(i).get(1));
      }
      theirs.add(new MatrixSeries(labels(s.path("metric")), ts, vs));
    }
    theirs.sort(Comparator.comparing(MatrixSeries::labels, Labels::compare));
    assertThat(ours.series()).extracting(MatrixSeries::labels)
        .containsExactlyElementsOf(theirs.stream().map(MatrixSeries::labels).toList());
    for (int i = 0; i < theirs.size(); i++) {
      MatrixSeries t = theirs.get(i);
      MatrixSeries o = ours.series().get(i);
      assertThat(o.timestamps()).as("timestamps of %s", t.labels()).containsExactly(t.timestamps());
      for (int k = 0; k < t.size(); k++) {
        assertSameValue(t.values()[k], o.values()[k], t.labels() + " at " + t.timestamps()[k]);
      }
    }
  }

  private static Labels labels(JsonNode metric) {
    Labels.Builder b = new Labels.Builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }

  private static long timestamp(JsonNode n) {
    return Math.round(n.asDouble() * 1000);
  }

  private static double value(JsonNode n) {
    return GoFloats.parseFloat(n.asText());
  }

  /** Float noise only: relative 1e-9; NaN and infinities must match exactly. */
  private static void assertSameValue(double theirs, double ours, String what) {
    if (Double.isNaN(theirs)) {
      assertThat(Double.isNaN(ours)).as("%s: Prometheus NaN, ours %s", what, ours).isTrue();
      return;
    }
    if (Double.isInfinite(theirs) || theirs == 0) {
      assertThat(ours).as(what).isEqualTo(theirs);
      return;
    }
    assertThat(Math.abs(theirs - ours) / Math.abs(theirs)).as("%s: Prometheus %s, ours %s", what, theirs, ours)
        .isLessThanOrEqualTo(1e-9);
  }
}
