package io.thanosj.benchmarks.promql;

import io.thanosj.benchmarks.harness.MatrixTotals;
import io.thanosj.benchmarks.harness.LocalEndpoints;
import io.thanosj.benchmarks.harness.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.Labels;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.EngineOptions;
import io.thanosj.promql.storage.blocks.BlockQueryable;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.tsdb.block.BlockWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The same PromQL range queries over the same blocks, through a real Prometheus (its HTTP API, timed
 * by Prometheus' own {@code stats=all} execTotalTime, so HTTP and JSON are not counted against it) and
 * through our engine in-process over {@link BlockQueryable}; prints the median of each and their ratio
 * as Markdown rows, and checks that both return the same series count and values.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.thanosj.benchmarks.promql.EngineVsPrometheus [dir] [series] [hours] [only]</pre>
 *
 * The data: {@code series} counters {@code http_requests_total} (15 s scrape, occasional resets) in 20
 * jobs, plus 100 classic histograms of 10 buckets each, over {@code hours} hours in 2 h blocks written
 * by our block writer. Prometheus gets its own copy, with compaction disabled, so that both read the
 * same block layout.
 */
public final class EngineVsPrometheus {

  private static final long HOUR = 3_600_000L;
  private static final long SCRAPE = 15_000L;
  private static final int RUNS = 5;
  private static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private record Query(String name, String expr, long stepMs) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/promql-bench");
    int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int hours = args.length > 2 ? Integer.parseInt(args[2]) : 24;
    String only = args.length > 3 ? args[3] : ""; // run only the queries containing this text
    long end = System.currentTimeMillis() / (2 * HOUR) * (2 * HOUR);
    long start = end - hours * HOUR;

    Path ours = dir.resolve("blocks");
    Path theirs = dir.resolve("prometheus");
    if (!Files.isDirectory(ours) || !Files.exists(dir.resolve("done-" + series + "-" + hours + "-" + end))) {
      FileTrees.delete(dir);
      Files.createDirectories(ours);
      long t0 = System.nanoTime();
      writeBlocks(ours, series, start, end);
      System.err.printf("wrote %d h of %d counters + 1,000 histogram series in %.1f s%n", hours, series,
          (System.nanoTime() - t0) / 1e9);
      FileTrees.copy(ours, theirs);
      Files.createFile(dir.resolve("done-" + series + "-" + hours + "-" + end));
    }

    List<Query> queries = List.of(
        new Query("sum by (job) (rate(...[5m])), " + series + " series, " + hours + " h, step 60 s",
            "sum by (job) (rate(http_requests_total[5m]))", 60_000),
        new Query("histogram_quantile(0.99, sum by (le) (rate(..._bucket[5m]))), step 60 s",
            "histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))", 60_000),
        new Query("topk(5, rate(...[5m])), step 5 m", "topk(5, rate(http_requests_total[5m]))", 300_000),
        new Query("max_over_time(sum(rate(...[5m]))[1h:1m]) subquery, step 5 m",
            "max_over_time(sum(rate(http_requests_total[5m]))[1h:1m])", 300_000));

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\n");
    Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + theirs, "--storage.tsdb.retention.time=30d",
        "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h",
        "--query.max-samples=500000000", "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    String base = "http://127.0.0.1:" + port;
    try (BlockQueryable blocks = BlockQueryable.open(ours)) {
      LocalEndpoints.awaitOk(base + "/-/ready");
      Engine engine = new Engine(EngineOptions.defaults().withMaxSamples(500_000_000).withTimeout(Duration.ofMinutes(5)));
      System.out.println("| query | Prometheus 2.42 (median of " + RUNS + ") | ThanosJ engine (median of " + RUNS
          + ") | ThanosJ / Prometheus |");
      System.out.println("|---|---|---|---|");
      for (Query q : queries) {
        if (!q.expr.contains(only)) {
          continue;
        }
        double[] prom = new double[RUNS];
        double[] mine = new double[RUNS];
        JsonNode promResult = null;
        MatrixValue myResult = null;
        for (int run = -1; run < RUNS; run++) { // run -1 warms both up
          JsonNode r = prometheusQuery(base, q.expr, start, end, q.stepMs);
          long t0 = System.nanoTime();
          MatrixValue m = (MatrixValue) engine.rangeQuery(blocks, q.expr, start, end, q.stepMs).value();
          double ms = (System.nanoTime() - t0) / 1e6;
          if (run >= 0) {
            prom[run] = r.get("data").get("stats").get("timings").get("execTotalTime").asDouble() * 1000;
            mine[run] = ms;
          }
          promResult = r;
          myResult = m;
        }
        String check = compare(promResult.get("data").get("result"), myResult);
        double p = median(prom);
        double o = median(mine);
        System.out.printf("| `%s` | %.0f ms | %.0f ms | %.2f%s |%n", q.expr, p, o, o / p,
            check.isEmpty() ? "" : " (results differ: " + check + ")");
      }
    } finally {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  private static void writeBlocks(Path dir, int series, long start, long end) {
    List<Labels> counters = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      counters.add(Labels.of("__name__", "http_requests_total", "code", i % 7 == 0 ? "500" : "200",
          "instance", "host-" + i, "job", "job-" + (i % 20)));
    }
    List<Labels> histograms = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (String le : BUCKETS) {
        histograms.add(Labels.of("__name__", "request_duration_seconds_bucket", "instance", "host-" + i, "job", "api", "le", le));
      }
    }
    List<Labels> all = new ArrayList<>(counters);
    all.addAll(histograms);
    all.sort(Labels::compare);
    int n = (int) (2 * HOUR / SCRAPE);
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (long blockStart = start; blockStart < end; blockStart += 2 * HOUR) {
      try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT)) {
        for (Labels l : all) {
          // Each series' values continue across blocks: derive them from the series and the time.
          SplittableRandom rnd = new SplittableRandom(l.hashCode() * 31L + blockStart);
          double rate = 1 + (l.hashCode() & 0xff) / 16.0;
          String le = l.get("le");
          double share = le == null ? 1 : bucketShare(le);
          for (int k = 0; k < n; k++) {
            long t = blockStart + k * SCRAPE + (rnd.nextInt(100) == 0 ? 1 : 0);
            ts[k] = t;
            double v = Math.floor((t - start) / 1000.0 * rate * share);
            vs[k] = le == null && (t / SCRAPE) % 5000 == 17 ? 0 : v; // a counter reset now and then
          }
          w.addSeries(l, ts, vs, n);
        }
        w.finish();
      }
    }
  }

  private static double bucketShare(String le) {
    int i = Arrays.asList(BUCKETS).indexOf(le);
    return (i + 1) / (double) BUCKETS.length;
  }

  private static String compare(JsonNode prom, MatrixValue mine) {
    if (prom.size() != mine.series().size()) {
      return "series " + prom.size() + " vs " + mine.series().size();
    }
    long myPoints = 0;
    double mySum = 0;
    for (MatrixSeries s : mine.series()) {
      for (double v : s.values()) {
        mySum += Double.isFinite(v) ? v : 0;
        myPoints++;
      }
    }
    return MatrixTotals.of(prom).differenceFrom(new MatrixTotals(myPoints, mySum), 1e-6);
  }

  private static JsonNode prometheusQuery(String base, String expr, long start, long end, long step) throws Exception {
    String url = base + "/api/v1/query_range?stats=all&query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
        + "&start=" + start / 1000 + "&end=" + end / 1000 + "&step=" + step / 1000;
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(expr + ": Prometheus answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
