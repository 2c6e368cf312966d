package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.tsdb.chunks.SegmentFormat;
import org.junit.jupiter.api.Test;

class ChunkRangesTest {

  @Test
  void chunksOfARunEndWhereTheNextStartsAndTheLastIsEstimatedFromTheRun() {
    // Series A: chunks at 8, 208, 408 (200 bytes each); series B far away: one lone chunk at 100,000;
    // series C: chunks at 200,000 and 200,150, the segment ending at 200,400.
    long[] refs = {ref(8), ref(208), ref(408), ref(100_000), ref(200_000), ref(200_150)};
    long[] starts = new long[refs.length];
    long[] ends = new long[refs.length];
    BucketBlock.chunkRanges(refs, 0, refs.length, 200_400, starts, ends);
    assertThat(starts).containsExactly(8, 208, 408, 100_000, 200_000, 200_150);
    assertThat(ends).containsExactly(208, 408, 408 + 2 * 200 + 64, 100_000 + BucketBlock.CHUNK_LENGTH_ESTIMATE,
        200_150, 200_400);
  }

  private static long ref(long offset) {
    return SegmentFormat.ref(0, offset);
  }
}
