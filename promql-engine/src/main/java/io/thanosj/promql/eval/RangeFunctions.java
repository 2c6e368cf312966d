package io.thanosj.promql.eval;

import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.format.GoFloats;
import java.util.Set;

/**
 * Functions over range vectors, computed for one series at every step from its precomputed
 * windows. Each follows Prometheus 2.53's functions.go arithmetic step for step (including its
 * Kahan summation and extrapolation rules) so results agree to the last bit where Go's and Java's
 * floating point agree.
 */
final class RangeFunctions {

  static final Set<String> NAMES = Set.of("rate", "increase", "delta", "irate", "idelta", "avg_over_time",
      "sum_over_time", "count_over_time", "min_over_time", "max_over_time", "last_over_time",
      "present_over_time", "stddev_over_time", "stdvar_over_time", "quantile_over_time", "mad_over_time",
      "changes", "resets", "deriv", "predict_linear", "holt_winters", "absent_over_time");

  private double[] scratch = new double[64];

  /**
   * Fills out/present for the steps where the function yields a value; steps with an empty window
   * never yield one. {@code scalars[i]} holds the values of the function's i-th argument per step
   * (null for the range argument).
   */
  void apply(String name, Windows w, StepGrid g, double[][] scalars, double[] out, boolean[] present) {
    int n = g.size();
    for (int k = 0; k < n; k++) {
      present[k] = false;
      int lo = w.lo[k];
      int hi = w.hi[k];
      if (hi <= lo) {
        continue;
      }
      switch (name) {
        case "rate" -> extrapolatedRate(w, k, true, true, out, present);
        case "increase" -> extrapolatedRate(w, k, true, false, out, present);
        case "delta" -> extrapolatedRate(w, k, false, false, out, present);
        case "irate" -> instantValue(w, k, true, out, present);
        case "idelta" -> instantValue(w, k, false, out, present);
        case "avg_over_time" -> set(out, present, k, avg(w.v, lo, hi));
        case "sum_over_time" -> set(out, present, k, sum(w.v, lo, hi));
        case "count_over_time" -> set(out, present, k, hi - lo);
        case "min_over_time" -> set(out, present, k, min(w.v, lo, hi));
        case "max_over_time" -> set(out, present, k, max(w.v, lo, hi));
        case "last_over_time" -> set(out, present, k, w.v[hi - 1]);
        case "present_over_time", "absent_over_time" -> set(out, present, k, 1);
        case "stddev_over_time" -> set(out, present, k, Math.sqrt(variance(w.v, lo, hi)));
        case "stdvar_over_time" -> set(out, present, k, variance(w.v, lo, hi));
        case "quantile_over_time" -> set(out, present, k, quantile(scalars[0][k], w.v, lo, hi));
        case "mad_over_time" -> set(out, present, k, mad(w.v, lo, hi));
        case "changes" -> set(out, present, k, changes(w.v, lo, hi));
        case "resets" -> set(out, present, k, resets(w.v, lo, hi));
        case "deriv" -> {
          if (hi - lo >= 2) {
            set(out, present, k, linearRegression(w, lo, hi, w.t[lo])[0]);
          }
        }
        case "predict_linear" -> {
          if (hi - lo >= 2) {
            double[] si = linearRegression(w, lo, hi, g.ts(k));
            set(out, present, k, si[0] * scalars[1][k] + si[1]);
          }
        }
        case "holt_winters" -> holtWinters(w, lo, hi, scalars[1][k], scalars[2][k], k, out, present);
        default -> throw new IllegalStateException("not a range function: " + name);
      }
    }
  }

  private static void set(double[] out, boolean[] present, int k, double v) {
    out[k] = v;
    present[k] = true;
  }

