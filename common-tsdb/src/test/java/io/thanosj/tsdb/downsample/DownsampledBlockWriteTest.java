package io.thanosj.tsdb.downsample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.XorChunk;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import io.thanosj.tsdb.chunks.EncodedChunk;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.postings.Postings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our block writer writes downsampled blocks (0xFF chunks, thanos.downsample.resolution) that our reader reads back. */
class DownsampledBlockWriteTest {

  private static final long RES = ThanosMeta.RES_5M;

  /** An aggregate chunk over windows ending at {@code ends}, with count c, sum c*v, min v, max v and a counter. */
  private static BlockWriter.EncodedChunkData aggr(long[] ends, double v) {
    int n = ends.length;
    double[] count = new double[n];
    double[] sum = new double[n];
    double[] same = new double[n];
    for (int i = 0; i < n; i++) {
      count[i] = 30;
      sum[i] = 30 * v;
      same[i] = v;
    }
    byte[] x = AggrChunk.encodeXor(XorChunk.encode(ends, count, 0, n), XorChunk.encode(ends, sum, 0, n),
        XorChunk.encode(ends, same, 0, n), XorChunk.encode(ends, same, 0, n), XorChunk.encode(ends, same, 0, n));
    return new BlockWriter.EncodedChunkData(ends[0], ends[n - 1], ChunkEncoding.AGGREGATED, x);
  }

  @Test
  void writesAFiveMinuteBlockWithAggregateChunksAndTheSourceRange(@TempDir Path dir) throws Exception {
    long start = 1_700_000_000_000L - 1_700_000_000_000L % RES;
    long[] first = {start + RES - 1, start + 2 * RES - 1, start + 3 * RES - 1};
    long[] second = {start + 4 * RES - 1, start + 5 * RES - 1};
    Map<String, String> ext = Map.of("cluster", "a");
    BlockMeta meta;
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(ext, RES, "compactor")))) {
      w.addEncodedSeries(Labels.of("__name__", "up", "job", "a"), List.of(aggr(first, 1), aggr(second, 2)));
      w.addEncodedSeries(Labels.of("__name__", "up", "job", "b"), List.of(aggr(first, 7)));
      meta = w.finish(start, start + 2 * 3600_000L, null);
    }
    assertThat(meta.minTime()).isEqualTo(start);
    assertThat(meta.maxTime()).isEqualTo(start + 2 * 3600_000L);
    assertThat(meta.stats()).isEqualTo(new BlockMeta.Stats(8, 2, 3, 0)); // samples = count sub-chunk samples
    String json = Files.readString(dir.resolve(meta.ulid().toString()).resolve("meta.json"));
    assertThat(json).contains("\"downsample\": {\n\t\t\t\"resolution\": 300000\n\t\t}");

    try (BlockReader r = BlockReader.open(dir.resolve(meta.ulid().toString()))) {
      assertThat(r.meta().thanos().downsampleResolution()).isEqualTo(RES);
      assertThat(r.meta().compaction().sources()).containsExactly(meta.ulid());
      Postings p = r.index().allPostings();
      SeriesEntry e = new SeriesEntry();
      assertThat(p.next()).isTrue();
      r.index().series(p.at(), e);
      assertThat(e.labels(r.index().symbols())).isEqualTo(Labels.of("__name__", "up", "job", "a"));
      ChunkMetas cm = e.chunks();
      assertThat(cm.size()).isEqualTo(2);
      assertThat(cm.minTime(1)).isEqualTo(second[0]);
      assertThat(cm.maxTime(1)).isEqualTo(second[1]);
      EncodedChunk c = r.chunks().chunk(cm.ref(1));
      assertThat(c.encoding()).isEqualTo(ChunkEncoding.AGGREGATED);
      AggrChunk a = AggrChunk.wrap(c.data());
      AggrChunkTest.assertSamples(a.get(AggrType.SUM), second, new double[] {60, 60});
      AggrChunkTest.assertSamples(a.get(AggrType.MAX), second, new double[] {2, 2});
    }
  }

  @Test
  void aRangeThatDoesNotCoverTheSamplesIsRefused(@TempDir Path dir) {
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT)) {
      w.addEncodedSeries(Labels.of("a", "b"), List.of(aggr(new long[] {1000, 2000}, 1)));
      assertThatThrownBy(() -> w.finish(1000, 2000, null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not cover");
    }
  }
}
