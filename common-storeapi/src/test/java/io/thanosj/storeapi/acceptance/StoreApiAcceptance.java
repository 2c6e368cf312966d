package io.thanosj.storeapi.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.chunk.XorIterator;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The StoreAPI acceptance suite: the same closed-box cases for every StoreApi implementation (in
 * the spirit of Thanos' pkg/store/acceptance_test.go, with our own cases). A subclass turns the
 * {@link Dataset} into its kind of store once per class in {@link #open}, e.g. promtool blocks
 * behind a real Prometheus for the sidecar, or blocks in a bucket for the store gateway.
 *
 * <p>Label calls are only asserted empty for time ranges wholly outside the dataset's 2h window,
 * because stores answer them per block, not per sample.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreApiAcceptance {

  /** The store's external labels; {@code replica} doubles as the replica label for dedup cases. */
  public static final Labels EXTERNAL = Labels.of("region", "eu-west", "replica", "a");

  protected Dataset data;
  protected StoreApi store;

  /** Starts a store holding {@code data} with {@code externalLabels}; called once per test class. */
  protected abstract StoreApi open(Dataset data, Labels externalLabels) throws Exception;

  /** Releases what {@link #open} started; by default closes an AutoCloseable store. */
  protected void close(StoreApi store) throws Exception {
    if (store instanceof AutoCloseable c) {
      c.close();
    }
  }

  /**
   * The first millisecond of the dataset's 2h window. A store that needs recent data (a live
   * Prometheus with retention) overrides this with a recent 2h-aligned time.
   */
  protected long windowStart() {
    return 1_700_006_400_000L;
  }

  /** Receives decoded samples. */
  @FunctionalInterface
  public interface SampleConsumer {
    void accept(long t, double v);
  }

  /**
   * Decodes a raw chunk with the production XOR iterator ({@link XorIterator}, checked against
   * promtool's chunks in {@code XorChunkWithPromtoolTest}); override for other encodings.
   */
  protected void decode(Chunk chunk, SampleConsumer out) {
    assertThat(chunk.getType()).as("raw chunk encoding").isEqualTo(Chunk.Encoding.XOR);
    XorIterator it = new XorIterator(chunk.getData().toByteArray());
    while (it.next()) {
      out.accept(it.atT(), it.atV());
    }
  }

  @BeforeAll
  void openStore() throws Exception {
    data = Dataset.standard(windowStart());
    store = open(data, EXTERNAL);
  }

  @AfterAll
  void closeStore() throws Exception {
    if (store != null) {
      close(store);
    }
  }

  // ---- Info ----

  @Test
  void infoAdvertisesTheExternalLabelsAndCoversTheData() {
    InfoResponse info = store.info();
    assertThat(StoreProtos.labelSets(info.getLabelSetsList())).containsExactly(EXTERNAL);
    assertThat(info.hasStore()).isTrue();
    assertThat(info.getStore().getMinTime()).isLessThanOrEqualTo(data.minTime());
    assertThat(info.getStore().getMaxTime()).isGreaterThanOrEqualTo(data.maxTime());
  }

  // ---- LabelNames ----

  @Test
  void labelNamesCoverInternalAndExternalLabels() {
    assertThat(labelNames(window())).containsExactly("__name__", "code", "i", "instance", "job", "n", "region", "replica");
  }

  @Test
  void labelNamesWithMatchers() {
    assertThat(labelNames(window(), eq("job", "web")))
        .containsExactly("__name__", "code", "instance", "job", "region", "replica");
    assertThat(labelNames(window(), eq("__name__", "match"), re("i", "a|b")))
        .containsExactly("__name__", "i", "n", "region", "replica");
    assertThat(labelNames(window(), neq("job", ""), nre("__name__", "up|http_requests_total|late")))
        .containsExactly("__name__", "instance", "job", "region", "replica");
    assertThat(labelNames(window(), eq("job", "nonexistent"))).isEmpty();
  }

  @Test
  void labelNamesWithExternalLabelMatchers() {
    assertThat(labelNames(window(), eq("region", "eu-west"), eq("job", "node")))
        .containsExactly("__name__", "instance", "job", "region", "replica");
    assertThat(labelNames(window(), eq("region", "us-east"), eq("job", "node"))).isEmpty();
    assertThat(labelNames(window(), nre("region", "eu-.*"), eq("job", "node"))).isEmpty();
  }

  @Test
  void labelNamesOutsideTheDataTimeRangeAreEmpty() {
    assertThat(labelNames(before())).isEmpty();
    assertThat(labelNames(after())).isEmpty();
  }

  @Test
  void labelNamesLeaveOutWithoutReplicaLabels() {
    LabelNamesRequest req = labelNamesRequest(window()).toBuilder().addWithoutReplicaLabels("replica").build();
    assertThat(store.labelNames(req).getNamesList())
        .containsExactly("__name__", "code", "i", "instance", "job", "n", "region");
  }

  // ---- LabelValues ----

  @Test
  void labelValuesOfInternalLabels() {
    assertThat(labelValues("job", window())).containsExactly("api", "node", "web");
    assertThat(labelValues("__name__", window()))
        .containsExactly("http_requests_total", "late", "match", "node_load1", "up");
    assertThat(labelValues("nonexistent", window())).isEmpty();
  }

  @Test
  void labelValuesOfAnExternalLabelShowOnlyTheExternalValue() {
    assertThat(labelValues("region", window())).containsExactly("eu-west");
    assertThat(labelValues("replica", window())).containsExactly("a");
  }

  @Test
  void labelValuesWithMatchersOfAllFourKinds() {
    assertThat(labelValues("job", window(), eq("__name__", "up"))).containsExactly("api", "web");
    assertThat(labelValues("code", window(), eq("__name__", "http_requests_total"), nre("code", "2.."))).containsExactly("404", "500");
    assertThat(labelValues("instance", window(), eq("__name__", "up"), re("job", "api|web"))).containsExactly("a:9090", "b:9090", "c:9090");
    assertThat(labelValues("instance", window(), eq("__name__", "up"), neq("instance", "b:9090"))).containsExactly("a:9090", "c:9090");
    assertThat(labelValues("region", window(), eq("__name__", "nonexistent"))).isEmpty();
  }

  @Test
  void labelValuesWithExternalLabelMatchers() {
    assertThat(labelValues("job", window(), eq("region", "eu-west"), eq("__name__", "node_load1"))).containsExactly("node");
    assertThat(labelValues("job", window(), eq("region", "us-east"), eq("__name__", "node_load1"))).isEmpty();
    assertThat(labelValues("job", window(), re("replica", "a|b"), eq("__name__", "up"))).containsExactly("api", "web");
  }

  @Test
  void labelValuesOutsideTheDataTimeRangeAreEmpty() {
    assertThat(labelValues("job", before())).isEmpty();
    assertThat(labelValues("job", after())).isEmpty();
  }

  @Test
  void labelValuesOfAWithoutReplicaLabelAreEmpty() {
    LabelValuesRequest req = labelValuesRequest("replica", window()).toBuilder().addWithoutReplicaLabels("replica").build();
    assertThat(store.labelValues(req).getValuesList()).isEmpty();
  }

  @Test
  void labelValuesWithoutALabelNameIsInvalidArgument() {
    assertThatThrownBy(() -> store.labelValues(labelValuesRequest("", window())))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  // ---- Series ----

  @Test
  void seriesWithEqualityMatchers() {
    assertThat(seriesLabels(window(), eq("__name__", "up"), eq("job", "api"))).containsExactly(
        ext("__name__", "up", "instance", "a:9090", "job", "api"),
        ext("__name__", "up", "instance", "b:9090", "job", "api"));
  }

  @Test
  void seriesWithNotEqualMatchers() {
    assertThat(seriesLabels(window(), eq("__name__", "up"), neq("job", "api")))
        .containsExactly(ext("__name__", "up", "instance", "c:9090", "job", "web"));
  }

  @Test
  void seriesWithRegexMatchers() {
    assertThat(seriesLabels(window(), re("__name__", "up|http_requests_total"), re("instance", "a.*"))).containsExactly(
        ext("__name__", "http_requests_total", "code", "200", "instance", "a:9090", "job", "api"),
        ext("__name__", "http_requests_total", "code", "500", "instance", "a:9090", "job", "api"),
        ext("__name__", "up", "instance", "a:9090", "job", "api"));
    // Anchored: "a" alone does not match "a:9090".
    assertThat(seriesLabels(window(), eq("__name__", "up"), re("instance", "a"))).isEmpty();
  }

  @Test
  void seriesWithNegativeRegexMatchers() {
    assertThat(seriesLabels(window(), eq("__name__", "http_requests_total"), nre("code", "2.."))).containsExactly(
        ext("__name__", "http_requests_total", "code", "404", "instance", "c:9090", "job", "web"),
        ext("__name__", "http_requests_total", "code", "500", "instance", "a:9090", "job", "api"));
  }

  /** Prometheus' own matcher semantics on its classic test series (tsdb querier tests). */
  @Test
  void seriesFollowPrometheusMatchingBehaviour() {
    Labels n1 = ext("__name__", "match", "n", "1");
    Labels n1a = ext("__name__", "match", "n", "1", "i", "a");
    Labels n1b = ext("__name__", "match", "n", "1", "i", "b");
    Labels n2 = ext("__name__", "match", "n", "2");
    Labels n25 = ext("__name__", "match", "n", "2.5");
    LabelMatcher match = eq("__name__", "match");
    assertThat(seriesLabels(window(), match, eq("n", "1"))).containsExactly(n1a, n1b, n1);
    assertThat(seriesLabels(window(), match, eq("n", "1"), eq("i", "a"))).containsExactly(n1a);
    assertThat(seriesLabels(window(), match, eq("n", "1"), neq("i", "a"))).containsExactly(n1b, n1);
    assertThat(seriesLabels(window(), match, eq("n", "1"), eq("i", ""))).containsExactly(n1);
    assertThat(seriesLabels(window(), match, eq("n", "1"), neq("i", ""))).containsExactly(n1a, n1b);
    assertThat(seriesLabels(window(), match, eq("n", "1"), re("i", "^a$"))).containsExactly(n1a);
    assertThat(seriesLabels(window(), match, eq("n", "1"), re("i", ".*"))).containsExactly(n1a, n1b, n1);
    assertThat(seriesLabels(window(), match, eq("n", "1"), re("i", ".+"))).containsExactly(n1a, n1b);
    assertThat(seriesLabels(window(), match, eq("n", "1"), re("i", ""))).containsExactly(n1);
    assertThat(seriesLabels(window(), match, eq("n", "1"), nre("i", ".*"))).isEmpty();
    assertThat(seriesLabels(window(), match, eq("n", "1"), nre("i", ""))).containsExactly(n1a, n1b);
    assertThat(seriesLabels(window(), match, eq("n", "1"), nre("i", "a"))).containsExactly(n1b, n1);
    assertThat(seriesLabels(window(), match, re("n", "1|2"))).containsExactly(n1a, n1b, n1, n2);
    assertThat(seriesLabels(window(), match, re("n", "2.*"))).containsExactly(n2, n25);
    assertThat(seriesLabels(window(), match, nre("n", "1"))).containsExactly(n2, n25);
    assertThat(seriesLabels(window(), match, re("n", "1|2.5"), re("i", "a|b|"))).containsExactly(n1a, n1b, n1, n25);
    assertThat(seriesLabels(window(), match, eq("n", ""))).isEmpty();
  }

  @Test
  void seriesWithExternalLabelMatchers() {
    List<Labels> up = List.of(
        ext("__name__", "up", "instance", "a:9090", "job", "api"),
        ext("__name__", "up", "instance", "b:9090", "job", "api"),
        ext("__name__", "up", "instance", "c:9090", "job", "web"));
    assertThat(seriesLabels(window(), eq("region", "eu-west"), eq("__name__", "up"))).isEqualTo(up);
    assertThat(seriesLabels(window(), re("region", "eu-.*"), eq("__name__", "up"))).isEqualTo(up);
    // A store whose external labels do not match answers with no series, not an error.
    assertThat(seriesLabels(window(), eq("region", "us-east"), eq("__name__", "up"))).isEmpty();
    assertThat(seriesLabels(window(), neq("region", "eu-west"), eq("__name__", "up"))).isEmpty();
    assertThat(seriesLabels(window(), nre("replica", "a|b"), eq("__name__", "up"))).isEmpty();
  }

  @Test
  void anExternalLabelWinsOverAnInternalLabelOfTheSameName() {
    assertThat(seriesLabels(window(), eq("__name__", "node_load1")))
        .containsExactly(ext("__name__", "node_load1", "instance", "a:9100", "job", "node"));
    assertThat(seriesLabels(window(), eq("__name__", "node_load1"), eq("region", "internal"))).isEmpty();
    SeriesRequest skip = seriesRequest(window(), eq("__name__", "node_load1")).toBuilder().setSkipChunks(true).build();
    assertThat(labelsOf(collect(skip))).containsExactly(ext("__name__", "node_load1", "instance", "a:9100", "job", "node"));
  }

  @Test
  void seriesComeSortedByLabels() {
    List<Labels> got = seriesLabels(window(), re("__name__", ".+"));
    List<Labels> expected = new ArrayList<>();
    for (SeriesData s : data.series()) {
      expected.add(ext(s.labels()));
    }
    expected.sort(Labels::compare);
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void withoutReplicaLabelsAreRemovedBeforeSorting() {
    SeriesRequest req = seriesRequest(window(), re("__name__", ".+")).toBuilder().addWithoutReplicaLabels("replica").build();
    List<Labels> got = labelsOf(collect(req));
    List<Labels> expected = new ArrayList<>();
    for (SeriesData s : data.series()) {
      expected.add(ext(s.labels()).without(List.of("replica")));
    }
    expected.sort(Labels::compare);
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void skipChunksSendsLabelsOnly() {
    SeriesRequest req = seriesRequest(window(), eq("__name__", "up")).toBuilder().setSkipChunks(true).build();
    List<Result> got = collect(req);
    assertThat(got).hasSize(3);
    for (Result r : got) {
      assertThat(r.chunks()).as("chunks of %s", r.labels()).isEmpty();
    }
  }

  @Test
  void chunksDecodeToExactlyTheInputSamples() {
    List<Result> got = collect(seriesRequest(window(), re("__name__", ".+")));
    assertThat(got).hasSize(data.series().size());
    for (SeriesData s : data.series()) {
      Result r = find(got, ext(s.labels()));
      assertThat(r.chunks()).as("chunks of %s", s.labels()).isNotEmpty();
      for (AggrChunk c : r.chunks()) {
        assertThat(c.hasRaw()).as("raw chunk of %s", s.labels()).isTrue();
      }
      Samples samples = samples(r, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(samples.timestamps).as("timestamps of %s", s.labels()).isEqualTo(s.timestamps());
      assertThat(bits(samples.values)).as("values of %s", s.labels()).isEqualTo(bits(s.values()));
    }
  }

  @Test
  void timeRangesSelectSeriesAndChunks() {
    long t0 = data.windowStart();
    long mint = t0 + 60 * 60_000;
    long maxt = t0 + 70 * 60_000;
    // "late" only has samples in the window's last half hour.
    assertThat(seriesLabels(new long[] {t0, t0 + 30 * 60_000}, eq("__name__", "late"))).isEmpty();
    assertThat(seriesLabels(new long[] {t0 + 100 * 60_000, data.windowEnd()}, eq("__name__", "late")))
        .containsExactly(ext("__name__", "late", "job", "api"));

    List<Result> got = collect(seriesRequest(new long[] {mint, maxt}, eq("__name__", "up"), eq("job", "web")));
    assertThat(labelsOf(got)).containsExactly(ext("__name__", "up", "instance", "c:9090", "job", "web"));
    for (AggrChunk c : got.get(0).chunks()) {
      assertThat(c.getMaxTime()).isGreaterThanOrEqualTo(mint);
      assertThat(c.getMinTime()).isLessThanOrEqualTo(maxt);
    }
    // Chunks may reach beyond the range (the querier trims them); inside it they hold exactly the input.
    SeriesData input = data.series().get(2);
    Samples inRange = samples(got.get(0), mint, maxt);
    List<Long> expected = new ArrayList<>();
    for (long t : input.timestamps()) {
      if (t >= mint && t <= maxt) {
        expected.add(t);
      }
    }
    assertThat(inRange.timestamps).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void queriesThatMatchNothingGiveEmptyResultsNotErrors() {
    assertThat(seriesLabels(window(), eq("__name__", "nonexistent"))).isEmpty();
    assertThat(seriesLabels(before(), eq("__name__", "up"))).isEmpty();
    assertThat(seriesLabels(after(), eq("__name__", "up"))).isEmpty();
  }

  @Test
  void batchedResponsesCarryTheSameSeries() {
    SeriesRequest plain = seriesRequest(window(), re("__name__", ".+"));
    List<Result> one = collect(plain);
    List<Result> batched = collect(plain.toBuilder().setResponseBatchSize(5).build());
    assertThat(labelsOf(batched)).isEqualTo(labelsOf(one));
    for (int i = 0; i < one.size(); i++) {
      assertThat(samples(batched.get(i), Long.MIN_VALUE, Long.MAX_VALUE).timestamps)
          .isEqualTo(samples(one.get(i), Long.MIN_VALUE, Long.MAX_VALUE).timestamps);
    }
  }

  @Test
  void anInvalidRegexIsInvalidArgument() {
    assertThatThrownBy(() -> collect(seriesRequest(window(), eq("__name__", "up"), re("job", "(api"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> store.labelNames(labelNamesRequest(window(), nre("job", "[a-"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  // ---- helpers ----

  /** A series as returned: labels and chunks. */
  public record Result(Labels labels, List<AggrChunk> chunks) {}

  private record Samples(long[] timestamps, double[] values) {}

  protected long[] window() {
    return new long[] {data.windowStart(), data.windowEnd()};
  }

  /** Two windows before the data: empty for any store, whatever its label-call granularity. */
  protected long[] before() {
    return new long[] {data.windowStart() - 3 * Dataset.WINDOW_MILLIS, data.windowStart() - 2 * Dataset.WINDOW_MILLIS};
  }

  protected long[] after() {
    return new long[] {data.windowStart() + 2 * Dataset.WINDOW_MILLIS, data.windowStart() + 3 * Dataset.WINDOW_MILLIS};
  }

  protected static Labels ext(String... namesAndValues) {
    return ext(Labels.of(namesAndValues));
  }

  protected static Labels ext(Labels internal) {
    Labels.Builder b = internal.toBuilder();
    EXTERNAL.forEach(b::set);
    return b.build();
  }

  protected static LabelMatcher eq(String name, String value) {
    return matcher(LabelMatcher.Type.EQ, name, value);
  }

  protected static LabelMatcher neq(String name, String value) {
    return matcher(LabelMatcher.Type.NEQ, name, value);
  }

  protected static LabelMatcher re(String name, String value) {
    return matcher(LabelMatcher.Type.RE, name, value);
  }

  protected static LabelMatcher nre(String name, String value) {
    return matcher(LabelMatcher.Type.NRE, name, value);
  }

  private static LabelMatcher matcher(LabelMatcher.Type type, String name, String value) {
    return LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
  }

  protected static SeriesRequest seriesRequest(long[] range, LabelMatcher... matchers) {
    return SeriesRequest.newBuilder().setMinTime(range[0]).setMaxTime(range[1]).addAllMatchers(Arrays.asList(matchers)).build();
  }

  protected static LabelNamesRequest labelNamesRequest(long[] range, LabelMatcher... matchers) {
    return LabelNamesRequest.newBuilder().setStart(range[0]).setEnd(range[1]).addAllMatchers(Arrays.asList(matchers)).build();
  }

  protected static LabelValuesRequest labelValuesRequest(String label, long[] range, LabelMatcher... matchers) {
    return LabelValuesRequest.newBuilder().setLabel(label).setStart(range[0]).setEnd(range[1])
        .addAllMatchers(Arrays.asList(matchers)).build();
  }

  protected List<String> labelNames(long[] range, LabelMatcher... matchers) {
    return store.labelNames(labelNamesRequest(range, matchers)).getNamesList();
  }

  protected List<String> labelValues(String label, long[] range, LabelMatcher... matchers) {
    return store.labelValues(labelValuesRequest(label, range, matchers)).getValuesList();
  }

  protected List<Labels> seriesLabels(long[] range, LabelMatcher... matchers) {
    return labelsOf(collect(seriesRequest(range, matchers)));
  }

  /** Reads a whole Series stream; also checks that no series repeats and the order is sorted. */
  protected List<Result> collect(SeriesRequest req) {
    List<Result> out = new ArrayList<>();
    try (SeriesSet set = store.series(req)) {
      while (set.next()) {
        Labels l = StoreProtos.labels(set.at().getLabelsList());
        if (!out.isEmpty()) {
          assertThat(Labels.compare(out.get(out.size() - 1).labels(), l))
              .as("series out of order or repeated: %s after %s", l, out.get(out.size() - 1).labels())
              .isNegative();
        }
        out.add(new Result(l, set.at().getChunksList()));
      }
    }
    return out;
  }

  private static List<Labels> labelsOf(List<Result> results) {
    List<Labels> out = new ArrayList<>();
    for (Result r : results) {
      out.add(r.labels());
    }
    return out;
  }

  private static Result find(List<Result> results, Labels labels) {
    for (Result r : results) {
      if (r.labels().equals(labels)) {
        return r;
      }
    }
    throw new AssertionError("no series " + labels + " in " + labelsOf(results));
  }

  /** Decoded samples of a series' chunks within [mint, maxt], in time order, overlaps removed. */
  private Samples samples(Result r, long mint, long maxt) {
    List<AggrChunk> chunks = new ArrayList<>(r.chunks());
    chunks.sort(Comparator.comparingLong(AggrChunk::getMinTime));
    List<long[]> pairs = new ArrayList<>();
    for (AggrChunk c : chunks) {
      long[] first = {Long.MAX_VALUE};
      long[] last = {Long.MIN_VALUE};
      decode(c.getRaw(), (t, v) -> {
        first[0] = Math.min(first[0], t);
        last[0] = Math.max(last[0], t);
        if (t >= mint && t <= maxt && (pairs.isEmpty() || t > pairs.get(pairs.size() - 1)[0])) {
          pairs.add(new long[] {t, Double.doubleToRawLongBits(v)});
        }
      });
      assertThat(c.getMinTime()).as("chunk min_time of %s", r.labels()).isLessThanOrEqualTo(first[0]);
      assertThat(c.getMaxTime()).as("chunk max_time of %s", r.labels()).isGreaterThanOrEqualTo(last[0]);
    }
    long[] ts = new long[pairs.size()];
    double[] vs = new double[pairs.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = pairs.get(i)[0];
      vs[i] = Double.longBitsToDouble(pairs.get(i)[1]);
    }
    return new Samples(ts, vs);
  }

  private static long[] bits(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Double.doubleToRawLongBits(values[i]);
    }
    return out;
  }
}
