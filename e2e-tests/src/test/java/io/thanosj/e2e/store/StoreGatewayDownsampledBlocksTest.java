package io.thanosj.e2e.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.e2e.harness.ApiQuery;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Http;
import io.thanosj.e2e.harness.Poll;
import io.thanosj.e2e.harness.Role;
import io.thanosj.e2e.harness.RoleProcess;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import io.thanosj.tsdb.testing.TestDownsampler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our store gateway serving raw, 5m and 1h blocks of one FILESYSTEM bucket behind our querier
 * (separate processes): {@code max_source_resolution} picks the resolution, the querier asks for the
 * aggregates its functions need and evaluates them on the downsampled chunks. Blocks are written
 * with our block writer; the downsampled ones with a test downsampler following Thanos' layout.
 *
 * <pre>
 *   5m and 1h blocks  [T0, T0+46h)     raw block [T0+46h, T0+48h)
 *   d_gauge   = minute of the hour (0..59), one sample a minute
 *   d_counter = +6 a minute, reset to 0 at T0+12h (a 1h chunk boundary) and at T0+20h30m
 * </pre>
 */
class StoreGatewayDownsampledBlocksTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final long H = 3_600_000L;
  private static final long T0 = 1_700_002_800_000L; // hour-aligned
  private static final long STEP = 60_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RoleProcess query;

  @BeforeAll
  static void up() throws Exception {
    int n = (int) (48 * H / STEP);
    long[] ts = new long[n];
    double[] gauge = new double[n];
    double[] counter = new double[n];
    double c = 0;
    for (int i = 0; i < n; i++) {
      ts[i] = T0 + i * STEP;
      gauge[i] = i % 60;
      boolean reset = ts[i] == T0 + 12 * H || ts[i] == T0 + 20 * H + 30 * 60_000L;
      c = i == 0 || reset ? 0 : c + 6;
      counter[i] = c;
    }
    int split = (int) (46 * H / STEP);
    Labels cnt = Labels.of("__name__", "d_counter", "job", "x");
    Labels g = Labels.of("__name__", "d_gauge", "job", "x");
    Map<String, String> ext = Map.of("cluster", "e2e");
    Path bucket = env.dir("bucket");
    for (long res : new long[] {ThanosMeta.RES_5M, ThanosMeta.RES_1H}) {
      int perChunk = res == ThanosMeta.RES_1H ? 12 : 120;
      try (BlockWriter w = new BlockWriter(bucket, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(ext, res, "compactor")))) {
        w.addEncodedSeries(cnt, TestDownsampler.downsample(ts, counter, split, res, perChunk));
        w.addEncodedSeries(g, TestDownsampler.downsample(ts, gauge, split, res, perChunk));
        w.finish(T0, T0 + 46 * H, null);
      }
    }
    try (BlockWriter w = new BlockWriter(bucket, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(ext, 0, "test")))) {
      w.addSeries(cnt, slice(ts, split, n), slice(counter, split, n), n - split);
      w.addSeries(g, slice(ts, split, n), slice(gauge, split, n), n - split);
      w.finish(T0 + 46 * H, T0 + 48 * H, null);
    }

    RoleProcess store = env.role(Role.STORE, "store")
        .flag("--objstore.config", "type: FILESYSTEM\nconfig:\n  directory: " + bucket.toAbsolutePath() + "\n")
        .flag("--data-dir", env.dir("store-data").toString())
        .start();
    query = env.role(Role.QUERY, "query").flag("--endpoint", store.grpcAddress()).start();
    store.awaitReady(Duration.ofSeconds(120));
    query.awaitReady(Duration.ofSeconds(120));
    Poll.until(Duration.ofSeconds(60), "the querier sees the store's data",
        () -> Http.get(query.httpUrl() + "/api/v1/query?query=d_gauge&time=" + ApiQuery.seconds(T0 + 47 * H)).body().contains("\"value\""));
  }

  private static long[] slice(long[] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }

  private static double[] slice(double[] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }

  /** The values of an instant query's vector (one per series), at a max_source_resolution. */
  private static List<Double> instant(String expr, long t, String resolution) throws Exception {
    String url = query.httpUrl() + new ApiQuery(expr, t, t, 0, T0).path() + "&max_source_resolution=" + resolution;
    JsonNode body = JSON.readTree(Http.get(url).body());
    assertThat(body.path("status").asText()).as("%s: %s", url, body).isEqualTo("success");
    List<Double> out = new ArrayList<>();
    for (JsonNode s : body.path("data").path("result")) {
      out.add(Double.parseDouble(s.path("value").get(1).asText()));
    }
    return out;
  }

  @Test
  void theResolutionFollowsMaxSourceResolution() throws Exception {
    long t = T0 + 10 * H;
    // No raw block covers T0+10h.
    assertThat(instant("d_gauge", t, "0s")).isEmpty();
    // A plain selector reads sum / count: the window [9h55m, 10h) averages minutes 55..59; [9h, 10h) 0..59.
    assertThat(instant("d_gauge", t, "5m")).containsExactly(57.0);
    assertThat(instant("d_gauge", t, "1h")).containsExactly(29.5);
  }

  @Test
  void overTimeFunctionsReadTheirAggregates() throws Exception {
    long t = T0 + 10 * H;
    assertThat(instant("max_over_time(d_gauge[3h])", t, "1h")).containsExactly(59.0);
    assertThat(instant("min_over_time(d_gauge[3h])", t, "1h")).containsExactly(0.0);
    // sum_over_time adds the per-window sums: 3 hours of 0+1+...+59.
    assertThat(instant("sum_over_time(d_gauge[3h])", t, "1h")).containsExactly(3 * 1770.0);
  }

  @Test
  void rateOverCounterAggregatesAcrossAResetAtAChunkBoundaryStaysNearTheRawSlope() throws Exception {
    // Raw slope 0.1/s; each reset loses one 6-step; extrapolation stays below the full range.
    List<Double> rate = instant("rate(d_counter[4h])", T0 + 14 * H, "1h");
    assertThat(rate).singleElement().satisfies(r -> assertThat(r).isBetween(0.08, 0.1));
    List<Double> mid = instant("rate(d_counter[4h])", T0 + 22 * H, "1h");
    assertThat(mid).singleElement().satisfies(r -> assertThat(r).isBetween(0.08, 0.1));
  }

  @Test
  void rawBlocksFillTheRangeDownsampledBlocksLeave() throws Exception {
    assertThat(instant("d_gauge", T0 + 47 * H + 17 * 60_000L, "1h")).containsExactly(17.0);
    // Hourly max over a range crossing from 1h data into raw data: 59 at every step.
    String url = query.httpUrl() + new ApiQuery("max_over_time(d_gauge[1h])", T0 + 40 * H, T0 + 48 * H, H, T0).path()
        + "&max_source_resolution=1h";
    JsonNode body = JSON.readTree(Http.get(url).body());
    JsonNode values = body.path("data").path("result").get(0).path("values");
    assertThat(values.size()).as("%s", body).isEqualTo(9);
    for (JsonNode v : values) {
      assertThat(v.get(1).asText()).isEqualTo("59");
    }
  }
}
