package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.NumberLiteral;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.Sample;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.StringValue;
import io.thanosj.promql.value.Value;
import io.thanosj.promql.value.VectorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression tree over a step grid. Each node is evaluated once for all steps
 * (Prometheus' rangeEval semantics, but column-wise): selectors decode each series once, range
 * functions slide a window over each series, operators work on columns of doubles.
 */
public final class Evaluator {

  final QueryContext ctx;
  final Selectors selectors;
  private final StepInvariance invariance;
  private final BinaryOps binaryOps = new BinaryOps(this);
  private final Aggregations aggregations = new Aggregations(this);
  private final Calls calls = new Calls(this);

  public Evaluator(QueryContext ctx, Expr root) {
    this.ctx = ctx;
    this.selectors = new Selectors(ctx, SelectorContexts.of(root));
    this.invariance = new StepInvariance(root);
  }

  /** Evaluates the query's expression and shapes the result as Prometheus' API returns it. */
  public Value run(Expr expr, StepGrid grid, boolean rangeQuery) {
    ctx.checkInterrupted();
    EvalValue v = eval(expr, grid);
    if (!rangeQuery) {
      long t = grid.start();
      if (v instanceof ScalarSteps s) {
        return new ScalarValue(t, s.values()[0]);
      }
      if (v instanceof StringResult s) {
        return new StringValue(t, s.value());
      }
      if (v instanceof RawMatrix m) {
        List<MatrixSeries> sorted = new ArrayList<>(m.series());
        sorted.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
        return new MatrixValue(sorted);
      }
      SeriesList l = (SeriesList) v;
      List<Sample> samples = new ArrayList<>(l.series.size());
      for (StepSeries s : l.series) {
        if (s.present[0]) {
          samples.add(new Sample(s.labels, t, s.values[0]));
        }
      }
      return new VectorValue(samples);
    }
    List<MatrixSeries> out = new ArrayList<>();
    if (v instanceof ScalarSteps s) {
      long[] ts = new long[grid.size()];
      for (int k = 0; k < ts.length; k++) {
        ts[k] = grid.ts(k);
      }
      out.add(new MatrixSeries(Labels.EMPTY, ts, s.values().clone()));
      return new MatrixValue(out);
    }
    for (StepSeries s : ((SeriesList) v).series) {
      int c = s.count();
      if (c == 0) {
        continue;
      }
      long[] ts = new long[c];
      double[] vs = new double[c];
      int i = 0;
      for (int k = 0; k < s.present.length; k++) {
        if (s.present[k]) {
          ts[i] = grid.ts(k);
          vs[i++] = s.values[k];
        }
      }
      out.add(new MatrixSeries(s.labels, ts, vs));
    }
    out.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
    return new MatrixValue(out);
  }

  /** Evaluates a node; afterwards only its own result counts against the sample limit. */
  EvalValue eval(Expr e, StepGrid g) {
    ctx.checkInterrupted();
    long before = ctx.currentSamples();
    EvalValue v = dispatch(e, g);
    if (v instanceof SeriesList l) {
      ctx.setSamples(before + l.points());
    } else if (v instanceof ScalarSteps s) {
      ctx.setSamples(before + s.values().length);
    }
    return v;
  }

  SeriesList evalVector(Expr e, StepGrid g) {
    return (SeriesList) eval(e, g);
  }

  double[] evalScalar(Expr e, StepGrid g) {
    return ((ScalarSteps) eval(e, g)).values();
  }

  private EvalValue dispatch(Expr e, StepGrid g) {
    if (e instanceof NumberLiteral n) {
      double[] v = new double[g.size()];
      Arrays.fill(v, n.value());
      return new ScalarSteps(v);
    }
    if (e instanceof StringLiteral s) {
      return new StringResult(s.value());
    }
    if (e instanceof ParenExpr p) {
      return dispatch(p.expr(), g);
    }
    if (g.size() > 1 && invariance.isInvariant(e)) {
      return broadcast(dispatch(e, new StepGrid(g.start(), g.start(), g.step())), g);
    }
    if (e instanceof VectorSelector vs) {
      List<StepSeries> out = new ArrayList<>();
      selectors.vectorSelector(vs, g, false, collector(out));
      return new SeriesList(out);
    }
    if (e instanceof UnaryExpr u) {
      return unary(u, g);
    }
    if (e instanceof BinaryExpr b) {
      return binaryOps.eval(b, g);
    }
    if (e instanceof AggregateExpr a) {
      return aggregations.eval(a, g);
    }
    if (e instanceof Call c) {
      return calls.eval(c, g);
    }
    if (e instanceof MatrixSelector m) {
      return selectors.rawMatrix(m, g.start());
    }
    if (e instanceof SubqueryExpr s) {
      return subqueryMatrix(s, g.start());
    }
    throw new IllegalStateException("unhandled expression " + e.getClass().getSimpleName());
  }

  /**
   * Streams an instant-vector expression series by series; selectors and range functions do so
   * without materialising, everything else is evaluated first.
   */
  void evalSeries(Expr e, StepGrid g, SeriesSink sink) {
    Expr inner = unwrapParens(e);
    if (!(g.size() > 1 && invariance.isInvariant(inner))) {
      if (inner instanceof VectorSelector vs) {
        selectors.vectorSelector(vs, g, false, sink);
        return;
      }
      if (inner instanceof Call c && calls.streams(c)) {
        calls.stream(c, g, sink);
        return;
      }
    }
    for (StepSeries s : evalVector(inner, g).series) {
      sink.accept(s.labels, s.values, s.present);
    }
  }

  static SeriesSink collector(List<StepSeries> out) {
    return (labels, values, present) -> {
      out.add(new StepSeries(labels, values, present));
      return true;
    };
  }

  static Expr unwrapParens(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  private EvalValue broadcast(EvalValue v, StepGrid g) {
    int n = g.size();
    if (v instanceof ScalarSteps s) {
      double[] out = new double[n];
      Arrays.fill(out, s.values()[0]);
      return new ScalarSteps(out);
    }
    if (!(v instanceof SeriesList l)) {
      return v;
    }
    List<StepSeries> out = new ArrayList<>(l.series.size());
    for (StepSeries s : l.series) {
      if (!s.present[0]) {
        continue;
      }
      double[] vals = new double[n];
      boolean[] pres = new boolean[n];
      Arrays.fill(vals, s.values[0]);
      Arrays.fill(pres, true);
      ctx.addSamples(n - 1);
      out.add(new StepSeries(s.labels, vals, pres));
    }
    return new SeriesList(out);
  }

  private EvalValue unary(UnaryExpr u, StepGrid g) {
    EvalValue v = eval(u.expr(), g);
    if (!u.negate()) {
      return v;
    }
    if (v instanceof ScalarSteps s) {
      double[] out = s.values().clone();
      for (int k = 0; k < out.length; k++) {
        out[k] = -out[k];
      }
      return new ScalarSteps(out);
    }
    SeriesList l = (SeriesList) v;
    List<StepSeries> out = new ArrayList<>(l.series.size());
    for (StepSeries s : l.series) {
      double[] vals = s.values.clone();
      for (int k = 0; k < vals.length; k++) {
        vals[k] = -vals[k];
      }
      out.add(new StepSeries(Selectors.dropName(s.labels), vals, s.present));
    }
    LabelSets.requireDistinct(out);
    return new SeriesList(out);
  }

  /** The step grid of a subquery's inner expression, aligned to multiples of its step. */
  StepGrid subqueryGrid(SubqueryExpr s, StepGrid g) {
    long step = s.stepMs() != 0 ? s.stepMs() : ctx.defaultSubqueryStepMs;
    long end;
    long first;
    if (s.at().isSet()) {
      end = s.at().resolve(ctx.queryStart, ctx.queryEnd) - s.offsetMs();
      first = end;
    } else {
      end = g.end() - s.offsetMs();
      first = g.start() - s.offsetMs();
    }
    long start = ceilToMultiple(first - s.rangeMs(), step);
    if (start > end) {
      return null;
    }
    long last = start + (end - start) / step * step;
    return new StepGrid(start, last, step);
  }

  private static long ceilToMultiple(long t, long step) {
    return -Math.floorDiv(-t, step) * step;
  }

  /**
   * A subquery's inner series as raw samples (the points of its inner evaluation), with the
   * window end of each outer step. Returns null when the subquery covers no inner step.
   */
  List<MatrixSeries> subquerySeries(SubqueryExpr s, StepGrid g) {
    StepGrid inner = subqueryGrid(s, g);
    if (inner == null) {
      return List.of();
    }
    SeriesList l = evalVector(s.expr(), inner);
    List<MatrixSeries> out = new ArrayList<>(l.series.size());
    for (StepSeries ss : l.series) {
      int c = ss.count();
      if (c == 0) {
        continue;
      }
      long[] ts = new long[c];
      double[] vs = new double[c];
      int i = 0;
      for (int k = 0; k < ss.present.length; k++) {
        if (ss.present[k]) {
          ts[i] = inner.ts(k);
          vs[i++] = ss.values[k];
        }
      }
      out.add(new MatrixSeries(ss.labels, ts, vs));
    }
    return out;
  }

  /** The window end (evaluation time minus offset, or the @ time) of a subquery at each step. */
  long subqueryWindowEnd(SubqueryExpr s, StepGrid g, int k) {
    long t = s.at().isSet() ? s.at().resolve(ctx.queryStart, ctx.queryEnd) : g.ts(k);
    return t - s.offsetMs();
  }

  private RawMatrix subqueryMatrix(SubqueryExpr s, long evalTime) {
    StepGrid g = StepGrid.instant(evalTime);
    List<MatrixSeries> series = subquerySeries(s, g);
    long end = subqueryWindowEnd(s, g, 0);
    long start = end - s.rangeMs();
    List<MatrixSeries> out = new ArrayList<>(series.size());
    for (MatrixSeries m : series) {
      int from = 0;
      while (from < m.size() && m.timestamps()[from] < start) {
        from++;
      }
      int to = from;
      while (to < m.size() && m.timestamps()[to] <= end) {
        to++;
      }
      if (to > from) {
        out.add(new MatrixSeries(m.labels(), Arrays.copyOfRange(m.timestamps(), from, to),
            Arrays.copyOfRange(m.values(), from, to)));
      }
    }
    return new RawMatrix(out);
  }

  static boolean isVectorType(Expr e) {
    return e.type() == ValueType.VECTOR;
  }
}
