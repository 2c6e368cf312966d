package io.thanosj.promql.eval;

import java.util.Arrays;

/** Prometheus' quantile over a set of values (quantile aggregation, quantile_over_time). */
final class Quantiles {

  private Quantiles() {}

  /**
   * The φ-quantile of values[0, n), interpolating between the closest ranks. Values are sorted the
   * way Go's vectorByValueHeap sorts them: NaN first, then ascending. values is reordered.
   */
  static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNanFirst(values, n);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  static void sortNanFirst(double[] values, int n) {
    Arrays.sort(values, 0, n); // NaNs end up last
    int nans = 0;
    while (nans < n && Double.isNaN(values[n - 1 - nans])) {
      nans++;
    }
    if (nans > 0 && nans < n) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
