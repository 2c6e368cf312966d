package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkCutterTest {

  private static long[] regular(long start, long step, int n) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + step * i;
    }
    return ts;
  }

  @Test
  void fifteenSecondScrapesOverTwoHoursGiveFourChunksOf120() {
    long[] ts = regular(7_200_000L * 1000, 15_000, 480);
    assertThat(ChunkCutter.cut(ts, ts.length, 7_200_000L)).containsExactly(0, 120, 240, 360, 480);
  }

  @Test
  void neverCrossesAChunkRangeBoundary() {
    long base = 7_200_000L * 1000;
    long[] ts = regular(base + 7_200_000L - 60_000, 15_000, 10);
    int[] starts = ChunkCutter.cut(ts, ts.length, 7_200_000L);
    assertThat(starts).containsExactly(0, 4, 10); // the 5th sample lands exactly on the boundary
  }

  @Test
  void cutsAt240SamplesWhenThePredictionWasWrong() {
    long base = 7_200_000L * 1000;
    long[] ts = new long[300];
    for (int i = 0; i < 30; i++) {
      ts[i] = base + 60_000L * i; // slow start predicts few, long chunks
    }
    for (int i = 30; i < 300; i++) {
      ts[i] = ts[29] + 10L * (i - 29); // then a burst
    }
    assertThat(ChunkCutter.cut(ts, ts.length, 7_200_000L)).containsExactly(0, 240, 300);
  }
}
