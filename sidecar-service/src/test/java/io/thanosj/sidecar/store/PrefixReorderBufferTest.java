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
    StoreSeriesEncoder encoder = new StoreSeriesEncoder(EXTERNAL, without);
    PrefixReorderBuffer<EncodedSeries> buffer = new PrefixReorderBuffer<>(EncodedSeries::compareLabels);
    List<Labels> out = new ArrayList<>();
    for (Labels s : storedInPrometheusOrder) {
      EncodedSeries encoded;
      try {
        encoded = RemoteReadSeriesFixture.encodeOne(encoder, RemoteReadSeriesFixture.series(s));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      buffer.add(encoded, x -> out.add(x.labels()));
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
  void framesOfOneSeriesKeepTheirOrder() throws Exception {
    StoreSeriesEncoder encoder = new StoreSeriesEncoder(EXTERNAL, Set.of());
    PrefixReorderBuffer<EncodedSeries> buffer = new PrefixReorderBuffer<>(EncodedSeries::compareLabels);
    List<Series> out = new ArrayList<>();
    Labels l = Labels.of("__name__", "x");
    EncodedSeries first = RemoteReadSeriesFixture.encodeOne(encoder, RemoteReadSeriesFixture.series(l, RemoteReadSeriesFixture.xor(1, 2, (byte) 1)));
    EncodedSeries second = RemoteReadSeriesFixture.encodeOne(encoder, RemoteReadSeriesFixture.series(l, RemoteReadSeriesFixture.xor(3, 4, (byte) 2)));
    buffer.add(first, x -> out.add(x.toSeries()));
    buffer.add(second, x -> out.add(x.toSeries()));
    buffer.finish(x -> out.add(x.toSeries()));
    assertThat(out).containsExactly(first.toSeries(), second.toSeries());
    assertThat(out.get(0).getChunks(0).getMinTime()).isEqualTo(1);
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
