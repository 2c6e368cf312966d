package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.promclient.StreamedHttpResponse;
import io.thanosj.sidecar.remoteread.ChunkedFrameReader;
import io.thanosj.sidecar.remoteread.RemoteReadRequests;
import io.thanosj.sidecar.testing.RealPrometheus;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.ShardInfo;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PrometheusStore} against a real Prometheus 2.42 serving promtool-made blocks. */
class PrometheusStoreWithRealPrometheusTest {

  static final long T0 = 1_700_000_000_000L;
  static final int SAMPLES = 480; // two hours at 15 s: four XOR chunks per series

  @TempDir static Path tmp;
  static RealPrometheus prometheus;
  static PrometheusClient client;
  static PrometheusStore store;
  static SimpleMeterRegistry registry = new SimpleMeterRegistry();
  static ExecutorService probes = Executors.newFixedThreadPool(2);

  static String dataset() {
    StringBuilder om = new StringBuilder();
    String[][] families = {
      {"x", "", "code=\"200\"", "code=\"500\"", "zone=\"b\""},
      {"y", "instance=\"i1\",job=\"a\"", "instance=\"i2\",job=\"a\""},
      // A stored label named like an external one: only a full sort can order these.
      {"clash", "cluster=\"us\",z=\"5\"", "cluster=\"us\",z=\"6\"", "d=\"1\""},
    };
    for (String[] f : families) {
      om.append("# TYPE ").append(f[0]).append(" gauge\n");
      for (int s = 1; s < f.length; s++) {
        String sel = f[s].isEmpty() ? f[0] : f[0] + "{" + f[s] + "}";
        for (int i = 0; i < SAMPLES; i++) {
          long t = T0 + i * 15_000L;
          om.append(sel).append(' ').append(s * 1000 + i).append(' ').append(t / 1000).append('\n');
        }
      }
    }
    return om.append("# EOF\n").toString();
  }

