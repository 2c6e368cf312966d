package io.thanosj.promql.eval;

import java.util.Arrays;

/** histogram_quantile over classic histograms: buckets given as (upper bound, cumulative count). */
final class ClassicHistograms {

  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private ClassicHistograms() {}

  /** Result of one quantile computation and whether monotonicity had to be forced. */
  record Result(double value, boolean forcedMonotonic) {}

  /**
   * Prometheus' bucketQuantile: sorts the buckets, requires a +Inf bucket, merges equal bounds,
   * makes counts monotonic (ignoring differences below 1e-12 relative), and interpolates linearly
   * inside the bucket holding the rank. upper/count hold n buckets and are reordered.
   */
  static Result bucketQuantile(double q, double[] upper, double[] count, int n) {
    if (Double.isNaN(q)) {
      return new Result(Double.NaN, false);
    }
    if (q < 0) {
      return new Result(Double.NEGATIVE_INFINITY, false);
    }
    if (q > 1) {
      return new Result(Double.POSITIVE_INFINITY, false);
    }
    sortByUpper(upper, count, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      return new Result(Double.NaN, false);
    }
    n = coalesce(upper, count, n);
    boolean forced = ensureMonotonic(count, n);
    if (n < 2) {
      return new Result(Double.NaN, false);
    }
    double observations = count[n - 1];
    if (observations == 0) {
      return new Result(Double.NaN, false);
    }
    double rank = q * observations;
    // sort.Search over the first n-1 buckets: the first whose count reaches the rank.
    int b = 0;
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (count[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    b = lo;
    if (b == n - 1) {
      return new Result(upper[n - 2], forced);
    }
    if (b == 0 && upper[0] <= 0) {
      return new Result(upper[0], forced);
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double c = count[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      c -= count[b - 1];
      rank -= count[b - 1];
    }
    return new Result(bucketStart + (bucketEnd - bucketStart) * (rank / c), forced);
  }

  private static void sortByUpper(double[] upper, double[] count, int n) {
    // Insertion sort keeps equal bounds in input order; buckets per series are few.
    for (int i = 1; i < n; i++) {
      double u = upper[i];
      double c = count[i];
      int j = i - 1;
      while (j >= 0 && upper[j] > u) {
        upper[j + 1] = upper[j];
        count[j + 1] = count[j];
        j--;
      }
      upper[j + 1] = u;
      count[j + 1] = c;
    }
  }

  private static int coalesce(double[] upper, double[] count, int n) {
    double lastUpper = upper[0];
    double lastCount = count[0];
    int i = 0;
    for (int k = 1; k < n; k++) {
      if (upper[k] == lastUpper) {
        lastCount += count[k];
      } else {
        upper[i] = lastUpper;
        count[i] = lastCount;
        lastUpper = upper[k];
        lastCount = count[k];
        i++;
      }
    }
    upper[i] = lastUpper;
    count[i] = lastCount;
    return i + 1;
  }

  private static boolean ensureMonotonic(double[] count, int n) {
    boolean forced = false;
    double prev = count[0];
    for (int i = 1; i < n; i++) {
      double curr = count[i];
      if (curr == prev) {
        continue;
      }
      if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
        count[i] = prev;
        continue;
      }
      if (curr < prev) {
        count[i] = prev;
        forced = true;
        continue;
      }
      prev = curr;
    }
    return forced;
  }

  /** Prometheus' util/almost.Equal. */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }

  static double[] grow(double[] a, int needed) {
    return needed <= a.length ? a : Arrays.copyOf(a, Math.max(needed, a.length * 2));
  }
}
