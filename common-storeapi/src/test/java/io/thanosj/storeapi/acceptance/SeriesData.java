package io.thanosj.storeapi.acceptance;

import io.thanosj.labels.Labels;
import java.util.Arrays;

/**
 * One series of an acceptance dataset: its labels (without the store's external labels) and its
 * float samples in time order.
 */
public record SeriesData(Labels labels, long[] timestamps, double[] values) {

  public SeriesData {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
    for (int i = 1; i < timestamps.length; i++) {
      if (timestamps[i] <= timestamps[i - 1]) {
        throw new IllegalArgumentException("timestamps must increase: " + labels);
      }
    }
  }

  public int size() {
    return timestamps.length;
  }

  public long minTime() {
    return timestamps[0];
  }

  public long maxTime() {
    return timestamps[timestamps.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesData s
        && s.labels.equals(labels)
        && Arrays.equals(s.timestamps, timestamps)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    return labels + " (" + timestamps.length + " samples)";
  }
}
