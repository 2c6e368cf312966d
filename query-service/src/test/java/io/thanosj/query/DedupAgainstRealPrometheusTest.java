package io.thanosj.query;

import static io.thanosj.query.testing.HttpJson.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.query.testing.GrpcStoreServer;
import io.thanosj.query.testing.HttpJson;
import io.thanosj.query.testing.RealPrometheus;
import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.acceptance.SeriesData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas behind StoreAPI endpoints (real gRPC; external label replica=a / replica=b), replica b
 * with a 20-minute hole in every series, deduplicated by our querier, against the Debian package's
 * Prometheus 2.42 serving the complete replica's samples as promtool blocks: instant and range
 * answers must be byte-identical. Not yet the full e2e form (two Prometheus processes behind
 * our sidecars); the replicas here are in-memory StoreAPI servers.
 */
class DedupAgainstRealPrometheusTest {

  static final long WINDOW = 1_700_006_400_000L;
  static final long START = WINDOW / 1000;
  static final long GAP_FROM = WINDOW + 30 * 60_000;
  static final long GAP_TO = WINDOW + 50 * 60_000;

  @TempDir
  static Path dir;

  static RealPrometheus prometheus;
  static GrpcStoreServer complete;
  static GrpcStoreServer gapped;
  static RunningRole query;

  @BeforeAll
  static void start() throws Exception {
    Dataset data = Dataset.standard(WINDOW);
    prometheus = RealPrometheus.start(dir, data, "global:\n  scrape_interval: 15s\n");
    complete = new GrpcStoreServer(new InMemoryStore(data, Labels.of("replica", "a"), "sidecar")).start();
    gapped = new GrpcStoreServer(new InMemoryStore(withGap(data), Labels.of("replica", "b"), "sidecar")).start();
    query = ThanosRole.start("query", QueryApplication.class, QueryFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--endpoint=" + gapped.address(), "--endpoint=" + complete.address(),
        "--query.replica-label=replica", "--endpoint.update-interval=1s", "--endpoint.info-timeout=1s");
  }

  static Dataset withGap(Dataset data) {
    List<SeriesData> out = new ArrayList<>();
    for (SeriesData s : data.series()) {
      int kept = 0;
      long[] ts = new long[s.size()];
      double[] vs = new double[s.size()];
      for (int i = 0; i < s.size(); i++) {
        long t = s.timestamps()[i];
        if (t < GAP_FROM || t >= GAP_TO) {
          ts[kept] = t;
          vs[kept++] = s.values()[i];
        }
      }
      out.add(new SeriesData(s.labels(), java.util.Arrays.copyOf(ts, kept), java.util.Arrays.copyOf(vs, kept)));
    }
    return new Dataset(data.windowStart(), out);
  }

  @AfterAll
  static void stop() {
    if (query != null) {
      query.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {complete, gapped, prometheus}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void deduplicatedAnswersEqualTheCompleteReplicasPrometheus() {
    String ours = "http://127.0.0.1:" + query.httpPort() + "/api/v1/";
    String theirs = prometheus.url() + "/api/v1/";
    String[] exprs = {"up", "http_requests_total", "rate(http_requests_total[5m])", "increase(http_requests_total[10m])",
        "sum by (job) (rate(http_requests_total[1m]))", "node_load1", "avg_over_time(node_load1[5m])",
        "max_over_time(node_load1[2m])", "count_over_time(up[5m])", "resets(http_requests_total[15m])",
        "irate(http_requests_total[1m])", "sum(up)", "match", "count({__name__=~\"match|late\"})", "late"};
    // Instant queries before, at the edges of, inside and after replica b's gap.
    long[] offsets = {600, 1795, 1800, 1815, 2100, 2400, 2999, 3000, 3015, 3300, 6000};
    int compared = 0;
    for (String q : exprs) {
      for (long off : offsets) {
        String form = form("query", q, "time", Long.toString(START + off));
        HttpJson.Response want = HttpJson.get(theirs + "query?" + form);
        assertThat(want.status()).as(want.body()).isEqualTo(200);
        assertThat(HttpJson.get(ours + "query?" + form).body()).as(form).isEqualTo(want.body());
        compared++;
      }
      String range = form("query", q, "start", Long.toString(START + 900), "end", Long.toString(START + 4500), "step", "30");
      HttpJson.Response want = HttpJson.get(theirs + "query_range?" + range);
      assertThat(want.status()).as(want.body()).isEqualTo(200);
      assertThat(HttpJson.get(ours + "query_range?" + range).body()).as(range).isEqualTo(want.body());
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(100);
  }
}
