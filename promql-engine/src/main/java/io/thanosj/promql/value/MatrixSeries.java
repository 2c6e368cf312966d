package io.thanosj.promql.value;

import io.thanosj.labels.Labels;
import java.util.Arrays;

/** One series of a matrix: labels and parallel columns of timestamps (ms) and values. */
public record MatrixSeries(Labels labels, long[] timestamps, double[] values) {

  public int size() {
    return timestamps.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatrixSeries m && labels.equals(m.labels) && Arrays.equals(timestamps, m.timestamps)
        && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(labels.toString()).append(" =>");
    for (int i = 0; i < timestamps.length; i++) {
      sb.append(' ').append(values[i]).append(" @").append(timestamps[i]);
    }
    return sb.toString();
  }
}
