package io.thanosj.store.block;

import java.util.Arrays;

/**
 * Coalesces byte ranges for range reads: sorted {@code [start, end)} pairs separated by small gaps
 * become one request, because one larger GET is cheaper than many small ones on object storage
 * (Thanos' gap-based partitioner bridges every gap up to 512 KiB). A gap is bridged only while it is
 * no larger than the bytes already wanted in the run (or {@code minGap}), so a sparse selection, such
 * as every twentieth series of a block, does not pull the whole file for a few per cent of it: at
 * most about half of what is fetched is waste.
 */
public final class ByteRanges {

  private ByteRanges() {}

  /**
   * @param starts range starts; {@code ends[i]} is the exclusive end of range i (same length)
   * @param minGap gaps up to this size are always bridged
   * @param maxGap gaps above this size are never bridged
   * @return merged ranges as {@code [start0, end0, start1, end1, ...]}, sorted
   */
  public static long[] coalesce(long[] starts, long[] ends, long minGap, long maxGap) {
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
    long wanted = e - s;
    for (int i = 1; i < n; i++) {
      long gap = pairs[i][0] - e;
      if (gap <= Math.min(maxGap, Math.max(minGap, wanted))) {
        wanted += Math.max(0, pairs[i][1] - Math.max(e, pairs[i][0]));
        e = Math.max(e, pairs[i][1]);
      } else {
        out[k++] = s;
        out[k++] = e;
        s = pairs[i][0];
        e = pairs[i][1];
        wanted = e - s;
      }
    }
    out[k++] = s;
    out[k++] = e;
    return Arrays.copyOf(out, k);
  }
}
