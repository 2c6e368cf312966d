package io.thanosj.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.labels.Labels;
import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.io.MappedFileSource;
import io.thanosj.tsdb.postings.Postings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index writer and reader against each other, with enough values to exercise sampled lookups. */
class IndexRoundTripTest {

  @TempDir Path dir;

  private static List<Labels> series() {
    List<Labels> out = new ArrayList<>();
    String[] odd = {"𝄞-supplementary", "\uFFFD-replacement", "ä", "", "quote\"", "z"};
    for (int i = 0; i < 2000; i++) {
      Labels.Builder b = new Labels.Builder()
          .set("__name__", i % 3 == 0 ? "metric_a" : "metric_b")
          .set("id", String.format("%05d", i))
          .set("mod7", Integer.toString(i % 7));
      if (i % 11 == 0) {
        b.set("odd", odd[(i / 11) % odd.length]); // "" means absent
      }
      out.add(b.build());
    }
    out.sort(Labels::compare);
    return out;
  }

  private IndexReader writeAndOpen(List<Labels> series) {
    Path file = dir.resolve("index");
    try (IndexWriter w = new IndexWriter(file)) {
      TreeSet<String> symbols = new TreeSet<>(StringOrder.UTF8);
      series.forEach(l -> l.forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      }));
      w.addSymbols(symbols);
      ChunkMetas metas = new ChunkMetas();
      long ref = 8;
      for (int i = 0; i < series.size(); i++) {
        metas.clear();
        for (int c = 0; c <= i % 3; c++) {
          metas.add(1000L * c - 5_000, 1000L * c + 500 - 5_000, ref);
          ref += 17 + i;
        }
        w.addSeries(series.get(i), metas);
      }
    }
    return IndexReader.open(MappedFileSource.open(file, "test/index"));
  }

  @Test
  void readsBackSymbolsSeriesPostingsAndLabelValues() {
    List<Labels> series = series();
    try (IndexReader r = writeAndOpen(series)) {
      Symbols sy = r.symbols();
      assertThat(sy.lookup(0)).isEmpty();
      List<String> all = new ArrayList<>();
      sy.forEach(all::add);
      assertThat(all).isSortedAccordingTo(StringOrder.UTF8).doesNotHaveDuplicates();
      for (int i = 0; i < all.size(); i++) {
        assertThat(sy.lookup(i)).isEqualTo(all.get(i));
        assertThat(sy.reverseLookup(all.get(i))).isEqualTo(i);
      }
      assertThat(sy.reverseLookup("not-there")).isEqualTo(-1);
      assertThat(sy.reverseLookup("\uFFFF")).isEqualTo(-1);

      assertThat(r.labelNames()).containsExactly("__name__", "id", "mod7", "odd");
      assertThat(r.labelValues("mod7")).containsExactly("0", "1", "2", "3", "4", "5", "6");
      assertThat(r.labelValues("id")).hasSize(2000).isSortedAccordingTo(StringOrder.UTF8);
      assertThat(r.labelValues("odd")).isSortedAccordingTo(StringOrder.UTF8)
          .containsExactly("quote\"", "z", "ä", "\uFFFD-replacement", "𝄞-supplementary");

      long[] allRefs = Postings.toArray(r.allPostings());
      assertThat(allRefs).hasSize(series.size());
      SeriesEntry e = new SeriesEntry();
      for (int i = 0; i < allRefs.length; i++) {
        r.series(allRefs[i], e);
        assertThat(e.labels(sy)).isEqualTo(series.get(i));
        assertThat(e.chunks().size()).isEqualTo(i % 3 + 1);
        assertThat(e.chunks().minTime(0)).isEqualTo(-5_000);
      }
      // every (name, value) list holds exactly the series with that pair
      for (String v : r.labelValues("id")) {
        long[] p = Postings.toArray(r.postings("id", v));
        assertThat(p).hasSize(1);
        r.series(p[0], e);
        assertThat(e.labels(sy).get("id")).isEqualTo(v);
        PostingsOffsetTable.Range range = r.postingsTable().range("id", v);
        assertThat(range.end()).isGreaterThan(range.start());
      }
      assertThat(Postings.toArray(r.postings("mod7", List.of("1", "3", "nope")))).hasSize(286 + 286);
      assertThat(r.postings("id", "99999")).isSameAs(Postings.EMPTY);
      assertThat(r.postings("nope", "x")).isSameAs(Postings.EMPTY);
      assertThat(r.postingsTable().postingsOffset("id", "00000")).isPositive();
      assertThat(r.postingsTable().postingsOffset("id", "")).isEqualTo(-1);
    }
  }

  /** The prefix scan visits exactly the values with the prefix, whichever sample it starts from. */
  @Test
  void visitsOnlyTheValuesWithAPrefix() {
    try (IndexReader r = writeAndOpen(series())) {
      PostingsOffsetTable t = r.postingsTable();
      for (String name : List.of("id", "mod7", "odd")) {
        List<String> values = r.labelValues(name);
        List<String> prefixes = new ArrayList<>(List.of("0", "00", "000", "0001", "00010", "000100", "01", "019", "0199",
            "01999", "02", "1", "6", "7", "9", "q", "z", "ä", "\uFFFD", "𝄞", "\uD834", "zz", "\u0000", "\uFFFF"));
        for (String v : values) {
          prefixes.add(v);
        }
        for (String prefix : prefixes) {
          List<String> visited = new ArrayList<>();
          List<PostingsOffsetTable.Range> ranges = new ArrayList<>();
          t.forEachValue(name, prefix, (v, start, end) -> {
            visited.add(v);
            ranges.add(new PostingsOffsetTable.Range(start, end));
          });
          assertThat(visited).as("%s values with prefix \"%s\"", name, prefix)
              .isEqualTo(values.stream().filter(v -> v.startsWith(prefix)).toList());
          for (int i = 0; i < visited.size(); i++) {
            // The scan's end of each list (the next entry's offset, or the section's end) is the lookup's.
            assertThat(ranges.get(i)).isEqualTo(t.range(name, visited.get(i)));
          }
        }
      }
      List<String> none = new ArrayList<>();
      t.forEachValue("nope", "x", (v, start, end) -> none.add(v));
      assertThat(none).isEmpty();
    }
  }

  @Test
  void seriesReferenceOutsideTheSeriesSectionIsCorrupt() {
    try (IndexReader r = writeAndOpen(series())) {
      assertThatThrownBy(() -> r.series(1, new SeriesEntry()))
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining("test/index")
          .hasMessageContaining("outside the series section");
      assertThatThrownBy(() -> r.series(r.size() / 16 + 5, new SeriesEntry()))
          .isInstanceOf(CorruptBlockException.class);
    }
  }

  @Test
  void rejectsOutOfOrderSeries() {
    try (IndexWriter w = new IndexWriter(dir.resolve("bad"))) {
      w.addSymbols(List.of("a", "b", "x"));
      w.addSeries(Labels.of("x", "b"), new ChunkMetas());
      assertThatThrownBy(() -> w.addSeries(Labels.of("x", "a"), new ChunkMetas()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
