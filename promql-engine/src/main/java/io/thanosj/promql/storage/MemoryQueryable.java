package io.thanosj.promql.storage;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * An in-memory Queryable: series held as timestamp/value columns. Used by the PromQL test scripts
 * and by tests of components built on the engine. Appending follows the TSDB head's rules: per
 * series, timestamps must increase; re-appending the same sample is a no-op.
 */
public final class MemoryQueryable implements Queryable {

  private final TreeMap<Labels, Column> series = new TreeMap<>();

  private static final class Column {
    long[] t = new long[8];
    double[] v = new double[8];
    int size;
  }

  /**
   * Appends a sample.
   *
   * @throws IllegalArgumentException for an out-of-order sample or a different value at an
   *     existing timestamp (Prometheus' "out of order sample" / "duplicate sample for timestamp")
   */
  public synchronized void append(Labels labels, long t, double v) {
    Column c = series.computeIfAbsent(labels, l -> new Column());
    if (c.size > 0) {
      long last = c.t[c.size - 1];
      if (t < last) {
        throw new IllegalArgumentException("out of order sample for " + labels + " at " + t);
      }
      if (t == last) {
        if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(c.v[c.size - 1])) {
          throw new IllegalArgumentException("duplicate sample for timestamp " + t + " of " + labels);
        }
        return;
      }
    }
    if (c.size == c.t.length) {
      c.t = Arrays.copyOf(c.t, c.size * 2);
      c.v = Arrays.copyOf(c.v, c.size * 2);
    }
    c.t[c.size] = t;
    c.v[c.size] = v;
    c.size++;
  }

  /** Removes a series entirely (the test scripts' "last definition wins"). */
  public synchronized void remove(Labels labels) {
    series.remove(labels);
  }

  public synchronized void clear() {
    series.clear();
  }

  public synchronized int seriesCount() {
    return series.size();
  }

  @Override
  public synchronized SeriesSet select(SelectHints hints, List<Matcher> matchers) {
    List<Series> out = new ArrayList<>();
    outer:
    for (var e : series.entrySet()) {
      for (Matcher m : matchers) {
        if (!m.matches(e.getKey())) {
          continue outer;
        }
      }
      Column c = e.getValue();
      int from = lowerBound(c, hints.start());
      int to = lowerBound(c, hints.end() + 1);
      if (from >= to) {
        continue;
      }
      long[] t = Arrays.copyOfRange(c.t, from, to);
      double[] v = Arrays.copyOfRange(c.v, from, to);
      Labels labels = e.getKey();
      out.add(new Series() {
        @Override
        public Labels labels() {
          return labels;
        }

        @Override
        public SampleIterator iterator() {
          return new ArrayIterator(t, v);
        }
      });
    }
    return new ListSeriesSet(out);
  }

  private static int lowerBound(Column c, long t) {
    int lo = 0;
    int hi = c.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (c.t[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Iterates parallel timestamp/value arrays. */
  public static final class ArrayIterator implements SampleIterator {
    private final long[] t;
    private final double[] v;
    private int i = -1;

    public ArrayIterator(long[] t, double[] v) {
      this.t = t;
      this.v = v;
    }

    @Override
    public boolean next() {
      if (i + 1 >= t.length) {
        i = t.length;
        return false;
      }
      i++;
      return true;
    }

    @Override
    public boolean seek(long ts) {
      if (i < 0) {
        i = 0;
      }
      while (i < t.length && t[i] < ts) {
        i++;
      }
      return i < t.length;
    }

    @Override
    public long atT() {
      return t[i];
    }

    @Override
    public double atV() {
      return v[i];
    }
  }

  /** A SeriesSet over a list already in label order. */
  public static final class ListSeriesSet implements SeriesSet {
    private final List<Series> list;
    private int i = -1;

    public ListSeriesSet(List<Series> list) {
      this.list = list;
    }

    @Override
    public boolean next() {
      return ++i < list.size();
    }

    @Override
    public Series at() {
      return list.get(i);
    }

    @Override
    public List<String> warnings() {
      return Collections.emptyList();
    }

    @Override
    public void close() {
      // nothing to release
    }
  }
}
