package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.querier.BlockQuerier;
import io.thanosj.tsdb.querier.BlockSeries;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import io.thanosj.tsdb.testing.BlockContents;
import io.thanosj.tsdb.testing.OpenMetricsWriter;
import io.thanosj.tsdb.testing.Promtool;
import io.thanosj.tsdb.testing.SeriesGenerator;
import io.thanosj.tsdb.testing.TestSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our block reader against blocks made by the real promtool (Prometheus 2.42) from generated
 * OpenMetrics: thousands of series over several 2h blocks, with counter resets, NaN/±Inf gauges,
 * classic histograms, awkward label values, and series that start and stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockReaderWithPromtoolBlocksTest {

  List<TestSeries> input;
  List<Path> blocks;

  @BeforeAll
  void makeBlocks(@TempDir Path tmp) {
    input = new SeriesGenerator(20240601).duration(5 * 3600_000L).interval(30_000).generate(3000);
    Path om = tmp.resolve("input.om");
    OpenMetricsWriter.write(input, om);
    blocks = Promtool.createBlocks(om, tmp.resolve("data"));
  }

  @Test
  void promtoolMadeSeveralBlocks() {
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
    assertThat(input).hasSizeGreaterThanOrEqualTo(3000);
  }

  @Test
  void readsBackExactlyTheInputSeriesAndSamples() {
    List<TestSeries> read = BlockContents.read(blocks);
    assertThat(read).hasSameSizeAs(input);
    for (int i = 0; i < input.size(); i++) {
      TestSeries want = input.get(i);
      TestSeries got = read.get(i);
      assertThat(got.labels()).isEqualTo(want.labels());
      assertThat(want.sameSamples(got.timestamps(), got.values()))
          .as("samples of %s", want.labels())
          .isTrue();
    }
  }

  @Test
  void metaMatchesBlockContents() {
    long series = 0;
    for (Path dir : blocks) {
      try (BlockReader b = BlockReader.open(dir)) {
        BlockMeta m = b.meta();
        assertThat(m.ulid().toString()).isEqualTo(dir.getFileName().toString());
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.compaction().level()).isEqualTo(1);
        long samples = 0;
        long chunks = 0;
        long n = 0;
        BlockSeriesSet set = b.querier(m.minTime(), m.maxTime() - 1).select(List.of(Matcher.of(Matcher.Type.RE, "__name__", ".*")));
        while (set.next()) {
          n++;
          chunks += set.at().chunkMetas().size();
          SampleIterator it = set.at().iterator();
          while (it.next()) {
            samples++;
          }
        }
        assertThat(n).isEqualTo(m.stats().numSeries());
        assertThat(chunks).isEqualTo(m.stats().numChunks());
        assertThat(samples).isEqualTo(m.stats().numSamples());
        series += n;
      }
    }
    assertThat(series).isGreaterThanOrEqualTo(input.size());
  }

  @Test
  void everyChunkReEncodesToTheSameBytesAndItsMetaTimesAreExact() {
    XorIterator it = new XorIterator();
    int checked = 0;
    for (Path dir : blocks) {
      try (BlockReader b = BlockReader.open(dir)) {
        BlockSeriesSet set = b.querier(Long.MIN_VALUE, Long.MAX_VALUE).select(List.of(Matcher.of(Matcher.Type.RE, "__name__", ".+")));
        while (set.next()) {
          for (BlockSeries.TimedChunk c : set.at().chunks()) {
            assertThat(c.encoding()).isEqualTo(ChunkEncoding.XOR);
            byte[] bytes = c.toByteArray();
            it.reset(bytes, 0, bytes.length);
            XorChunk again = new XorChunk();
            long first = Long.MIN_VALUE;
            while (it.next()) {
              if (first == Long.MIN_VALUE) {
                first = it.atT();
              }
              again.append(it.atT(), it.atV());
            }
            assertThat(again.bytes()).as("chunk of %s", set.at().labels()).isEqualTo(bytes);
            assertThat(first).isEqualTo(c.minTime());
            assertThat(again.lastTimestamp()).isEqualTo(c.maxTime());
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(3000);
  }

  @Test
  void matchersSelectTheSameSeriesAsFilteringTheInput() {
    List<List<Matcher>> cases = List.of(
        List.of(Matcher.equal("__name__", "gen_requests_total")),
        List.of(Matcher.equal("__name__", "gen_requests_total"), Matcher.equal("code", "500")),
        List.of(Matcher.equal("job", "job3"), Matcher.of(Matcher.Type.NEQ, "code", "200")),
        List.of(Matcher.of(Matcher.Type.RE, "job", "job1|job4"), Matcher.of(Matcher.Type.NRE, "__name__", "gen_lat.*")),
        List.of(Matcher.equal("tricky", "")),
        List.of(Matcher.of(Matcher.Type.NEQ, "tricky", "")),
        List.of(Matcher.of(Matcher.Type.RE, "tricky", ".*"), Matcher.equal("job", "job0")),
        List.of(Matcher.of(Matcher.Type.RE, "tricky", ".+")),
        List.of(Matcher.of(Matcher.Type.RE, "tricky", "日本語|emoji-🙂|new\nline")),
        List.of(Matcher.equal("tricky", "quote\"d"), Matcher.of(Matcher.Type.NRE, "le", "\\+Inf")),
        List.of(Matcher.of(Matcher.Type.NRE, "le", ".*")),
        List.of(Matcher.equal("__name__", "no_such_metric")),
        List.of(Matcher.equal("no_such_label", ""), Matcher.equal("job", "job2")),
        List.of(Matcher.of(Matcher.Type.NEQ, "job", "job2")),
        List.of(Matcher.of(Matcher.Type.NRE, "instance", "host-1.*"), Matcher.of(Matcher.Type.RE, "le", "0\\..*")));
    for (List<Matcher> ms : cases) {
      TreeSet<Labels> want = new TreeSet<>(Labels::compare);
      TreeSet<Labels> got = new TreeSet<>(Labels::compare);
      for (TestSeries s : input) {
        if (ms.stream().allMatch(m -> m.matches(s.labels()))) {
          want.add(s.labels());
        }
      }
      for (Path dir : blocks) {
        try (BlockReader b = BlockReader.open(dir)) {
          BlockSeriesSet set = b.querier(b.meta().minTime(), b.meta().maxTime()).select(ms);
          Labels prev = null;
          while (set.next()) {
            Labels l = set.at().labels();
            if (prev != null) {
              assertThat(Labels.compare(prev, l)).as("sorted output for %s", ms).isNegative();
            }
            prev = l;
            got.add(l);
          }
        }
      }
      assertThat(got).as("series for %s", ms).containsExactlyElementsOf(want);
    }
  }

  @Test
  void aTimeRangeSelectsExactlyTheSamplesInsideIt() {
    Path dir = blocks.get(1);
    try (BlockReader b = BlockReader.open(dir)) {
      long from = b.meta().minTime() + 1_234_567;
      long to = from + 1_800_000;
      BlockQuerier q = b.querier(from, to);
      BlockSeriesSet set = q.select(List.of(Matcher.equal("job", "job1")));
      int seen = 0;
      int k = 0;
      while (set.next()) {
        BlockSeries s = set.at();
        while (k < input.size() && Labels.compare(input.get(k).labels(), s.labels()) < 0) {
          k++;
        }
        TestSeries want = input.get(k).slice(from, to);
        List<Long> ts = new ArrayList<>();
        SampleIterator it = s.iterator();
        while (it.next()) {
          ts.add(it.atT());
        }
        assertThat(ts).containsExactlyElementsOf(java.util.Arrays.stream(want.timestamps()).boxed().toList());
        // seek lands on the first sample at or after its target, never before the range
        SampleIterator sk = s.iterator();
        if (want.size() > 2) {
          assertThat(sk.seek(want.timestamps()[2] - 1)).isTrue();
          assertThat(sk.atT()).isEqualTo(want.timestamps()[2]);
          assertThat(sk.seek(Long.MIN_VALUE)).isTrue();
          assertThat(sk.atT()).isEqualTo(want.timestamps()[2]);
        }
        assertThat(s.iterator().seek(to + 1)).isFalse();
        seen++;
      }
      assertThat(seen).isPositive();
    }
  }

  @Test
  void labelNamesAndValuesMatchTheInput() {
    TreeSet<String> names = new TreeSet<>(StringOrder.UTF8);
    TreeSet<String> tricky = new TreeSet<>(StringOrder.UTF8);
    TreeSet<String> jobsOfCounters = new TreeSet<>(StringOrder.UTF8);
    for (TestSeries s : input) {
      names.addAll(s.labels().names());
      if (s.labels().has("tricky")) {
        tricky.add(s.labels().get("tricky"));
      }
      if (s.metricName().equals("gen_requests_total")) {
        jobsOfCounters.add(s.labels().get("job"));
      }
    }
    TreeSet<String> gotNames = new TreeSet<>(StringOrder.UTF8);
    TreeSet<String> gotTricky = new TreeSet<>(StringOrder.UTF8);
    TreeSet<String> gotJobs = new TreeSet<>(StringOrder.UTF8);
    for (Path dir : blocks) {
      try (BlockReader b = BlockReader.open(dir)) {
        BlockQuerier q = b.querier(b.meta().minTime(), b.meta().maxTime());
        List<String> n = q.labelNames(List.of());
        assertThat(n).isSortedAccordingTo(StringOrder.UTF8);
        gotNames.addAll(n);
        List<String> v = q.labelValues("tricky", List.of());
        assertThat(v).isSortedAccordingTo(StringOrder.UTF8);
        gotTricky.addAll(v);
        gotJobs.addAll(q.labelValues("job", List.of(Matcher.equal("__name__", "gen_requests_total"))));
        assertThat(q.labelNames(List.of(Matcher.equal("__name__", "gen_requests_total"))))
            .containsExactly("__name__", "code", "instance", "job", "series", "tricky");
      }
    }
    assertThat(gotNames).containsExactlyElementsOf(names);
    assertThat(gotTricky).containsExactlyElementsOf(tricky);
    assertThat(gotJobs).containsExactlyElementsOf(jobsOfCounters);
  }
}
