package io.thanosj.promql.eval;

import io.thanosj.chunk.StaleMarker;
import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.Series;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.promql.value.MatrixSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Evaluates selectors over a whole step grid in one pass per series: each series is selected once,
 * decoded once into a reusable buffer, and swept by all steps together.
 */
final class Selectors {

  /** What Prometheus tells storage about the context of a selector (from the expression tree). */
  record Context(String func, long rangeMs, List<String> grouping, boolean by) {
    static final Context NONE = new Context("", 0, List.of(), false);
  }

  private final QueryContext ctx;
  private final Map<VectorSelector, Context> contexts;
  private final SampleBuffer buffer = new SampleBuffer();

  Selectors(QueryContext ctx, Map<VectorSelector, Context> contexts) {
    this.ctx = ctx;
    this.contexts = contexts;
  }

  private long refTime(VectorSelector vs, StepGrid g, int k) {
    long t = vs.at().isSet() ? vs.at().resolve(ctx.queryStart, ctx.queryEnd) : g.ts(k);
    return t - vs.offsetMs();
  }

  private SeriesSet select(VectorSelector vs, long mint, long maxt, StepGrid g, long rangeMs) {
    Context c = contexts.getOrDefault(vs, Context.NONE);
    SelectHints hints = new SelectHints(mint, maxt, g.step(), c.func(), rangeMs, c.grouping(), c.by());
    try {
      return ctx.queryable.select(hints, vs.matchers());
    } catch (PromqlException e) {
      throw e;
    } catch (RuntimeException e) {
      throw storageError(e);
    }
  }

  private static PromqlException storageError(RuntimeException e) {
    return new PromqlException(ErrorType.INTERNAL, "expanding series: " + e.getMessage(), e);
  }

  private interface SeriesVisitor {
    void visit(Series s);
  }

  private void forEachSeries(SeriesSet set, SeriesVisitor visitor) {
    try (set) {
      while (true) {
        boolean more;
        try {
          more = set.next();
        } catch (PromqlException e) {
          throw e;
        } catch (RuntimeException e) {
          throw storageError(e);
        }
        if (!more) {
          break;
        }
        ctx.checkInterrupted();
        visitor.visit(set.at());
      }
      for (String w : set.warnings()) {
        ctx.warn(w);
      }
    }
  }

  /**
   * Streams the instant values of every selected series over the grid: at each step the newest
   * sample no older than the lookback delta, unless that sample is a staleness marker.
   * With {@code timestamps} the value is the sample's own timestamp in seconds (for timestamp()).
   */
  void vectorSelector(VectorSelector vs, StepGrid g, boolean timestamps, SeriesSink sink) {
    int n = g.size();
    long firstRef = refTime(vs, g, 0);
    long lastRef = refTime(vs, g, n - 1);
    long mint = firstRef - ctx.lookbackMs;
    long lookback = ctx.lookbackMs;
    double[][] vals = {new double[n]};
    boolean[][] pres = {new boolean[n]};
    forEachSeries(select(vs, mint, lastRef, g, 0), s -> {
      SampleBuffer b = buffer;
      b.load(s.iterator(), mint, lastRef, true);
      if (b.size == 0) {
        return;
      }
      long[] t = b.t;
      double[] v = b.v;
      double[] out = vals[0];
      boolean[] has = pres[0];
      int count = 0;
      int j = -1;
      for (int k = 0; k < n; k++) {
        long ref = refTime(vs, g, k);
        while (j + 1 < b.size && t[j + 1] <= ref) {
          j++;
        }
        if (j >= 0 && t[j] >= ref - lookback && !StaleMarker.is(v[j])) {
          out[k] = timestamps ? t[j] / 1000.0 : v[j];
          has[k] = true;
          count++;
        } else {
          has[k] = false;
        }
      }
      if (count == 0) {
        return;
      }
      ctx.addSamples(count);
      if (sink.accept(s.labels(), out, has)) {
        vals[0] = new double[n];
        pres[0] = new boolean[n];
      }
    });
  }

  /** Consumer of prepared range-vector windows, one series at a time (the Windows object is reused). */
  interface WindowSink {
    void accept(Windows w);
  }

  /** Streams every selected series with its per-step windows for a range function. */
  void matrixWindows(MatrixSelector ms, StepGrid g, WindowSink sink) {
    VectorSelector vs = ms.selector();
    int n = g.size();
    Windows w = new Windows(n);
    w.rangeMs = ms.rangeMs();
    for (int k = 0; k < n; k++) {
      w.end[k] = refTime(vs, g, k);
    }
    long mint = w.end[0] - ms.rangeMs();
    long maxt = w.end[n - 1];
    forEachSeries(select(vs, mint, maxt, g, ms.rangeMs()), s -> {
      buffer.load(s.iterator(), mint, maxt, false);
      w.labels = s.labels();
      w.t = buffer.t;
      w.v = buffer.v;
      w.size = buffer.size;
      w.computeBounds(n);
      // Prometheus holds one window's samples at a time while it evaluates a range function.
      long held = maxWindow(w, n);
      ctx.addSamples(held);
      sink.accept(w);
      ctx.setSamples(ctx.currentSamples() - held);
    });
  }

  private static long maxWindow(Windows w, int n) {
    long m = 0;
    for (int k = 0; k < n; k++) {
      m = Math.max(m, w.hi[k] - w.lo[k]);
    }
    return m;
  }

  /** A range selector evaluated at one instant: the raw samples of each series in its window. */
  RawMatrix rawMatrix(MatrixSelector ms, long evalTime) {
    VectorSelector vs = ms.selector();
    StepGrid g = StepGrid.instant(evalTime);
    long maxt = refTime(vs, g, 0);
    long mint = maxt - ms.rangeMs();
    List<MatrixSeries> out = new ArrayList<>();
    forEachSeries(select(vs, mint, maxt, g, ms.rangeMs()), s -> {
      buffer.load(s.iterator(), mint, maxt, false);
      if (buffer.size == 0) {
        return;
      }
      ctx.addSamples(buffer.size);
      out.add(new MatrixSeries(s.labels(), Arrays.copyOf(buffer.t, buffer.size), Arrays.copyOf(buffer.v, buffer.size)));
    });
    return new RawMatrix(out);
  }

  static Labels dropName(Labels l) {
    return l.has(Labels.METRIC_NAME) ? l.without(List.of(Labels.METRIC_NAME)) : l;
  }
}
