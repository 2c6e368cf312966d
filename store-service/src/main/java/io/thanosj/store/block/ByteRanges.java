package io.thanosj.store.block;

import java.util.Arrays;

/**
 * Coalesces byte ranges for range reads: sorted {@code [start, end)} pairs whose gaps are at most
 * {@code maxGap} become one request, because one larger GET is cheaper than many small ones on
 * object storage (Thanos' gap-based partitioner).
 */
public final class ByteRanges {

  private ByteRanges() {}

  /**
   * @param starts range starts; {@code ends[i]} is the exclusive end of range i (same length)
   * @return merged ranges as {@code [start0, end0, start1, end1, ...]}, sorted
   */
  public static long[] coalesce(long[] starts, long[] ends, long maxGap) {
    int n = starts.length;
    if (n == 0) {
      return new long[0];
    }
    long[][] pairs = new long[n][];
    for (int i = 0; i < n; i++) {
      pairs[i] = new long[] {starts[i], ends[i]};
    }
    Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[2 * n];
    int k = 0;
    long s = pairs[0][0];
    long e = pairs[0][1];
    for (int i = 1; i < n; i++) {
      if (pairs[i][0] <= e + maxGap) {
        e = Math.max(e, pairs[i][1]);
      } else {
        out[k++] = s;
        out[k++] = e;
        s = pairs[i][0];
        e = pairs[i][1];
      }
    }
    out[k++] = s;
    out[k++] = e;
    return Arrays.copyOf(out, k);
  }
}