  /** Prometheus' extrapolatedRate for rate(), increase() and delta() (2.53 semantics). */
  private static void extrapolatedRate(Windows w, int k, boolean isCounter, boolean isRate, double[] out,
      boolean[] present) {
    int lo = w.lo[k];
    int hi = w.hi[k];
    int count = hi - lo;
    if (count < 2) {
      return;
    }
    long rangeEnd = w.end[k];
    long rangeStart = rangeEnd - w.rangeMs;
    double[] v = w.v;
    double result = v[hi - 1] - v[lo];
    if (isCounter) {
      double prev = v[lo];
      for (int i = lo + 1; i < hi; i++) {
        double cur = v[i];
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    long firstT = w.t[lo];
    long lastT = w.t[hi - 1];
    double durationToStart = (double) (firstT - rangeStart) / 1000;
    double durationToEnd = (double) (rangeEnd - lastT) / 1000;
    double sampledInterval = (double) (lastT - firstT) / 1000;
    double averageDurationBetweenSamples = sampledInterval / (count - 1);
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    double extrapolateToInterval = sampledInterval;
    if (durationToStart >= extrapolationThreshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter && result > 0 && v[lo] >= 0) {
      // A counter cannot go below zero: do not extrapolate further back than where it would be 0.
      double durationToZero = sampledInterval * (v[lo] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    extrapolateToInterval += durationToStart;
    if (durationToEnd >= extrapolationThreshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    extrapolateToInterval += durationToEnd;
    double factor = extrapolateToInterval / sampledInterval;
    if (isRate) {
      factor /= goSeconds(w.rangeMs);
    }
    set(out, present, k, result * factor);
  }

  /** Go's time.Duration.Seconds(): whole seconds plus the fraction, added separately. */
  static double goSeconds(long ms) {
    long sec = ms / 1000;
    long nanos = (ms % 1000) * 1_000_000L;
    return sec + nanos / 1e9;
  }

  private static void instantValue(Windows w, int k, boolean isRate, double[] out, boolean[] present) {
    int lo = w.lo[k];
    int hi = w.hi[k];
    if (hi - lo < 2) {
      return;
    }
    double last = w.v[hi - 1];
    double previous = w.v[hi - 2];
    double result = isRate && last < previous ? last : last - previous;
    long sampledInterval = w.t[hi - 1] - w.t[hi - 2];
    if (sampledInterval == 0) {
      return;
    }
    if (isRate) {
      result /= (double) sampledInterval / 1000;
    }
    set(out, present, k, result);
  }

  private static double avg(double[] v, int lo, int hi) {
    double mean = 0;
    double c = 0;
    double count = 0;
    for (int i = lo; i < hi; i++) {
      double f = v[i];
      count++;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(f) && (mean > 0) == (f > 0)) {
          continue;
        }
        if (!Double.isInfinite(f) && !Double.isNaN(f)) {
          continue;
        }
      }
      double inc = f / count - mean / count;
      double t = mean + inc;
      if (Math.abs(mean) >= Math.abs(inc)) {
        c += (mean - t) + inc;
      } else {
        c += (inc - t) + mean;
      }
      mean = t;
    }
    if (Double.isInfinite(mean)) {
      return mean;
    }
    return mean + c;
  }

  private static double sum(double[] v, int lo, int hi) {
    double sum = 0;
    double c = 0;
    for (int i = lo; i < hi; i++) {
      double inc = v[i];
      double t = sum + inc;
      if (Math.abs(sum) >= Math.abs(inc)) {
        c += (sum - t) + inc;
      } else {
        c += (inc - t) + sum;
      }
      sum = t;
    }
    if (Double.isInfinite(sum)) {
      return sum;
    }
    return sum + c;
  }

  private static double min(double[] v, int lo, int hi) {
    double m = v[lo];
    for (int i = lo; i < hi; i++) {
      if (v[i] < m || Double.isNaN(m)) {
        m = v[i];
      }
    }
    return m;
  }

  private static double max(double[] v, int lo, int hi) {
    double m = v[lo];
    for (int i = lo; i < hi; i++) {
      if (v[i] > m || Double.isNaN(m)) {
        m = v[i];
      }
    }
    return m;
  }

  /** Welford's variance with Kahan-compensated accumulators, as Prometheus computes it. */
  private static double variance(double[] v, int lo, int hi) {
    double count = 0;
    double mean = 0;
    double cMean = 0;
    double aux = 0;
    double cAux = 0;
    for (int i = lo; i < hi; i++) {
      double f = v[i];
      count++;
      double delta = f - (mean + cMean);
      double inc = delta / count;
      double t = mean + inc;
      if (Math.abs(mean) >= Math.abs(inc)) {
        cMean += (mean - t) + inc;
      } else {
        cMean += (inc - t) + mean;
      }
      mean = t;
      inc = delta * (f - (mean + cMean));
      t = aux + inc;
      if (Math.abs(aux) >= Math.abs(inc)) {
        cAux += (aux - t) + inc;
      } else {
        cAux += (inc - t) + aux;
      }
      aux = t;
    }
    return (aux + cAux) / count;
  }

  private double quantile(double q, double[] v, int lo, int hi) {
    int n = hi - lo;
    scratch = ClassicHistograms.grow(scratch, n);
    System.arraycopy(v, lo, scratch, 0, n);
    return Quantiles.quantile(q, scratch, n);
  }

  private double mad(double[] v, int lo, int hi) {
    int n = hi - lo;
    scratch = ClassicHistograms.grow(scratch, n);
    System.arraycopy(v, lo, scratch, 0, n);
    double median = Quantiles.quantile(0.5, scratch, n);
    for (int i = 0; i < n; i++) {
      scratch[i] = Math.abs(v[lo + i] - median);
    }
    return Quantiles.quantile(0.5, scratch, n);
  }

  private static double changes(double[] v, int lo, int hi) {
    int changes = 0;
    double prev = v[lo];
    for (int i = lo + 1; i < hi; i++) {
      double cur = v[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return changes;
  }

  private static double resets(double[] v, int lo, int hi) {
    int resets = 0;
    double prev = v[lo];
    for (int i = lo + 1; i < hi; i++) {
      double cur = v[i];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return resets;
  }

  /** Least-squares slope and intercept at interceptTime, with Prometheus' Kahan sums. */
  private static double[] linearRegression(Windows w, int lo, int hi, long interceptTime) {
    double n = 0;
    double sumX = 0;
    double cX = 0;
    double sumY = 0;
    double cY = 0;
    double sumXY = 0;
    double cXY = 0;
    double sumX2 = 0;
    double cX2 = 0;
    double initY = w.v[lo];
    boolean constY = true;
    for (int i = lo; i < hi; i++) {
      double y = w.v[i];
      if (constY && i > lo && y != initY) {
        constY = false;
      }
      n += 1.0;
      double x = (double) (w.t[i] - interceptTime) / 1e3;
      double t = sumX + x;
      cX += Math.abs(sumX) >= Math.abs(x) ? (sumX - t) + x : (x - t) + sumX;
      sumX = t;
      t = sumY + y;
      cY += Math.abs(sumY) >= Math.abs(y) ? (sumY - t) + y : (y - t) + sumY;
      sumY = t;
      double xy = x * y;
      t = sumXY + xy;
      cXY += Math.abs(sumXY) >= Math.abs(xy) ? (sumXY - t) + xy : (xy - t) + sumXY;
      sumXY = t;
      double x2 = x * x;
      t = sumX2 + x2;
      cX2 += Math.abs(sumX2) >= Math.abs(x2) ? (sumX2 - t) + x2 : (x2 - t) + sumX2;
      sumX2 = t;
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return new double[] {slope, intercept};
  }

  private static void holtWinters(Windows w, int lo, int hi, double sf, double tf, int k, double[] out,
      boolean[] present) {
    if (sf <= 0 || sf >= 1) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFloats.formatFixed(sf, 6));
    }
    if (tf <= 0 || tf >= 1) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid trend factor. Expected: 0 < tf < 1, got: " + GoFloats.formatFixed(tf, 6));
    }
    int l = hi - lo;
    if (l < 2) {
      return;
    }
    double[] v = w.v;
    double s0 = 0;
    double s1 = v[lo];
    double b = v[lo + 1] - v[lo];
    for (int i = 1; i < l; i++) {
      double x = sf * v[lo + i];
      // The trend at i-1 (Prometheus' calcTrendValue): the initial trend for the first step.
      if (i - 1 != 0) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    set(out, present, k, s1);
  }
}
