package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.value.MatrixSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Function calls: range functions stream over windows; the rest work on evaluated arguments. */
final class Calls {

  private final Evaluator ev;
  private final InstantFunctions instant;
  private final RangeFunctions range = new RangeFunctions();

  Calls(Evaluator ev) {
    this.ev = ev;
    this.instant = new InstantFunctions(ev);
  }

  /** The index of the range-vector argument (selector or subquery), or -1. */
  private static int matrixArg(Call c) {
    for (int i = 0; i < c.args().size(); i++) {
      Expr a = Evaluator.unwrapParens(c.args().get(i));
      if (a instanceof MatrixSelector || a instanceof SubqueryExpr) {
        return i;
      }
    }
    return -1;
  }

  boolean streams(Call c) {
    return matrixArg(c) >= 0 && !c.function().name().equals("absent_over_time");
  }

  EvalValue eval(Call c, StepGrid g) {
    String name = c.function().name();
    if (name.equals("timestamp") && Evaluator.unwrapParens(c.args().get(0)) instanceof VectorSelector vs) {
      // Matrix evaluation only knows evaluation times, so timestamp() reads sample times directly.
      List<StepSeries> out = new ArrayList<>();
      ev.selectors.vectorSelector(vs, g, true, (labels, values, present) -> {
        out.add(new StepSeries(Selectors.dropName(labels), values, present));
        return true;
      });
      return new SeriesList(LabelSets.mergeSameLabels(out));
    }
    if (name.equals("label_replace")) {
      return LabelFunctions.labelReplace(ev, c, g);
    }
    if (name.equals("label_join")) {
      return LabelFunctions.labelJoin(ev, c, g);
    }
    int m = matrixArg(c);
    if (m < 0) {
      return instant.eval(c, g);
    }
    if (name.equals("absent_over_time")) {
      return absentOverTime(c, g);
    }
    List<StepSeries> out = new ArrayList<>();
    stream(c, g, Evaluator.collector(out));
    return new SeriesList(out);
  }

  /** Evaluates a range function series by series into the sink, checking for duplicate labels. */
  void stream(Call c, StepGrid g, SeriesSink sink) {
    String name = c.function().name();
    int m = matrixArg(c);
    double[][] scalars = scalarArgs(c, g, m);
    boolean keepName = name.equals("last_over_time");
    boolean counterCheck = name.equals("rate") || name.equals("increase");
    int n = g.size();
    Set<Labels> seen = new HashSet<>();
    double[][] vals = {new double[n]};
    boolean[][] pres = {new boolean[n]};
    Selectors.WindowSink perSeries = w -> {
      ev.ctx.checkInterrupted();
      range.apply(name, w, g, scalars, vals[0], pres[0]);
      int count = 0;
      for (int k = 0; k < n; k++) {
        if (pres[0][k]) {
          count++;
        }
      }
      if (counterCheck && w.anyNonEmpty(n)) {
        String metric = w.labels.get(Labels.METRIC_NAME);
        if (!metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum")
            && !metric.endsWith("_count") && !metric.endsWith("_bucket")) {
          ev.ctx.annotate("PromQL info: metric might not be a counter, name does not end in "
              + "_total/_sum/_count/_bucket: " + io.thanosj.promql.format.GoStrings.quote(metric),
              c.args().get(m).positionRange());
        }
      }
      if (count == 0) {
        return;
      }
      Labels labels = keepName ? w.labels : Selectors.dropName(w.labels);
      if (!seen.add(labels)) {
        throw LabelSets.duplicateLabelset();
      }
      ev.ctx.addSamples(count);
      if (sink.accept(labels, vals[0], pres[0])) {
        vals[0] = new double[n];
        pres[0] = new boolean[n];
      }
    };
    windows(Evaluator.unwrapParens(c.args().get(m)), g, perSeries);
  }

  /** Values per step of the function's scalar arguments (null at the range argument). */
  private double[][] scalarArgs(Call c, StepGrid g, int matrixIndex) {
    double[][] out = new double[c.args().size()][];
    for (int i = 0; i < c.args().size(); i++) {
      if (i != matrixIndex && c.args().get(i).type() == ValueType.SCALAR) {
        out[i] = ev.evalScalar(c.args().get(i), g);
      }
    }
    return out;
  }

  /** Prepares each series of a range selector or subquery with its per-step windows. */
  private void windows(Expr arg, StepGrid g, Selectors.WindowSink sink) {
    if (arg instanceof MatrixSelector ms) {
      ev.selectors.matrixWindows(ms, g, sink);
      return;
    }
    SubqueryExpr s = (SubqueryExpr) arg;
    int n = g.size();
    List<MatrixSeries> series = ev.subquerySeries(s, g);
    Windows w = new Windows(n);
    w.rangeMs = s.rangeMs();
    for (int k = 0; k < n; k++) {
      w.end[k] = ev.subqueryWindowEnd(s, g, k);
    }
    for (MatrixSeries ms : series) {
      w.labels = ms.labels();
      w.t = ms.timestamps();
      w.v = ms.values();
      w.size = ms.size();
      w.computeBounds(n);
      sink.accept(w);
    }
  }

  /**
   * absent_over_time: 1 at the steps where no series has a sample in its window, with the labels
   * the selector pins by equality (none for a subquery).
   */
  private EvalValue absentOverTime(Call c, StepGrid g) {
    int n = g.size();
    boolean[] found = new boolean[n];
    Expr arg = Evaluator.unwrapParens(c.args().get(0));
    windows(arg, g, w -> {
      for (int k = 0; k < n; k++) {
        if (w.hi[k] > w.lo[k]) {
          found[k] = true;
        }
      }
    });
    StepSeries out = StepSeries.empty(arg instanceof MatrixSelector ms ? absentLabels(ms.selector()) : Labels.EMPTY, n);
    for (int k = 0; k < n; k++) {
      if (!found[k]) {
        out.values[k] = 1;
        out.present[k] = true;
      }
    }
    List<StepSeries> list = new ArrayList<>(1);
    if (!out.isEmpty()) {
      list.add(out);
    }
    return new SeriesList(list);
  }

  /**
   * The labels absent() reports: those matched by exactly one equality matcher; a label matched
   * more than once or by another matcher type is left out (Prometheus' historic behaviour).
   */
  static Labels absentLabels(VectorSelector vs) {
    Labels.Builder b = new Labels.Builder();
    Set<String> has = new HashSet<>();
    for (Matcher m : vs.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == Matcher.Type.EQ && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.delete(m.name());
      }
    }
    return b.build();
  }

  /** A legacy (Prometheus 2.x) label name: [a-zA-Z_][a-zA-Z0-9_]*. */
  static boolean isValidLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
