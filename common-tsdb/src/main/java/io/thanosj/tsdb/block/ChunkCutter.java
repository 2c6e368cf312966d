package io.thanosj.tsdb.block;

import java.util.Arrays;

/**
 * Decides where a series' samples are split into chunks, exactly as Prometheus 2.42's head does
 * while appending ({@code memSeries.appendPreprocessor}): a chunk never crosses a multiple of the
 * chunk range; when a chunk reaches 30 samples its end time is predicted so that the rest of the
 * range splits into chunks of about 120 samples; and a chunk is cut at 240 samples regardless.
 * Matching these rules is what makes our blocks' chunks identical to Prometheus'.
 */
public final class ChunkCutter {

  public static final int SAMPLES_PER_CHUNK = 120;

  private ChunkCutter() {}

  /**
   * Start indices of the chunks for timestamps {@code ts[0..n)}, which must increase strictly;
   * returns an array {@code starts} with {@code starts[k]} the first sample of chunk k and a final
   * element {@code n}.
   *
   * @param chunkRange the head chunk range: 2h on a Prometheus server, twice the block length in
   *     {@code promtool tsdb create-blocks-from}
   */
  public static int[] cut(long[] ts, int n, long chunkRange) {
    int[] starts = new int[Math.max(2, n / 30 + 2)];
    int k = 0;
    if (n == 0) {
      return new int[] {0};
    }
    long chunkMin = ts[0];
    long chunkMax = Long.MIN_VALUE;
    long nextAt = rangeEnd(ts[0], chunkRange);
    int inChunk = 0;
    starts[k++] = 0;
    for (int i = 0; i < n; i++) {
      long t = ts[i];
      if (i > 0 && t <= ts[i - 1]) {
        throw new IllegalArgumentException("timestamps must increase: " + t + " after " + ts[i - 1] + " at sample " + i);
      }
      if (inChunk == SAMPLES_PER_CHUNK / 4) {
        nextAt = computeChunkEndTime(chunkMin, chunkMax, nextAt);
      }
      if (i > 0 && (t >= nextAt || inChunk >= SAMPLES_PER_CHUNK * 2)) {
        if (k == starts.length) {
          starts = Arrays.copyOf(starts, k * 2);
        }
        starts[k++] = i;
        chunkMin = t;
        inChunk = 0;
        nextAt = rangeEnd(t, chunkRange);
      }
      chunkMax = t;
      inChunk++;
    }
    if (k == starts.length) {
      starts = Arrays.copyOf(starts, k + 1);
    }
    starts[k++] = n;
    return Arrays.copyOf(starts, k);
  }

  /** Prometheus' rangeForTimestamp: the end of the chunk range holding t (Go's truncating division). */
  static long rangeEnd(long t, long width) {
    return (t / width) * width + width;
  }

  /** Prometheus' computeChunkEndTime, assuming the chunk is a quarter full. */
  static long computeChunkEndTime(long start, long cur, long max) {
    long n = (max - start) / ((cur - start + 1) * 4);
    if (n <= 1) {
      return max;
    }
    return start + (max - start) / n;
  }
}
