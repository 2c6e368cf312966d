package io.thanosj.storeapi.acceptance;

import io.thanosj.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The data a store under acceptance test holds, as plain values so that every implementation can
 * load it its own way (write Prometheus blocks with promtool, remote-write it, keep it in memory).
 *
 * <p>All samples lie in one 2h-aligned window, 15 s apart, so that the whole dataset fits one
 * Prometheus block. Series sharing a label set do not occur.
 *
 * @param windowStart first millisecond of the 2h window (a multiple of 7,200,000)
 */
public record Dataset(long windowStart, List<SeriesData> series) {

  public static final long WINDOW_MILLIS = 2 * 3600 * 1000L;
  public static final long STEP_MILLIS = 15_000L;

  public Dataset {
    if (windowStart % WINDOW_MILLIS != 0) {
      throw new IllegalArgumentException("window start must be 2h-aligned: " + windowStart);
    }
    series = List.copyOf(series);
  }

  public long windowEnd() {
    return windowStart + WINDOW_MILLIS - 1;
  }

  /** Lowest timestamp over all samples. */
  public long minTime() {
    long min = Long.MAX_VALUE;
    for (SeriesData s : series) {
      min = Math.min(min, s.minTime());
    }
    return min;
  }

  /** Highest timestamp over all samples. */
  public long maxTime() {
    long max = Long.MIN_VALUE;
    for (SeriesData s : series) {
      max = Math.max(max, s.maxTime());
    }
    return max;
  }

  /**
   * The standard acceptance dataset: a few metrics over several jobs and instances, Prometheus'
   * classic matcher test series ({@code match}), a series that clashes with the external
   * {@code region} label, and a series present only in the second half of the window.
   */
  public static Dataset standard(long windowStart) {
    List<Labels> sets = List.of(
        Labels.of("__name__", "up", "job", "api", "instance", "a:9090"),
        Labels.of("__name__", "up", "job", "api", "instance", "b:9090"),
        Labels.of("__name__", "up", "job", "web", "instance", "c:9090"),
        Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a:9090", "code", "200"),
        Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a:9090", "code", "500"),
        Labels.of("__name__", "http_requests_total", "job", "web", "instance", "c:9090", "code", "404"),
        Labels.of("__name__", "node_load1", "job", "node", "instance", "a:9100", "region", "internal"),
        Labels.of("__name__", "match", "n", "1"),
        Labels.of("__name__", "match", "n", "1", "i", "a"),
        Labels.of("__name__", "match", "n", "1", "i", "b"),
        Labels.of("__name__", "match", "n", "2"),
        Labels.of("__name__", "match", "n", "2.5"));
    List<SeriesData> out = new ArrayList<>();
    int samples = (int) (WINDOW_MILLIS / STEP_MILLIS);
    for (int s = 0; s < sets.size(); s++) {
      out.add(series(sets.get(s), windowStart, 0, samples, s));
    }
    // Only in the window's second half: a series that time ranges must be able to exclude.
    out.add(series(Labels.of("__name__", "late", "job", "api"), windowStart, samples * 3 / 4, samples, sets.size()));
    return new Dataset(windowStart, out);
  }

  private static SeriesData series(Labels labels, long windowStart, int from, int to, int seed) {
    long[] ts = new long[to - from];
    double[] vs = new double[to - from];
    for (int j = from; j < to; j++) {
      ts[j - from] = windowStart + j * STEP_MILLIS;
      // Counters grow, gauges wobble; both give the XOR encoding varied bit patterns.
      vs[j - from] = seed % 2 == 0 ? seed * 1000 + j * 1.5 : Math.round(Math.sin(j / 10.0 + seed) * 1e4) / 100.0;
    }
    return new SeriesData(labels, ts, vs);
  }
}
