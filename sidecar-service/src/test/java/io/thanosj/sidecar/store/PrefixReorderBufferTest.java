package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PrefixReorderBufferTest {

  private static final Labels EXTERNAL = Labels.of("cluster", "eu", "replica", "a");

  /** Runs stored label sets, in Prometheus' order, through labeler and buffer as the sidecar does. */
  private static List<Labels> served(List<Labels> storedInPrometheusOrder, Set<String> without, int[] maxHeld) {
    SeriesLabeler labeler = new SeriesLabeler(EXTERNAL, without);
    PrefixReorderBuffer buffer = new PrefixReorderBuffer();
    List<Labels> out = new ArrayList<>();
    for (Labels s : storedInPrometheusOrder) {
      buffer.add(new LabeledSeries(labeler.fromStored(s), Series.getDefaultInstance()), x -> out.add(x.labels()));
      maxHeld[0] = Math.max(maxHeld[0], buffer.held());
    }
    buffer.finish(x -> out.add(x.labels()));
    return out;
  }

  @Test
  void aPrefixSeriesIsHeldBackUntilItsShorterExtensionsHavePassed() {
    List<Labels> stored = List.of(
        Labels.of("__name__", "x"),
        Labels.of("__name__", "x", "code", "200"),
        Labels.of("__name__", "x", "code", "500"),
        Labels.of("__name__", "x", "zone", "b"),
        Labels.of("__name__", "y"));
    int[] held = {0};
    List<Labels> out = served(stored, Set.of(), held);
    assertThat(out).containsExactly(
        Labels.of("__name__", "x", "cluster", "eu", "code", "200", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "code", "500", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "replica", "a"),
        Labels.of("__name__", "x", "cluster", "eu", "replica", "a", "zone", "b"),
        Labels.of("__name__", "y", "cluster", "eu", "replica", "a"));
    assertThat(held[0]).isEqualTo(2);
  }

  /**
   * Property: for random stored label sets that do not use external label names, the buffer's output
   * is exactly the sorted served labels, and it never holds more series than there are label names.
   */
  @RepeatedTest(200)
  void outputIsSortedForAnyStreamWithoutClashingNames() {
    Random rnd = new Random();
    String[] names = {"__name__", "a", "code", "d", "job", "q", "s", "zone"};
    TreeSet<Labels> stored = new TreeSet<>(Labels::compare);
    int n = 1 + rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      Labels.Builder b = new Labels.Builder().set("__name__", "m" + rnd.nextInt(2));
      for (String name : names) {
        if (!name.equals("__name__") && rnd.nextInt(3) == 0) {
          b.set(name, Integer.toString(rnd.nextInt(2)));
        }
      }
      stored.add(b.build());
    }
    Set<String> without = rnd.nextBoolean() ? Set.of("replica") : Set.of();
    int[] held = {0};
    List<Labels> out = served(new ArrayList<>(stored), without, held);

    SeriesLabeler labeler = new SeriesLabeler(EXTERNAL, without);
    List<Labels> expected = new ArrayList<>();
    for (Labels s : stored) {
      expected.add(labeler.fromStored(s));
    }
    expected.sort(Labels::compare);
    assertThat(out).containsExactlyElementsOf(expected);
    assertThat(held[0]).isLessThanOrEqualTo(names.length + 1);
  }

  @Test
  void framesOfOneSeriesKeepTheirOrder() {
    PrefixReorderBuffer buffer = new PrefixReorderBuffer();
    List<Series> out = new ArrayList<>();
    Labels l = Labels.of("__name__", "x");
    Series first = Series.newBuilder().addChunks(io.thanosj.storeapi.proto.AggrChunk.newBuilder().setMinTime(1)).build();
    Series second = Series.newBuilder().addChunks(io.thanosj.storeapi.proto.AggrChunk.newBuilder().setMinTime(2)).build();
    buffer.add(new LabeledSeries(l, first), x -> out.add(x.series()));
    buffer.add(new LabeledSeries(l, second), x -> out.add(x.series()));
    buffer.finish(x -> out.add(x.series()));
    assertThat(out).containsExactly(first, second);
  }

  /** Why PrometheusStore checks for clashing stored names: with them the buffer alone is not enough. */
  @Test
  void aStoredLabelNamedLikeAnExternalOneCanDefeatTheBuffer() {
    List<Labels> stored = new ArrayList<>(List.of(
        Labels.of("__name__", "x", "cluster", "eu", "z", "5"),
        Labels.of("__name__", "x", "cluster", "eu", "z", "6"),
        Labels.of("__name__", "x", "d", "1")));
    stored.sort(Labels::compare);
    List<Labels> out = served(stored, Set.of(), new int[1]);
    List<Labels> sorted = new ArrayList<>(out);
    sorted.sort(Labels::compare);
    assertThat(out).isNotEqualTo(sorted);
  }
}
