package io.thanosj.e2e.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Http;
import io.thanosj.e2e.harness.Poll;
import io.thanosj.e2e.harness.PrometheusProcess;
import io.thanosj.e2e.harness.Role;
import io.thanosj.e2e.harness.RoleProcess;
import io.thanosj.labels.Matcher;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
import io.thanosj.objstore.testing.S3ProxyServer;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.block.MetaJson;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real Prometheus 2.42 replicas scraping the same targets, each with our sidecar (replica 0
 * shipping to a FILESYSTEM bucket, replica 1 to S3 served by S3Proxy in this JVM), and our querier over
 * both sidecars. Prometheus cuts 2-minute blocks so that shipping happens within the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SidecarWithRealPrometheusTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String S3_BUCKET = "sidecar-e2e";
  private static S3ProxyServer s3;
  private static Path fsBucket;
  private static String s3Yaml;
  private static PrometheusProcess prom0;
  private static PrometheusProcess prom1;
  private static RoleProcess sidecar0;
  private static RoleProcess sidecar1;
  private static RoleProcess query;
  private static long startedAtMs;

  @BeforeAll
  static void up() throws Exception {
    s3 = S3ProxyServer.startInMemory();
    s3.createBucket(S3_BUCKET);
    s3Yaml = s3.s3Yaml(S3_BUCKET);
    fsBucket = env.dir("bucket");
    Path fsConfig = env.dir("objstore").resolve("fs.yml");
    Path s3Config = env.dir("objstore").resolve("s3.yml");
    Files.writeString(fsConfig, "type: FILESYSTEM\nconfig:\n  directory: " + fsBucket + "\n");
    Files.writeString(s3Config, s3Yaml);

    PrometheusProcess.Builder b0 = env.prometheus("prometheus-0");
    PrometheusProcess.Builder b1 = env.prometheus("prometheus-1");
    String targets = "['" + b0.address() + "', '" + b1.address() + "']";
    prom0 = b0.config(config("0", targets)).flag("--storage.tsdb.min-block-duration", "2m")
        .flag("--storage.tsdb.max-block-duration", "2m").build();
    prom1 = b1.config(config("1", targets)).flag("--storage.tsdb.min-block-duration", "2m")
        .flag("--storage.tsdb.max-block-duration", "2m").build();
    prom0.start();
    prom1.start();
    prom0.awaitReady(Duration.ofSeconds(60));
    prom1.awaitReady(Duration.ofSeconds(60));
    startedAtMs = System.currentTimeMillis();

    sidecar0 = env.role(Role.SIDECAR, "sidecar-0").flag("--prometheus.url", prom0.url())
        .flag("--tsdb.path", prom0.dataDir().toString()).flag("--objstore.config-file", fsConfig.toString())
        .flag("--reloader.config-file", prom0.configFile().toString())
        .flag("--reloader.watch-interval", "2s").start();
    sidecar1 = env.role(Role.SIDECAR, "sidecar-1").flag("--prometheus.url", prom1.url())
        .flag("--tsdb.path", prom1.dataDir().toString()).flag("--objstore.config-file", s3Config.toString()).start();
    query = env.role(Role.QUERY, "query").flag("--endpoint", sidecar0.grpcAddress())
        .flag("--endpoint", sidecar1.grpcAddress()).flag("--query.replica-label", "replica").start();
    sidecar0.awaitReady(Duration.ofSeconds(90));
    sidecar1.awaitReady(Duration.ofSeconds(90));
    query.awaitReady(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static String config(String replica, String targets) {
    return """
        global:
          scrape_interval: 2s
          external_labels:
            cluster: e2e
            replica: "%s"
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: %s
        """.formatted(replica, targets);
  }

  private static final List<String> QUERIES = List.of(
      "up",
      "count by (job) (up)",
      "prometheus_build_info",
      "rate(prometheus_tsdb_head_samples_appended_total[20s])",
      "sum by (instance) (prometheus_tsdb_head_series)",
      "max_over_time(up[1m])",
      "histogram_quantile(0.9, sum by (le, instance) (rate(prometheus_http_request_duration_seconds_bucket[20s])))",
      // not topk: 2.42 and 2.53 break ties between equal values differently
      "quantile(0.5, prometheus_http_requests_total)",
      "count_values(\"v\", up)",
      "count({__name__=~\"prometheus_tsdb_.*\"})",
      "sum by (handler) (prometheus_http_requests_total)",
      "prometheus_engine_query_duration_seconds{quantile=\"0.9\"}",
      "sum(rate(prometheus_sd_discovered_targets[20s])) or vector(0)",
      "up{job=\"prometheus\"} * on(instance) group_left prometheus_build_info",
      "absent(nonexistent_metric)",
      "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")");

  @Test
  @Order(2)
  void queriesThroughThanosjEqualTheSameQueriesAgainstEachPrometheus() throws InterruptedException {
    // Every window must begin after the series began: where a counter starts inside a rate window,
    // Prometheus 2.42 extrapolates differently from 2.53 (whose semantics our engine follows).
    long earliest = startedAtMs + 60_000 + 30_000 + 10_000;
    while (System.currentTimeMillis() < earliest) {
      Thread.sleep(1_000);
    }
    long at = (System.currentTimeMillis() - 10_000) / 1000 * 1000;
    int compared = 0;
    for (PrometheusProcess prom : List.of(prom0, prom1)) {
      RoleProcess sidecar = prom == prom0 ? sidecar0 : sidecar1;
      for (String q : QUERIES) {
        String params = "&time=" + at / 1000;
        JsonNode direct = result(prom.url() + "/api/v1/query?query=" + enc(q) + params);
        JsonNode through = result(query.httpUrl() + "/api/v1/query?query=" + enc(q) + params + "&dedup=false"
            + "&storeMatch[]=" + enc("{__address__=\"" + sidecar.grpcAddress() + "\"}"));
        assertThat(normalise(through)).as("%s at %d via %s", q, at, sidecar.grpcAddress()).isEqualTo(normalise(direct));
        compared++;

        if (!q.startsWith("absent") && !q.contains("max_over_time")) {
          String range = "&start=" + (at / 1000 - 60) + "&end=" + at / 1000 + "&step=5";
          JsonNode directRange = result(prom.url() + "/api/v1/query_range?query=" + enc(q) + range);
          JsonNode throughRange = result(query.httpUrl() + "/api/v1/query_range?query=" + enc(q) + range
              + "&dedup=false&storeMatch[]=" + enc("{__address__=\"" + sidecar.grpcAddress() + "\"}"));
          assertThat(normalise(throughRange)).as("range %s via %s", q, sidecar.grpcAddress())
              .isEqualTo(normalise(directRange));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(50);
  }

  @Test
  @Order(3)
  void editingTheConfigFileReloadsPrometheusWithinSeconds() throws Exception {
    String edited = Files.readString(prom0.configFile()).replace("scrape_interval: 2s", "scrape_interval: 3s");
    Files.writeString(prom0.configFile(), edited);
    Poll.until(Duration.ofSeconds(20), "Prometheus 0 running the edited config", () ->
        result(prom0.url() + "/api/v1/status/config").path("yaml").asText().contains("scrape_interval: 3s"));
  }

  @Test
  @Order(1)
  void shippedBlocksReachBothBucketsWithThanosMetadataAndReadBack() throws Exception {
    try (Bucket fs = Buckets.create(BucketConfig.parse("type: FILESYSTEM\nconfig:\n  directory: " + fsBucket + "\n",
            Map.of()), new SimpleMeterRegistry());
         Bucket s3Bucket = Buckets.create(BucketConfig.parse(s3Yaml, Map.of()), new SimpleMeterRegistry())) {
      for (Bucket bucket : List.of(fs, s3Bucket)) {
        String replica = bucket == fs ? "0" : "1";
        String block = Poll.untilValue(Duration.ofMinutes(6), "a block with meta.json in the " + replica + " bucket",
            () -> firstCompleteBlock(bucket));
        Path local = env.dir("downloaded-" + replica).resolve(block);
        download(bucket, block, local);
        BlockMeta meta = MetaJson.read(local);
        assertThat(meta.thanos().labels()).isEqualTo(Map.of("cluster", "e2e", "replica", replica));
        assertThat(meta.thanos().source()).isEqualTo("sidecar");
        assertThat(meta.thanos().downsampleResolution()).isZero();
        try (BlockReader reader = BlockReader.open(local)) {
          BlockSeriesSet all = reader.querier(meta.minTime(), meta.maxTime())
              .select(List.of(Matcher.of(Matcher.Type.RE, "__name__", ".+")));
          long series = 0;
          while (all.next()) {
            series++;
          }
          assertThat(series).isEqualTo(meta.stats().numSeries()).isPositive();
        }
        // The same block in Prometheus' own directory: the sidecar shipped it unchanged.
        PrometheusProcess prom = replica.equals("0") ? prom0 : prom1;
        assertThat(Files.readAllBytes(local.resolve("index")))
            .isEqualTo(Files.readAllBytes(prom.dataDir().resolve(block).resolve("index")));
      }
    }
  }

  @Test
  @Order(4)
  void stoppedPrometheusMakesItsSidecarUnreadyAndTheQueryWarnUntilItReturns() {
    prom1.stop();
    Poll.until(Duration.ofSeconds(45), "sidecar-1 unready", () -> !sidecar1.isReady());
    JsonNode answer = json(Http.get(query.httpUrl() + "/api/v1/query?query=" + enc("up")));
    assertThat(answer.get("status").asText()).isEqualTo("success");
    assertThat(answer.path("warnings").toString()).contains(sidecar1.grpcAddress());
    JsonNode strict = json(Http.get(query.httpUrl() + "/api/v1/query?query=" + enc("up") + "&partial_response=false"));
    assertThat(strict.get("status").asText()).isEqualTo("error");

    prom1.start();
    prom1.awaitReady(Duration.ofSeconds(60));
    Poll.until(Duration.ofSeconds(60), "sidecar-1 ready again", sidecar1::isReady);
    Poll.until(Duration.ofSeconds(60), "answers without warnings", () ->
        !json(Http.get(query.httpUrl() + "/api/v1/query?query=" + enc("up"))).has("warnings"));
  }

  private static String firstCompleteBlock(Bucket bucket) {
    List<String> dirs = new ArrayList<>();
    try {
      bucket.iter("", dirs::add);
      for (String d : dirs) {
        String name = d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
        if (name.length() == 26 && bucket.exists(name + "/meta.json")) {
          return name;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  private static void download(Bucket bucket, String block, Path to) throws IOException {
    List<String> names = new ArrayList<>();
    bucket.iter(block + "/", names::add, true);
    for (String name : names) {
      Path target = to.resolve(name.substring(block.length() + 1));
      Files.createDirectories(target.getParent());
      try (InputStream in = bucket.get(name)) {
        Files.copy(in, target);
      }
    }
  }

  /** The result as a map from labels (external labels removed) to values, independent of order. */
  private static Map<String, String> normalise(JsonNode result) {
    Map<String, String> out = new TreeMap<>();
    JsonNode r = result.get("result");
    if (!r.isArray()) {
      out.put("scalar", r.toString());
      return out;
    }
    for (JsonNode s : r) {
      Map<String, String> labels = new TreeMap<>();
      s.get("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      labels.remove("cluster");
      labels.remove("replica");
      out.put(labels.toString(), s.has("value") ? s.get("value").toString() : s.get("values").toString());
    }
    return out;
  }

  private static JsonNode result(String url) {
    JsonNode body = json(Http.get(url));
    assertThat(body.get("status").asText()).as("%s -> %s", url, body).isEqualTo("success");
    return body.get("data");
  }

  private static JsonNode json(Http.Response r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(r.body(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
