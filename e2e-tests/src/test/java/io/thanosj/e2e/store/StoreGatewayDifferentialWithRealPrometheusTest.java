package io.thanosj.e2e.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.e2e.harness.ApiQuery;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Http;
import io.thanosj.e2e.harness.Poll;
import io.thanosj.e2e.harness.PrometheusAnswers;
import io.thanosj.e2e.harness.Role;
import io.thanosj.e2e.harness.RoleProcess;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
import io.thanosj.objstore.testing.S3ProxyServer;
import io.thanosj.promql.differential.DifferentialData;
import io.thanosj.promql.differential.DifferentialWithRealPrometheusTest;
import io.thanosj.tsdb.testing.OpenMetricsWriter;
import io.thanosj.tsdb.testing.PrometheusServer;
import io.thanosj.tsdb.testing.Promtool;
import io.thanosj.tsdb.testing.TestSeries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store gateway's differential test: promtool blocks made from the PromQL differential data
 * (counters with resets, gauges with NaN and ±Inf, classic histograms, awkward label values) are put
 * into a FILESYSTEM bucket and an S3 bucket (S3Proxy, in this JVM); each bucket is served by our store
 * gateway behind our querier (separate processes), and a real Prometheus 2.42 serves the same blocks
 * from its data directory. Every query of the PromQL differential list, instant and range, must give
 * the same answer through both buckets as from Prometheus.
 */
class StoreGatewayDifferentialWithRealPrometheusTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final long T0 = DifferentialWithRealPrometheusTest.T0;
  private static final long HOUR = 3_600_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PrometheusServer prometheus;
  private static S3ProxyServer s3;
  private static RoleProcess queryFs;
  private static RoleProcess queryS3;

  @BeforeAll
  static void up() throws Exception {
    List<TestSeries> series = new DifferentialData(20_240_601L, T0, 6 * HOUR).generate(120, 80, 20);
    Path om = env.dir("data").resolve("data.om");
    OpenMetricsWriter.write(series, om);
    Path blocks = env.dir("blocks");
    List<Path> made = Promtool.createBlocks(om, blocks);
    assertThat(made).isNotEmpty();

    Path fsBucket = env.dir("bucket-fs");
    copyTree(blocks, fsBucket);
    Path promData = env.dir("prometheus-data");
    copyTree(blocks, promData);

    s3 = S3ProxyServer.startInMemory();
    s3.createBucket("blocks");
    String s3Yaml = s3.s3Yaml("blocks");
    try (Bucket b = Buckets.create(BucketConfig.parse(s3Yaml, Map.of()), new SimpleMeterRegistry())) {
      upload(blocks, b);
    }

    prometheus = PrometheusServer.start(promData, "--storage.tsdb.retention.time=10y");
    RoleProcess storeFs = store("store-fs", "type: FILESYSTEM\nconfig:\n  directory: " + fsBucket.toAbsolutePath() + "\n");
    RoleProcess storeS3 = store("store-s3", s3Yaml);
    queryFs = env.role(Role.QUERY, "query-fs").flag("--endpoint", storeFs.grpcAddress()).start();
    queryS3 = env.role(Role.QUERY, "query-s3").flag("--endpoint", storeS3.grpcAddress()).start();
    for (RoleProcess r : List.of(storeFs, storeS3, queryFs, queryS3)) {
      r.awaitReady(Duration.ofSeconds(120));
    }
    // The querier picks the store up with its first Info round.
    for (RoleProcess q : List.of(queryFs, queryS3)) {
      Poll.until(Duration.ofSeconds(60), q.httpUrl() + " sees the store's data",
          () -> Http.get(q.httpUrl() + "/api/v1/query?query=count(app_requests_total)&time=" + ApiQuery.seconds(T0 + 3 * HOUR)).body().contains("\"value\""));
    }
  }

  private static RoleProcess store(String name, String objstoreYaml) {
    return env.role(Role.STORE, name)
        .flag("--objstore.config", objstoreYaml)
        .flag("--data-dir", env.dir(name + "-data").toString())
        .flag("--sync-block-duration", "30s")
        .start();
  }

  @AfterAll
  static void down() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (s3 != null) {
      s3.close();
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

  private static void upload(Path blocks, Bucket bucket) throws IOException {
    try (Stream<Path> s = Files.walk(blocks)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          bucket.upload(blocks.relativize(p).toString().replace('\\', '/'), in, Files.size(p));
        }
      }
    }
  }

  private static List<ApiQuery> queries() {
    List<ApiQuery> out = new ArrayList<>();
    for (String e : DifferentialWithRealPrometheusTest.expressions()) {
      out.add(new ApiQuery(e, T0 + 2 * HOUR + 13_000, T0 + 2 * HOUR + 13_000, 0, T0));
      out.add(new ApiQuery(e, T0 + 5 * HOUR + 30 * 60_000, T0 + 5 * HOUR + 30 * 60_000, 0, T0));
      out.add(new ApiQuery(e, T0 + HOUR, T0 + 5 * HOUR, 120_000, T0));
    }
    out.add(new ApiQuery("sum(rate(app_requests_total[5m]))", T0 - HOUR, T0 + 8 * HOUR, 600_000, T0));
    return out;
  }

  @Test
  void storeGatewayBehindTheQuerierAnswersLikePrometheus() throws Exception {
    List<ApiQuery> qs = queries();
    assertThat(qs).hasSizeGreaterThanOrEqualTo(150);
    List<String> disagreements = new ArrayList<>();
    int agreed = 0;
    int withData = 0;
    int errors = 0;
    for (ApiQuery q : qs) {
      JsonNode theirs = JSON.readTree(Http.get(prometheus.url() + q.path()).body());
      boolean ok = true;
      for (RoleProcess query : List.of(queryFs, queryS3)) {
        JsonNode ours = JSON.readTree(Http.get(query.httpUrl() + q.path()).body());
        String diff = PrometheusAnswers.difference(theirs, ours, q.expr().startsWith("topk") || q.expr().startsWith("bottomk"));
        if (diff != null) {
          ok = false;
          disagreements.add((query == queryFs ? "FILESYSTEM" : "S3") + " " + q + ": " + diff);
        }
      }
      if (ok) {
        agreed++;
      }
      if ("error".equals(theirs.path("status").asText())) {
        errors++;
      } else if (PrometheusAnswers.hasData(theirs)) {
        withData++;
      }
    }
    System.out.printf("store differential: %d queries, %d agree on both buckets, %d with data, %d errors%n", qs.size(), agreed, withData, errors);
    assertThat(disagreements).as("queries where the store gateway path and Prometheus disagree").isEmpty();
    assertThat(agreed).isGreaterThanOrEqualTo(150);
    // Agreement on empty answers proves little.
    assertThat(withData).isGreaterThanOrEqualTo(qs.size() * 3 / 4);
  }
}
