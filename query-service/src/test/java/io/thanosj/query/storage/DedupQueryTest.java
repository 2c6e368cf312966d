package io.thanosj.query.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.dedup.DedupFunction;
import io.thanosj.labels.Labels;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.EngineOptions;
import io.thanosj.promql.engine.QueryResult;
import io.thanosj.promql.storage.MemoryQueryable;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.VectorValue;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.acceptance.SeriesData;
import io.thanosj.storeapi.proxy.ProxyEndpoint;
import io.thanosj.storeapi.proxy.ProxyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the same data, one with a 20-minute gap, behind the proxy: the deduplicated
 * answers must equal the answers over the complete replica alone, evaluated by the same engine.
 */
class DedupQueryTest {

  static final long START = 1_700_006_400_000L;
  static final long STEP = 15_000;
  static final int SAMPLES = 480; // 2h
  static final int GAP_FROM = 200;
  static final int GAP_TO = 280;

  static Dataset replica(boolean withGap) {
    List<SeriesData> series = new ArrayList<>();
    String[][] sets = {
      {"__name__", "http_requests_total", "job", "api", "code", "200"},
      {"__name__", "http_requests_total", "job", "api", "code", "500"},
      {"__name__", "temperature", "room", "a"},
      {"__name__", "temperature", "room", "b"},
    };
    for (int s = 0; s < sets.length; s++) {
      List<Long> ts = new ArrayList<>();
      List<Double> vs = new ArrayList<>();
      for (int j = 0; j < SAMPLES; j++) {
        if (withGap && j >= GAP_FROM && j < GAP_TO) {
          continue;
        }
        ts.add(START + j * STEP);
        boolean counter = s < 2;
        // A counter reset at sample 350 in both replicas.
        double v = counter ? (j < 350 ? j * (s + 1.5) : (j - 350) * (s + 1.5)) : Math.round(Math.sin(j / 9.0 + s) * 1000) / 10.0;
        vs.add(v);
      }
      long[] t = ts.stream().mapToLong(Long::longValue).toArray();
      double[] v = vs.stream().mapToDouble(Double::doubleValue).toArray();
      series.add(new SeriesData(Labels.of(sets[s]), t, v));
    }
    return new Dataset(START, series);
  }

  private final Engine engine = new Engine(EngineOptions.defaults());

  private StoreQueryable deduplicated(boolean dedup) {
    InMemoryStore gappy = new InMemoryStore(replica(true), Labels.of("cluster", "eu", "replica", "a"));
    InMemoryStore complete = new InMemoryStore(replica(false), Labels.of("cluster", "eu", "replica", "b"));
    List<ProxyEndpoint> endpoints = List.of(
        ProxyEndpoint.fromInfo("a", gappy, gappy.info()), ProxyEndpoint.fromInfo("b", complete, complete.info()));
    ProxyStore proxy = new ProxyStore(() -> endpoints, Executors.newCachedThreadPool());
    return new StoreQueryable(proxy, new QueryScope(dedup, List.of("replica"), DedupFunction.PENALTY, true, 0));
  }

  private static MemoryQueryable reference() {
    MemoryQueryable m = new MemoryQueryable();
    for (SeriesData s : replica(false).series()) {
      Labels l = s.labels().toBuilder().set("cluster", "eu").build();
      for (int i = 0; i < s.size(); i++) {
        m.append(l, s.timestamps()[i], s.values()[i]);
      }
    }
    return m;
  }

  static final List<String> QUERIES = List.of(
      "http_requests_total",
      "temperature",
      "rate(http_requests_total[5m])",
      "increase(http_requests_total[10m])",
      "irate(http_requests_total[1m])",
      "resets(http_requests_total[30m])",
      "sum by (job) (rate(http_requests_total[2m]))",
      "max_over_time(temperature[5m])",
      "avg_over_time(temperature[3m])",
      "count_over_time(temperature[1m])",
      "deriv(temperature[10m])",
      "temperature offset 5m");

  @Test
  void deduplicatedAnswersEqualTheCompleteReplicasAcrossTheGap() {
    StoreQueryable dedup = deduplicated(true);
    MemoryQueryable reference = reference();
    int compared = 0;
    for (String q : QUERIES) {
      // Instant queries every 2.5 minutes, densely around the gap's edges.
      for (long t = START + 10 * 60_000; t < START + 2 * 3_600_000; t += 150_000) {
        VectorValue want = (VectorValue) engine.instantQuery(reference, q, t).value();
        QueryResult got = engine.instantQuery(dedup, q, t);
        assertThat(got.value()).as("%s at %d", q, t).isEqualTo(want);
        assertThat(want.samples()).as("%s at %d has data", q, t).isNotEmpty();
        compared++;
      }
      MatrixValue want = (MatrixValue) engine.rangeQuery(reference, q, START, START + 2 * 3_600_000, 30_000).value();
      assertThat(engine.rangeQuery(dedup, q, START, START + 2 * 3_600_000, 30_000).value()).as("range %s", q).isEqualTo(want);
      compared++;
    }
    assertThat(compared).isGreaterThanOrEqualTo(100);
  }

  @Test
  void withoutDedupBothReplicasAreShownWithTheirReplicaLabel() {
    VectorValue v = (VectorValue) engine.instantQuery(deduplicated(false), "temperature", START + 1_800_000).value();
    assertThat(v.samples()).hasSize(4);
    assertThat(v.samples()).extracting(s -> s.labels().get("replica")).containsExactlyInAnyOrder("a", "a", "b", "b");
    // Inside the gap, only the complete replica has a recent sample.
    VectorValue inGap = (VectorValue) engine.instantQuery(deduplicated(false), "temperature", START + (GAP_FROM + 40) * STEP).value();
    assertThat(inGap.samples()).extracting(s -> s.labels().get("replica")).containsOnly("b");
  }
}
