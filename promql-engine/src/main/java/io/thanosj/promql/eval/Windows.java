package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;

/**
 * One series of a range vector prepared for a range function: its samples (stale markers removed)
 * and, per step, the index range [lo, hi) of the samples inside the window [end - range, end]
 * (both ends closed, as in Prometheus 2.x).
 */
final class Windows {

  Labels labels;
  long[] t;
  double[] v;
  int size;
  int[] lo;
  int[] hi;
  /** The window's end per step: the evaluation time minus offset, or the @ time minus offset. */
  long[] end;
  long rangeMs;

  Windows(int steps) {
    lo = new int[steps];
    hi = new int[steps];
    end = new long[steps];
  }

  /** Fills lo/hi for window ends {@code end[]} that never decrease from step to step. */
  void computeBounds(int steps) {
    int l = 0;
    int h = 0;
    for (int k = 0; k < steps; k++) {
      long e = end[k];
      long s = e - rangeMs;
      while (l < size && t[l] < s) {
        l++;
      }
      if (h < l) {
        h = l;
      }
      while (h < size && t[h] <= e) {
        h++;
      }
      lo[k] = l;
      hi[k] = h;
    }
  }

  boolean anyNonEmpty(int steps) {
    for (int k = 0; k < steps; k++) {
      if (hi[k] > lo[k]) {
        return true;
      }
    }
    return false;
  }
}
