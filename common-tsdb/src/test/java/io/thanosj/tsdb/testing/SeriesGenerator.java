package io.thanosj.tsdb.testing;

import io.thanosj.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of realistic, awkward test data: counters with resets, gauges with NaN and ±Inf,
 * classic histograms (consistent {@code _bucket}/{@code _sum}/{@code _count} series), label values
 * with unicode (including characters outside the BMP, which sort differently in UTF-16 and UTF-8),
 * quotes, backslashes and newlines, series that start late and stop early, and jittered scrape
 * timestamps so every delta-of-delta width occurs. The same seed always gives the same data.
 */
public final class SeriesGenerator {

  private static final String[] AWKWARD_VALUES = {
    "plain", "ä-ö-ü", "日本語", "emoji-🙂", "\uE000-private", "quote\"d", "back\\slash", "new\nline", "a b", "=,{}"
  };
  /**
   * The NaN Go's strconv.ParseFloat("NaN") returns, so that data read back from promtool's blocks
   * has the same bits as the generated data (Java's Double.NaN is 0x7FF8000000000000).
   */
  public static final double GO_NAN = Double.longBitsToDouble(0x7FF8000000000001L);

  private static final String[] BUCKETS = {"0.005", "0.05", "0.5", "1", "5", "+Inf"};

  private final SplittableRandom rnd;
  private long start = 1_700_000_000_000L;
  private long duration = 3 * 3600_000L;
  private long interval = 30_000;

  public SeriesGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  /** First possible sample time (ms). */
  public SeriesGenerator start(long ms) {
    this.start = ms;
    return this;
  }

  /** Length of the generated time range (ms). */
  public SeriesGenerator duration(long ms) {
    this.duration = ms;
    return this;
  }

  /** Nominal scrape interval (ms); actual timestamps are jittered around it. */
  public SeriesGenerator interval(long ms) {
    this.interval = ms;
    return this;
  }

  /**
   * About {@code n} series (histograms add several series each), sorted by labels. Each has at
   * least one sample.
   */
  public List<TestSeries> generate(int n) {
    List<TestSeries> out = new ArrayList<>(n + 16);
    int i = 0;
    while (out.size() < n) {
      switch (i % 4) {
        case 0, 1 -> out.add(counter(i));
        case 2 -> out.add(gauge(i));
        default -> out.addAll(histogram(i));
      }
      i++;
    }
    out.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
    for (int k = 1; k < out.size(); k++) {
      if (out.get(k).labels().equals(out.get(k - 1).labels())) {
        throw new IllegalStateException("generator produced duplicate series " + out.get(k).labels());
      }
    }
    return out;
  }

  private Labels labels(String name, int i, String... extra) {
    Labels.Builder b = new Labels.Builder().set(Labels.METRIC_NAME, name);
    b.set("instance", "host-" + (i % 37) + ":9100");
    b.set("job", "job" + (i % 5));
    b.set("series", Integer.toString(i));
    if (i % 3 == 0) {
      b.set("tricky", AWKWARD_VALUES[(i / 3) % AWKWARD_VALUES.length]);
    }
    for (int k = 0; k < extra.length; k += 2) {
      b.set(extra[k], extra[k + 1]);
    }
    return b.build();
  }

  private long[] timestamps() {
    // Series start late and stop early; some live only briefly.
    long from = start + (rnd.nextInt(4) == 0 ? rnd.nextLong(duration / 2) : 0);
    long to = start + duration - (rnd.nextInt(4) == 0 ? rnd.nextLong(duration / 2) : 0);
    if (to <= from) {
      to = from + interval;
    }
    long[] ts = new long[(int) ((to - from) / interval) + 2];
    int n = 0;
    long t = from;
    while (t < to) {
      long jittered = t;
      switch (rnd.nextInt(10)) {
        case 0 -> jittered += rnd.nextInt(-200, 200);
        case 1 -> jittered += rnd.nextInt(-9_000, 9_000);
        default -> { }
      }
      if (n > 0 && jittered <= ts[n - 1]) {
        jittered = ts[n - 1] + 1;
      }
      while (!OpenMetricsWriter.representable(jittered)) {
        jittered++;
      }
      ts[n++] = jittered;
      t += rnd.nextInt(20) == 0 ? interval * (2 + rnd.nextInt(20)) : interval; // occasional gaps
    }
    return Arrays.copyOf(ts, Math.max(n, 1));
  }

  private TestSeries counter(int i) {
    long[] ts = timestamps();
    double[] vs = new double[ts.length];
    double v = rnd.nextInt(1000);
    for (int k = 0; k < ts.length; k++) {
      if (rnd.nextInt(200) == 0) {
        v = rnd.nextInt(3); // reset
      } else {
        v += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 50) * (rnd.nextBoolean() ? 1 : 0.25);
      }
      vs[k] = v;
    }
    return new TestSeries(labels("gen_requests_total", i, "code", i % 2 == 0 ? "200" : "500"),
        TestSeries.MetricType.COUNTER, ts, vs);
  }

  private TestSeries gauge(int i) {
    long[] ts = timestamps();
    double[] vs = new double[ts.length];
    double v = rnd.nextDouble() * 100;
    for (int k = 0; k < ts.length; k++) {
      int r = rnd.nextInt(100);
      if (r == 0) {
        vs[k] = GO_NAN;
      } else if (r == 1) {
        vs[k] = Double.POSITIVE_INFINITY;
      } else if (r == 2) {
        vs[k] = Double.NEGATIVE_INFINITY;
      } else if (r < 30) {
        vs[k] = v; // unchanged
      } else {
        v += (rnd.nextDouble() - 0.5) * 6; // no nextGaussian: its Math.log/exp may differ once JIT-compiled
        vs[k] = r < 60 ? Math.round(v * 100) / 100.0 : v;
      }
    }
    return new TestSeries(labels("gen_temperature_celsius", i), TestSeries.MetricType.GAUGE, ts, vs);
  }

  private List<TestSeries> histogram(int i) {
    long[] ts = timestamps();
    int nb = BUCKETS.length;
    double[][] buckets = new double[nb][ts.length];
    double[] sum = new double[ts.length];
    double[] count = new double[ts.length];
    long[] cum = new long[nb];
    double s = 0;
    for (int k = 0; k < ts.length; k++) {
      if (rnd.nextInt(300) == 0) {
        Arrays.fill(cum, 0);
        s = 0;
      }
      int obs = rnd.nextInt(20);
      for (int o = 0; o < obs; o++) {
        int b = rnd.nextInt(nb);
        for (int j = b; j < nb; j++) {
          cum[j]++;
        }
        s += rnd.nextDouble() * 2;
      }
      for (int j = 0; j < nb; j++) {
        buckets[j][k] = cum[j];
      }
      sum[k] = s;
      count[k] = cum[nb - 1];
    }
    List<TestSeries> out = new ArrayList<>();
    for (int j = 0; j < nb; j++) {
      out.add(new TestSeries(labels("gen_latency_seconds_bucket", i, "le", BUCKETS[j]),
          TestSeries.MetricType.HISTOGRAM, ts, buckets[j]));
    }
    out.add(new TestSeries(labels("gen_latency_seconds_sum", i), TestSeries.MetricType.HISTOGRAM, ts, sum));
    out.add(new TestSeries(labels("gen_latency_seconds_count", i), TestSeries.MetricType.HISTOGRAM, ts, count));
    return out;
  }
}
