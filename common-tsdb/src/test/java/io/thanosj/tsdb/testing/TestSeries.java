package io.thanosj.tsdb.testing;

import io.thanosj.labels.Labels;
import java.util.Arrays;

/**
 * One series of test data: labels (including {@code __name__}), its OpenMetrics type, and its
 * samples in time order (timestamps in ms).
 */
public record TestSeries(Labels labels, MetricType type, long[] timestamps, double[] values) {

  /** OpenMetrics family types; they decide the family name and sample name suffixes. */
  public enum MetricType {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    UNKNOWN
  }

  public TestSeries {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  public int size() {
    return timestamps.length;
  }

  public String metricName() {
    return labels.get(Labels.METRIC_NAME);
  }

  /** The OpenMetrics family: the metric name without {@code _total} / {@code _bucket|_sum|_count}. */
  public String family() {
    String n = metricName();
    return switch (type) {
      case COUNTER -> strip(n, "_total");
      case HISTOGRAM -> strip(strip(strip(n, "_bucket"), "_sum"), "_count");
      default -> n;
    };
  }

  private static String strip(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  /** Samples with timestamps in {@code [mint, maxt]}. */
  public TestSeries slice(long mint, long maxt) {
    int from = 0;
    while (from < timestamps.length && timestamps[from] < mint) {
      from++;
    }
    int to = from;
    while (to < timestamps.length && timestamps[to] <= maxt) {
      to++;
    }
    return new TestSeries(labels, type, Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(values, from, to));
  }

  /** Same samples; values compared by bits except that any NaN equals any NaN (text formats lose NaN payloads). */
  public boolean sameSamples(long[] ts, double[] vs) {
    if (ts.length != timestamps.length || vs.length != values.length) {
      return false;
    }
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] != timestamps[i] || !sameValue(vs[i], values[i])) {
        return false;
      }
    }
    return true;
  }

  public static boolean sameValue(double a, double b) {
    return Double.isNaN(a) ? Double.isNaN(b) : Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
  }

  @Override
  public String toString() {
    return labels + " " + type + " (" + timestamps.length + " samples)";
  }
}
