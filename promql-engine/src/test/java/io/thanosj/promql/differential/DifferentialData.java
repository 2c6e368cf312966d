package io.thanosj.promql.differential;

import io.thanosj.labels.Labels;
import io.thanosj.tsdb.testing.TestSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded data for the differential test: counters with resets, gauges with NaN and ±Inf, classic
 * histograms, series that start late or stop early, awkward label values.
 *
 * <p>Scrapes are regular (every 15s, no gaps) and every counter is either 0 or at least 1000 when
 * it first appears. That keeps the data out of the one place where Prometheus 2.42 (the installed
 * oracle) and 2.53 (our target) extrapolate rate()/increase() differently: 2.51 changed how the
 * "counter would reach zero" rule shortens the extrapolation towards the window start, which only
 * matters when the first sample is far from the window start and small but not zero.
 */
public final class DifferentialData {

  private static final String[] AWKWARD = {"plain", "quote\"d", "back\\slash", "new\nline", "ümlaut", "emoji-🙂",
    "\uE000-private", "a b", "=,{}"};
  private static final String[] BUCKETS = {"0.01", "0.1", "0.5", "1", "2.5", "+Inf"};
  private static final long INTERVAL = 15_000;

  private final SplittableRandom rnd;
  private final long start;
  private final long duration;

  public DifferentialData(long seed, long start, long duration) {
    this.rnd = new SplittableRandom(seed);
    this.start = start;
    this.duration = duration;
  }

  public List<TestSeries> generate(int counters, int gauges, int histograms) {
    List<TestSeries> out = new ArrayList<>();
    for (int i = 0; i < counters; i++) {
      out.add(counter(i));
    }
    for (int i = 0; i < gauges; i++) {
      out.add(gauge(i));
    }
    for (int i = 0; i < histograms; i++) {
      out.addAll(histogram(i));
    }
    out.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
    return out;
  }

  private Labels labels(String name, int i, String... extra) {
    Labels.Builder b = new Labels.Builder().set(Labels.METRIC_NAME, name)
        .set("instance", "host-" + (i % 13) + ":9100")
        .set("job", "job" + (i % 4))
        .set("series", Integer.toString(i));
    if (i % 5 == 0) {
      b.set("tricky", AWKWARD[(i / 5) % AWKWARD.length]);
    }
    for (int k = 0; k < extra.length; k += 2) {
      b.set(extra[k], extra[k + 1]);
    }
    return b.build();
  }

  /**
   * Regular timestamps; a quarter of the series start late and a quarter stop early. Late starts
   * fall on whole minutes so that a 1m-step subquery sees a counter's first sample too.
   */
  private long[] timestamps() {
    long steps = duration / INTERVAL;
    long first = rnd.nextInt(4) == 0 ? rnd.nextLong(steps / 8) * 4 : 0;
    long last = rnd.nextInt(4) == 0 ? steps - rnd.nextLong(steps / 2) : steps;
    long[] ts = new long[(int) (last - first + 1)];
    for (int k = 0; k < ts.length; k++) {
      ts[k] = start + (first + k) * INTERVAL;
    }
    return ts;
  }

  private TestSeries counter(int i) {
    long[] ts = timestamps();
    double[] vs = new double[ts.length];
    double v = rnd.nextInt(4) == 0 ? 0 : 1000 + rnd.nextInt(100_000);
    for (int k = 0; k < ts.length; k++) {
      if (k > 0) {
        v = rnd.nextInt(300) == 0 ? 0 : v + (rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(1, 60) * 0.25);
      }
      vs[k] = v;
    }
    return new TestSeries(labels("app_requests_total", i, "code", i % 3 == 0 ? "500" : "200"),
        TestSeries.MetricType.COUNTER, ts, vs);
  }

  private TestSeries gauge(int i) {
    long[] ts = timestamps();
    double[] vs = new double[ts.length];
    double v = rnd.nextDouble() * 40 - 10;
    for (int k = 0; k < ts.length; k++) {
      int r = rnd.nextInt(200);
      if (r == 0) {
        vs[k] = Double.NaN;
      } else if (r == 1) {
        vs[k] = Double.POSITIVE_INFINITY;
      } else if (r == 2) {
        vs[k] = Double.NEGATIVE_INFINITY;
      } else if (r < 60) {
        vs[k] = Math.round(v * 4) / 4.0;
      } else {
        v += rnd.nextGaussian();
        vs[k] = v;
      }
    }
    return new TestSeries(labels("app_temperature_celsius", i), TestSeries.MetricType.GAUGE, ts, vs);
  }

  /** Cumulative buckets, _sum and _count, all starting from zero; occasionally reset to zero. */
  private List<TestSeries> histogram(int i) {
    long[] ts = timestamps();
    int nb = BUCKETS.length;
    double[][] buckets = new double[nb][ts.length];
    double[] sum = new double[ts.length];
    double[] count = new double[ts.length];
    long[] cum = new long[nb];
    double s = 0;
    for (int k = 1; k < ts.length; k++) {
      if (rnd.nextInt(400) == 0) {
        java.util.Arrays.fill(cum, 0);
        s = 0;
      } else {
        int obs = rnd.nextInt(12);
        for (int o = 0; o < obs; o++) {
          int b = rnd.nextInt(nb);
          for (int j = b; j < nb; j++) {
            cum[j]++;
          }
          s += rnd.nextDouble() * 3;
        }
      }
      for (int j = 0; j < nb; j++) {
        buckets[j][k] = cum[j];
      }
      sum[k] = s;
      count[k] = cum[nb - 1];
    }
    List<TestSeries> out = new ArrayList<>();
    for (int j = 0; j < nb; j++) {
      out.add(new TestSeries(labels("app_latency_seconds_bucket", i, "le", BUCKETS[j]),
          TestSeries.MetricType.HISTOGRAM, ts, buckets[j]));
    }
    out.add(new TestSeries(labels("app_latency_seconds_sum", i), TestSeries.MetricType.HISTOGRAM, ts, sum));
    out.add(new TestSeries(labels("app_latency_seconds_count", i), TestSeries.MetricType.HISTOGRAM, ts, count));
    return out;
  }
}
