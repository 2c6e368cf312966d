package io.thanosj.e2e.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.e2e.harness.ApiQuery;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Http;
import io.thanosj.e2e.harness.Poll;
import io.thanosj.e2e.harness.PrometheusAnswers;
import io.thanosj.e2e.harness.PrometheusProcess;
import io.thanosj.e2e.harness.Role;
import io.thanosj.e2e.harness.RoleProcess;
import io.thanosj.promql.differential.DifferentialData;
import io.thanosj.promql.differential.DifferentialWithRealPrometheusTest;
import io.thanosj.tsdb.testing.OpenMetricsWriter;
import io.thanosj.tsdb.testing.Promtool;
import io.thanosj.tsdb.testing.TestSeries;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deduplication across two real Prometheus 2.42 replicas (external labels {@code cluster} and
 * {@code replica}), each behind our sidecar, queried through our query service with
 * {@code --query.replica-label=replica}. Both replicas hold the same promtool-made blocks, except that
 * replica "b" misses 40 minutes in the middle (as if it had been down). Through the querier the
 * deduplicated answer must be the complete replica's: every query is compared with replica "a"'s
 * Prometheus itself.
 */
class DedupOfRealReplicasWithGapTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final long T0 = DifferentialWithRealPrometheusTest.T0;
  private static final long HOUR = 3_600_000L;
  private static final long MINUTE = 60_000L;
  /** Replica b has no samples in [GAP_START, GAP_END). */
  private static final long GAP_START = T0 + 2 * HOUR + 30 * MINUTE;
  private static final long GAP_END = T0 + 3 * HOUR + 10 * MINUTE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PrometheusProcess complete;
  private static PrometheusProcess gapped;
  private static RoleProcess query;

  @BeforeAll
  static void up() throws Exception {
    List<TestSeries> series = new DifferentialData(20_261_123L, T0, 6 * HOUR).generate(60, 40, 10);
    List<TestSeries> withGap = new ArrayList<>();
    for (TestSeries s : series) {
      withGap.add(withoutWindow(s, GAP_START, GAP_END));
    }
    complete = replica("a", series);
    gapped = replica("b", withGap);

    RoleProcess sidecarA = sidecar("a", complete);
    RoleProcess sidecarB = sidecar("b", gapped);
    query = env.role(Role.QUERY, "query").flag("--endpoint", sidecarA.grpcAddress())
        .flag("--endpoint", sidecarB.grpcAddress()).flag("--query.replica-label", "replica").start();
    for (RoleProcess r : List.of(sidecarA, sidecarB, query)) {
      r.awaitReady(Duration.ofSeconds(120));
    }
    // Both replicas are in the querier's view once a non-deduplicated query sees both.
    Poll.until(Duration.ofSeconds(60), "the querier to see both replicas", () -> {
      JsonNode r = get(query.httpUrl() + instant("count by (replica) (app_requests_total)", T0 + HOUR) + "&dedup=false");
      return r.path("data").path("result").size() == 2;
    });
  }

  private static PrometheusProcess replica(String name, List<TestSeries> data) throws Exception {
    Path om = env.dir("data-" + name).resolve("data.om");
    OpenMetricsWriter.write(data, om);
    Path tsdb = env.dir("prometheus-" + name + "-data");
    assertThat(Promtool.createBlocks(om, tsdb)).isNotEmpty();
    String config = """
        global:
          external_labels:
            cluster: c1
            replica: "%s"
        """.formatted(name);
    return env.prometheus("prometheus-" + name).config(config).dataDir(tsdb)
        .flag("--storage.tsdb.retention.time", "10y").start();
  }

  private static RoleProcess sidecar(String name, PrometheusProcess prometheus) {
    return env.role(Role.SIDECAR, "sidecar-" + name).flag("--prometheus.url", prometheus.url())
        .flag("--tsdb.path", prometheus.dataDir().toString()).start();
  }

  private static TestSeries withoutWindow(TestSeries s, long from, long to) {
    int n = 0;
    long[] ts = new long[s.size()];
    double[] vs = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      long t = s.timestamps()[i];
      if (t < from || t >= to) {
        ts[n] = t;
        vs[n] = s.values()[i];
        n++;
      }
    }
    return new TestSeries(s.labels(), s.type(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
  }

  @Test
  void theGapIsRealAndBothReplicasReachTheQuerier() {
    long inGap = GAP_START + 20 * MINUTE;
    assertThat(get(gapped.url() + instant("count(app_requests_total)", inGap)).path("data").path("result"))
        .as("replica b's own Prometheus inside the gap").isEmpty();
    assertThat(get(complete.url() + instant("count(app_requests_total)", inGap)).path("data").path("result"))
        .as("replica a's own Prometheus inside the gap").hasSize(1);

    // Without dedup the querier shows each replica's series: twice the series outside the gap, and
    // only replica a's inside it. With dedup, one copy, without the replica label.
    String selector = "app_requests_total{job=\"job1\"}";
    JsonNode before = get(query.httpUrl() + instant(selector, T0 + HOUR) + "&dedup=false").path("data").path("result");
    JsonNode beforeDeduplicated = get(query.httpUrl() + instant(selector, T0 + HOUR) + "&dedup=true").path("data").path("result");
    assertThat(beforeDeduplicated).isNotEmpty();
    assertThat(before).hasSize(2 * beforeDeduplicated.size());
    for (JsonNode s : beforeDeduplicated) {
      assertThat(s.path("metric").has("replica")).isFalse();
      assertThat(s.path("metric").path("cluster").asText()).isEqualTo("c1");
    }
    JsonNode inside = get(query.httpUrl() + instant(selector, inGap) + "&dedup=false").path("data").path("result");
    assertThat(inside).hasSize(beforeDeduplicated.size());
    for (JsonNode s : inside) {
      assertThat(s.path("metric").path("replica").asText()).isEqualTo("a");
    }
  }

  @Test
  void deduplicatedAnswersEqualTheCompleteReplicasPrometheus() {
    List<ApiQuery> queries = queries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(100);
    List<String> disagreements = new ArrayList<>();
    int withData = 0;
    for (ApiQuery q : queries) {
      JsonNode theirs = get(complete.url() + q.path());
      JsonNode ours = get(query.httpUrl() + q.path() + "&dedup=true");
      boolean valuesOnly = q.expr().startsWith("topk") || q.expr().startsWith("bottomk");
      // Our series carry the external label cluster="c1" (Prometheus' own API never shows it).
      String diff = PrometheusAnswers.difference(theirs, ours, valuesOnly, Set.of("cluster"));
      if (diff != null) {
        disagreements.add(q + ": " + diff);
      }
      if (PrometheusAnswers.hasData(theirs)) {
        withData++;
      }
    }
    System.out.printf("dedup with a gap: %d queries, %d agree with replica a's Prometheus, %d with data%n",
        queries.size(), queries.size() - disagreements.size(), withData);
    assertThat(disagreements).as("queries where the deduplicated answer differs from the complete replica").isEmpty();
    // Agreement on empty answers proves little.
    assertThat(withData).isGreaterThanOrEqualTo(queries.size() * 3 / 4);
  }

  /**
   * Every expression of the PromQL differential list, evaluated inside the gap, just after it (where
   * range windows reach back into it) and as a range query across it; plus a long-range overview.
   */
  private static List<ApiQuery> queries() {
    List<ApiQuery> out = new ArrayList<>();
    for (String e : DifferentialWithRealPrometheusTest.expressions()) {
      if (usesExternalLabels(e)) {
        continue;
      }
      out.add(new ApiQuery(e, GAP_START + 20 * MINUTE, GAP_START + 20 * MINUTE, 0, T0));
      out.add(new ApiQuery(e, GAP_END + 2 * MINUTE + 13_000, GAP_END + 2 * MINUTE + 13_000, 0, T0));
      out.add(new ApiQuery(e, GAP_START - HOUR, GAP_END + HOUR, 120_000, T0));
    }
    out.add(new ApiQuery("sum(rate(app_requests_total[5m]))", T0 - HOUR, T0 + 7 * HOUR, 300_000, T0));
    out.add(new ApiQuery("count(app_requests_total)", T0, T0 + 6 * HOUR, 60_000, T0));
    return out;
  }

  /** Expressions whose answer legitimately changes with an extra label on every series. */
  private static boolean usesExternalLabels(String expr) {
    return expr.contains("cluster") || expr.contains("replica");
  }

  private static JsonNode get(String url) {
    try {
      return JSON.readTree(Http.get(url).body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String instant(String expr, long atMs) {
    return "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time=" + ApiQuery.seconds(atMs);
  }
}
