package io.thanosj.tsdb.querier;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.XorIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.tombstones.Tombstones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockQuerierTombstonesTest {

  @Test
  void deletedIntervalsAreRemovedFromSamplesAndChunks(@TempDir Path dir) throws Exception {
    long[] ts = new long[600];
    double[] vs = new double[600];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 1_000_000 + 10_000L * i;
      vs[i] = i;
    }
    BlockMeta meta;
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT)) {
      w.addSeries(Labels.of("__name__", "a"), ts, vs, ts.length);
      w.addSeries(Labels.of("__name__", "b"), ts, vs, ts.length);
      meta = w.finish();
    }
    Path block = dir.resolve(meta.ulid().toString());
    long refA;
    try (BlockReader r = BlockReader.open(block)) {
      Postings p = r.index().postings("__name__", "a");
      p.next();
      refA = p.at();
    }
    // delete samples 100..149 and everything from sample 500 on, from series "a" only
    Tombstones t = Tombstones.EMPTY.with(refA, ts[100], ts[149]).with(refA, ts[500], Long.MAX_VALUE);
    Files.write(block.resolve(Tombstones.FILE_NAME), t.encode());
    try (BlockReader r = BlockReader.open(block)) {
      BlockSeriesSet set = r.querier(meta.minTime(), meta.maxTime()).select(List.of(Matcher.of(Matcher.Type.RE, "__name__", "a|b")));
      assertThat(set.next()).isTrue();
      BlockSeries a = set.at();
      List<Long> got = new ArrayList<>();
      SampleIterator it = a.iterator();
      while (it.next()) {
        got.add(it.atT());
      }
      List<Long> want = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        if (i < 100 || i > 149) {
          want.add(ts[i]);
        }
      }
      assertThat(got).containsExactlyElementsOf(want);
      SampleIterator seek = a.iterator();
      assertThat(seek.seek(ts[120])).isTrue();
      assertThat(seek.atT()).isEqualTo(ts[150]);
      // chunks: fully deleted ones dropped, partly deleted ones re-encoded without the samples
      List<Long> fromChunks = new ArrayList<>();
      for (BlockSeries.TimedChunk c : a.chunks()) {
        XorIterator x = new XorIterator(c.toByteArray());
        boolean first = true;
        while (x.next()) {
          if (first) {
            assertThat(x.atT()).isEqualTo(c.minTime());
            first = false;
          }
          fromChunks.add(x.atT());
        }
      }
      assertThat(fromChunks).containsExactlyElementsOf(want);
      assertThat(set.next()).isTrue();
      SampleIterator b = set.at().iterator();
      int n = 0;
      while (b.next()) {
        n++;
      }
      assertThat(n).isEqualTo(600);
      assertThat(set.next()).isFalse();
    }
  }
}