  @BeforeAll
  static void startPrometheus() {
    Path data = tmp.resolve("data");
    RealPrometheus.createBlocks(dataset(), data);
    prometheus = RealPrometheus.start(tmp, """
        global:
          external_labels:
            cluster: eu
            replica: a
        """, data);
    client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(10));
    PrometheusMetadata metadata = new PrometheusMetadata(client, Long.MIN_VALUE);
    assertThat(metadata.refresh()).isTrue();
    store = new PrometheusStore(client, metadata, probes, new SeriesOrderingMetrics(registry));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    probes.shutdownNow();
  }

  static LabelMatcher eq(String name, String value) {
    return LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName(name).setValue(value).build();
  }

  static SeriesRequest.Builder request(LabelMatcher... matchers) {
    return SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + 3_600_000L * 3).addAllMatchers(List.of(matchers));
  }

  static List<Series> all(SeriesRequest request) {
    List<Series> out = new ArrayList<>();
    try (SeriesSet set = store.series(request)) {
      while (set.next()) {
        out.add(set.at());
      }
    }
    return out;
  }

  static Labels labels(Series s) {
    Labels.Builder b = new Labels.Builder();
    for (Label l : s.getLabelsList()) {
      b.set(l.getName(), l.getValue());
    }
    return b.build();
  }

  static List<Labels> labelsOf(List<Series> series) {
    List<Labels> out = new ArrayList<>();
    for (Series s : series) {
      out.add(labels(s));
    }
    return out;
  }

  @Test
  void infoAdvertisesExternalLabelsAndTheOldestSample() {
    InfoResponse info = store.info();
    assertThat(info.getComponentType()).isEqualTo("sidecar");
    assertThat(info.getLabelSetsList()).hasSize(1);
    assertThat(info.getLabelSets(0).getLabelsList()).extracting(Label::getName).containsExactly("cluster", "replica");
    assertThat(info.getStore().getMinTime()).isEqualTo(T0);
    assertThat(info.getStore().getMaxTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(info.getStore().getSupportsSharding()).isTrue();
    assertThat(info.getStore().getSupportsWithoutReplicaLabels()).isTrue();
    assertThat(info.getStore().getTsdbInfosList()).hasSize(1);
  }

  @Test
  void seriesAreSortedAfterExternalLabelsAreAddedAndStayStreamed() {
    double streamedBefore = registry.counter("thanos_sidecar_series_responses", "ordering", "streamed").count();
    List<Series> series = all(request(eq("__name__", "x")).build());
    // Prometheus sends x{} first (by stored labels); with cluster/replica added, the x{code=...}
    // series sort before it.
    assertThat(labelsOf(series)).containsExactly(
        Labels.of("__name__", "x", "cluster", "eu", "code", "200", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "code", "500", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "replica", "a", "zone", "b"));
    assertThat(registry.counter("thanos_sidecar_series_responses", "ordering", "streamed").count()).isEqualTo(streamedBefore + 1);
  }

  @Test
  void chunksArePassedThroughByteForByteWithXxhash() throws Exception {
    List<Series> series = all(request(eq("__name__", "y"), eq("instance", "i1")).build());
    assertThat(series).hasSize(1);
    List<AggrChunk> chunks = series.get(0).getChunksList();

    // The same query straight from Prometheus' remote read.
    StreamedHttpResponse raw = client.remoteRead(RemoteReadRequests.snappyEncoded(RemoteReadRequests.streamedChunks(
        List.of(io.thanosj.labels.Matcher.equal("__name__", "y"), io.thanosj.labels.Matcher.equal("instance", "i1")), T0, T0 + 3_600_000L * 3)));
    List<io.thanosj.storeapi.proto.prompb.Chunk> expected = new ArrayList<>();
    try (ChunkedFrameReader r = new ChunkedFrameReader(raw.body(), ChunkedFrameReader.DEFAULT_MAX_FRAME_BYTES)) {
      ChunkedReadResponse f;
      while ((f = r.next()) != null) {
        for (ChunkedSeries cs : f.getChunkedSeriesList()) {
          expected.addAll(cs.getChunksList());
        }
      }
    }
    assertThat(chunks).hasSize(expected.size()).hasSizeGreaterThan(1);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i).getRaw();
      assertThat(c.getType()).isEqualTo(Chunk.Encoding.XOR);
      assertThat(c.getData()).isEqualTo(expected.get(i).getData());
      assertThat(c.getHash()).isEqualTo(LongHashFunction.xx().hashBytes(c.getData().toByteArray()));
      assertThat(chunks.get(i).getMinTime()).isEqualTo(expected.get(i).getMinTimeMs());
      assertThat(chunks.get(i).getMaxTime()).isEqualTo(expected.get(i).getMaxTimeMs());
    }
    assertThat(chunks.get(0).getMinTime()).isEqualTo(T0);
    assertThat(chunks.get(chunks.size() - 1).getMaxTime()).isEqualTo(T0 + (SAMPLES - 1) * 15_000L);
  }

  @Test
  void storedLabelsClashingWithExternalOnesAreOverriddenAndTheResponseIsSortedWhole() {
    double sortedBefore = registry.counter("thanos_sidecar_series_responses", "ordering", "sorted").count();
    List<Labels> got = labelsOf(all(request(eq("__name__", "clash")).build()));
    List<Labels> sorted = new ArrayList<>(got);
    sorted.sort(Labels::compare);
    assertThat(got).isEqualTo(sorted).hasSize(3);
    assertThat(got).allSatisfy(l -> assertThat(l.get("cluster")).isEqualTo("eu"));
    assertThat(registry.counter("thanos_sidecar_series_responses", "ordering", "sorted").count()).isEqualTo(sortedBefore + 1);
  }

  @Test
  void matchersOnExternalLabelsAreHandledByTheSidecar() {
    assertThat(all(request(eq("__name__", "x"), eq("cluster", "us")).build())).isEmpty();
    assertThat(all(request(eq("__name__", "x"), eq("cluster", "eu")).build())).hasSize(4);
    assertThatThrownBy(() -> store.series(request(eq("cluster", "eu")).build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("no matchers specified (excluding external labels)")
        .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void withoutReplicaLabelsAreRemovedAndOrderHolds() {
    List<Labels> got = labelsOf(all(request(eq("__name__", "x")).addWithoutReplicaLabels("replica").build()));
    assertThat(got).containsExactly(
        Labels.of("__name__", "x", "cluster", "eu"),
        Labels.of("__name__", "x", "cluster", "eu", "code", "200"),
        Labels.of("__name__", "x", "cluster", "eu", "code", "500"),
        Labels.of("__name__", "x", "cluster", "eu", "zone", "b"));
  }

  @Test
  void skipChunksGivesTheSameLabelsWithoutChunks() {
    List<Series> withChunks = all(request(eq("__name__", "x")).build());
    List<Series> labelsOnly = all(request(eq("__name__", "x")).setSkipChunks(true).build());
    assertThat(labelsOf(labelsOnly)).isEqualTo(labelsOf(withChunks));
    assertThat(labelsOnly).allSatisfy(s -> assertThat(s.getChunksList()).isEmpty());
  }

  @Test
  void theTimeRangeIsHonouredAndClampedToTheOldestSample() {
    List<Series> early = all(request(eq("__name__", "y"), eq("instance", "i1")).setMinTime(0).setMaxTime(T0 + 60_000).build());
    assertThat(early).hasSize(1);
    assertThat(early.get(0).getChunksCount()).isEqualTo(1);
    assertThat(all(request(eq("__name__", "y")).setMinTime(0).setMaxTime(T0 - 1).build())).isEmpty();
  }

  @Test
  void shardsPartitionTheSeries() {
    Set<Labels> union = new HashSet<>();
    int total = 0;
    for (int i = 0; i < 3; i++) {
      List<Labels> shard = labelsOf(all(request(LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("__name__").setValue("x|y").build())
          .setShardInfo(ShardInfo.newBuilder().setShardIndex(i).setTotalShards(3).setBy(false)).build()));
      total += shard.size();
      union.addAll(shard);
    }
    assertThat(total).isEqualTo(6);
    assertThat(union).hasSize(6);
  }

  @Test
  void limitCapsTheNumberOfSeries() {
    assertThat(all(request(eq("__name__", "x")).setLimit(2).build())).hasSize(2);
  }

  @Test
  void labelNamesIncludeExternalLabelsExceptDroppedOnes() {
    var all = store.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 7_200_000).build());
    assertThat(all.getNamesList()).containsExactly("__name__", "cluster", "code", "d", "instance", "job", "replica", "z", "zone");
    var x = store.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 7_200_000)
        .addMatchers(eq("__name__", "x")).addWithoutReplicaLabels("replica").build());
    assertThat(x.getNamesList()).containsExactly("__name__", "cluster", "code", "zone");
    var none = store.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 7_200_000).addMatchers(eq("cluster", "us")).build());
    assertThat(none.getNamesList()).isEmpty();
  }

  @Test
  void labelValuesComeFromPrometheusOrTheExternalLabels() {
    LabelValuesRequest.Builder r = LabelValuesRequest.newBuilder().setStart(T0).setEnd(T0 + 7_200_000);
    assertThat(store.labelValues(r.clone().setLabel("code").build()).getValuesList()).containsExactly("200", "500");
    assertThat(store.labelValues(r.clone().setLabel("cluster").build()).getValuesList()).containsExactly("eu");
    assertThat(store.labelValues(r.clone().setLabel("cluster").addMatchers(eq("__name__", "nope")).build()).getValuesList()).isEmpty();
    assertThat(store.labelValues(r.clone().setLabel("replica").addWithoutReplicaLabels("replica").build()).getValuesList()).isEmpty();
    assertThatThrownBy(() -> store.labelValues(r.clone().setLabel("").build())).hasMessageContaining("label name parameter cannot be empty");
  }

  @Test
  void aBadRegexIsInvalidArgument() {
    assertThatThrownBy(() -> store.series(request(LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("job").setValue("(").build()).build()))
        .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }
}
