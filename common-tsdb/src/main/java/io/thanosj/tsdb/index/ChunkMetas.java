package io.thanosj.tsdb.index;

import java.util.Arrays;

/**
 * The chunk references of one series (time range and segment reference per chunk) in parallel
 * primitive arrays, reused from series to series so decoding a postings list's worth of series
 * allocates nothing per chunk.
 */
public final class ChunkMetas {

  private long[] minTimes = new long[8];
  private long[] maxTimes = new long[8];
  private long[] refs = new long[8];
  private int size;

  public int size() {
    return size;
  }

  public long minTime(int i) {
    return minTimes[i];
  }

  public long maxTime(int i) {
    return maxTimes[i];
  }

  /** {@code (segment index << 32) | offset in segment} of chunk {@code i}. */
  public long ref(int i) {
    return refs[i];
  }

  public void clear() {
    size = 0;
  }

  public void add(long minTime, long maxTime, long ref) {
    if (size == refs.length) {
      int n = size * 2;
      minTimes = Arrays.copyOf(minTimes, n);
      maxTimes = Arrays.copyOf(maxTimes, n);
      refs = Arrays.copyOf(refs, n);
    }
    minTimes[size] = minTime;
    maxTimes[size] = maxTime;
    refs[size] = ref;
    size++;
  }

  /** Keeps only the chunks overlapping {@code [mint, maxt]} (both inclusive), in order. */
  public void retainOverlapping(long mint, long maxt) {
    int j = 0;
    for (int i = 0; i < size; i++) {
      if (maxTimes[i] >= mint && minTimes[i] <= maxt) {
        minTimes[j] = minTimes[i];
        maxTimes[j] = maxTimes[i];
        refs[j] = refs[i];
        j++;
      }
    }
    size = j;
  }

  public ChunkMetas copy() {
    ChunkMetas c = new ChunkMetas();
    c.minTimes = Arrays.copyOf(minTimes, Math.max(size, 1));
    c.maxTimes = Arrays.copyOf(maxTimes, Math.max(size, 1));
    c.refs = Arrays.copyOf(refs, Math.max(size, 1));
    c.size = size;
    return c;
  }
}
