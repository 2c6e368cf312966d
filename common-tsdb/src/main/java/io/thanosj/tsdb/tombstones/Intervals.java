package io.thanosj.tsdb.tombstones;

import java.util.Arrays;

/**
 * Deleted time ranges of one series: closed intervals [mint, maxt], sorted, non-overlapping, with
 * neighbours one millisecond apart merged (Prometheus' {@code tombstones.Intervals.Add}). Immutable;
 * {@link #add} returns a new instance.
 */
public final class Intervals {

  public static final Intervals NONE = new Intervals(new long[0]);

  private final long[] bounds; // mint0, maxt0, mint1, maxt1, …

  private Intervals(long[] bounds) {
    this.bounds = bounds;
  }

  public static Intervals of(long mint, long maxt) {
    return NONE.add(mint, maxt);
  }

  public int size() {
    return bounds.length >> 1;
  }

  public long mint(int i) {
    return bounds[i << 1];
  }

  public long maxt(int i) {
    return bounds[(i << 1) + 1];
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** Whether {@code t} lies in a deleted interval. */
  public boolean contains(long t) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (t < bounds[i]) {
        return false;
      }
      if (t <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code [mint, maxt]} lies entirely inside one deleted interval. */
  public boolean covers(long mint, long maxt) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] <= mint && maxt <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Adds {@code [mint, maxt]}, merging with overlapping or adjacent intervals. */
  public Intervals add(long mint, long maxt) {
    if (maxt < mint) {
      throw new IllegalArgumentException("interval [" + mint + ", " + maxt + "] is empty");
    }
    int n = size();
    long[] out = new long[bounds.length + 2];
    int j = 0;
    int i = 0;
    // Intervals entirely before the new one (not even adjacent).
    while (i < n && maxt(i) < mint - 1 && mint != Long.MIN_VALUE) {
      out[j++] = mint(i);
      out[j++] = maxt(i);
      i++;
    }
    long lo = mint;
    long hi = maxt;
    while (i < n && (maxt == Long.MAX_VALUE || mint(i) <= maxt + 1)) {
      lo = Math.min(lo, mint(i));
      hi = Math.max(hi, maxt(i));
      i++;
    }
    out[j++] = lo;
    out[j++] = hi;
    while (i < n) {
      out[j++] = mint(i);
      out[j++] = maxt(i);
      i++;
    }
    return new Intervals(Arrays.copyOf(out, j));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(bounds[i]).append(", ").append(bounds[i + 1]).append(']');
    }
    return sb.append(']').toString();
  }
}
