package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Functions whose arguments are instant vectors, scalars and strings. */
final class InstantFunctions {

  private final Evaluator ev;

  InstantFunctions(Evaluator ev) {
    this.ev = ev;
  }

  EvalValue eval(Call c, StepGrid g) {
    String name = c.function().name();
    List<Expr> args = c.args();
    // Arguments are evaluated left to right, as Prometheus does, before the function runs.
    List<EvalValue> vals = new ArrayList<>(args.size());
    for (Expr a : args) {
      vals.add(a.type() == ValueType.STRING ? null : ev.eval(a, g));
    }
    int n = g.size();
    DoubleUnaryOperator math = math(name);
    if (math != null) {
      return map((SeriesList) vals.get(0), math);
    }
    switch (name) {
      case "time" -> {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
          out[k] = g.ts(k) / 1000.0;
        }
        return new ScalarSteps(out);
      }
      case "pi" -> {
        double[] out = new double[n];
        Arrays.fill(out, Math.PI);
        return new ScalarSteps(out);
      }
      case "vector" -> {
        double[] s = ((ScalarSteps) vals.get(0)).values();
        boolean[] pres = new boolean[n];
        Arrays.fill(pres, true);
        List<StepSeries> out = new ArrayList<>(1);
        out.add(new StepSeries(Labels.EMPTY, s.clone(), pres));
        return new SeriesList(out);
      }
      case "scalar" -> {
        return scalar((SeriesList) vals.get(0), n);
      }
      case "clamp" -> {
        double[] min = ((ScalarSteps) vals.get(1)).values();
        double[] max = ((ScalarSteps) vals.get(2)).values();
        return mapStep((SeriesList) vals.get(0), (k, v) -> GoMath.max(min[k], GoMath.min(max[k], v)),
            k -> !(max[k] < min[k]));
      }
      case "clamp_max" -> {
        double[] max = ((ScalarSteps) vals.get(1)).values();
        return mapStep((SeriesList) vals.get(0), (k, v) -> GoMath.min(max[k], v), null);
      }
      case "clamp_min" -> {
        double[] min = ((ScalarSteps) vals.get(1)).values();
        return mapStep((SeriesList) vals.get(0), (k, v) -> GoMath.max(min[k], v), null);
      }
      case "round" -> {
        double[] toNearest = vals.size() > 1 ? ((ScalarSteps) vals.get(1)).values() : null;
        return mapStep((SeriesList) vals.get(0), (k, v) -> {
          double inverse = 1.0 / (toNearest == null ? 1 : toNearest[k]);
          return Math.floor(v * inverse + 0.5) / inverse;
        }, null);
      }
      case "timestamp" -> {
        return mapStep((SeriesList) vals.get(0), (k, v) -> g.ts(k) / 1000.0, null);
      }
      case "absent" -> {
        return absent((SeriesList) vals.get(0), Evaluator.unwrapParens(args.get(0)), n);
      }
      case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> {
        return sort(name, (SeriesList) vals.get(0), args, g);
      }
      case "histogram_quantile" -> {
        return histogramQuantile(c, ((ScalarSteps) vals.get(0)).values(), (SeriesList) vals.get(1), n);
      }
      case "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar",
          "histogram_fraction" -> {
        // These read native histogram samples only and skip float samples.
        return SeriesList.empty();
      }
      default -> {
        if (CivilTime.FUNCTIONS.contains(name)) {
          return date(name, vals.isEmpty() ? null : (SeriesList) vals.get(0), g);
        }
        throw new IllegalStateException("function not implemented: " + name);
      }
    }
  }

  private static DoubleUnaryOperator math(String name) {
    return switch (name) {
      case "abs" -> Math::abs;
      case "ceil" -> Math::ceil;
      case "floor" -> Math::floor;
      case "exp" -> Math::exp;
      case "sqrt" -> Math::sqrt;
      case "ln" -> Math::log;
      case "log2" -> GoMath::log2;
      case "log10" -> GoMath::log10;
      case "sin" -> Math::sin;
      case "cos" -> Math::cos;
      case "tan" -> Math::tan;
      case "asin" -> Math::asin;
      case "acos" -> Math::acos;
      case "atan" -> Math::atan;
      case "sinh" -> Math::sinh;
      case "cosh" -> Math::cosh;
      case "tanh" -> Math::tanh;
      case "asinh" -> GoMath::asinh;
      case "acosh" -> GoMath::acosh;
      case "atanh" -> GoMath::atanh;
      case "rad" -> v -> v * Math.PI / 180;
      case "deg" -> v -> v * 180 / Math.PI;
      case "sgn" -> v -> v < 0 ? -1 : v > 0 ? 1 : v;
      default -> null;
    };
  }

  /** A function of each sample's value; the metric name is dropped. */
  private static SeriesList map(SeriesList in, DoubleUnaryOperator f) {
    List<StepSeries> out = new ArrayList<>(in.series.size());
    for (StepSeries s : in.series) {
      double[] vals = new double[s.values.length];
      for (int k = 0; k < vals.length; k++) {
        if (s.present[k]) {
          vals[k] = f.applyAsDouble(s.values[k]);
        }
      }
      out.add(new StepSeries(Selectors.dropName(s.labels), vals, s.present));
    }
    return new SeriesList(LabelSets.mergeSameLabels(out));
  }

  private interface StepFunction {
    double apply(int step, double value);
  }

  private interface StepFilter {
    boolean keep(int step);
  }

  private static SeriesList mapStep(SeriesList in, StepFunction f, StepFilter filter) {
    List<StepSeries> out = new ArrayList<>(in.series.size());
    for (StepSeries s : in.series) {
      int n = s.values.length;
      double[] vals = new double[n];
      boolean[] pres = new boolean[n];
      boolean any = false;
      for (int k = 0; k < n; k++) {
        if (s.present[k] && (filter == null || filter.keep(k))) {
          vals[k] = f.apply(k, s.values[k]);
          pres[k] = true;
          any = true;
        }
      }
      if (any) {
        out.add(new StepSeries(Selectors.dropName(s.labels), vals, pres));
      }
    }
    return new SeriesList(LabelSets.mergeSameLabels(out));
  }

  private static ScalarSteps scalar(SeriesList in, int n) {
    double[] out = new double[n];
    int[] count = new int[n];
    for (StepSeries s : in.series) {
      for (int k = 0; k < n; k++) {
        if (s.present[k]) {
          count[k]++;
          out[k] = s.values[k];
        }
      }
    }
    for (int k = 0; k < n; k++) {
      if (count[k] != 1) {
        out[k] = Double.NaN;
      }
    }
    return new ScalarSteps(out);
  }

  private static SeriesList absent(SeriesList in, Expr arg, int n) {
    boolean[] found = new boolean[n];
    for (StepSeries s : in.series) {
      for (int k = 0; k < n; k++) {
        found[k] |= s.present[k];
      }
    }
    Labels labels = Labels.EMPTY;
    if (arg instanceof VectorSelector vs) {
      labels = Calls.absentLabels(vs);
    } else if (arg instanceof MatrixSelector ms) {
      labels = Calls.absentLabels(ms.selector());
    }
    StepSeries out = StepSeries.empty(labels, n);
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
   * Sorting only changes the order of an instant query's vector; range results are sorted by
   * labels anyway, so there it is the identity.
   */
  private static SeriesList sort(String name, SeriesList in, List<Expr> args, StepGrid g) {
    if (g.size() != 1) {
      return in;
    }
    List<StepSeries> v = new ArrayList<>(in.series.size());
    for (StepSeries s : in.series) {
      if (s.present[0]) {
        v.add(s);
      }
    }
    boolean desc = name.equals("sort_desc") || name.equals("sort_by_label_desc");
    // By value: ascending (sort) or descending (sort_desc), NaN last, the way Go's reversed heap
    // orderings sort. sort_by_label(_desc) first sorts by value like sort(_desc).
    GoSort.sort(v.size(), (i, j) -> {
      double a = v.get(i).values[0];
      double b = v.get(j).values[0];
      // Reverse(vectorByReverseValueHeap / vectorByValueHeap): Less(i, j) = base.Less(j, i).
      return Double.isNaN(b) || (desc ? b < a : b > a);
    }, (i, j) -> swap(v, i, j));
    if (name.startsWith("sort_by_label")) {
      List<String> labels = new ArrayList<>();
      for (int i = 1; i < args.size(); i++) {
        labels.add(((StringLiteral) Evaluator.unwrapParens(args.get(i))).value());
      }
      GoSort.sort(v.size(), (i, j) -> compareByLabels(v.get(i).labels, v.get(j).labels, labels, desc) < 0,
          (i, j) -> swap(v, i, j));
    }
    return new SeriesList(v);
  }

  private static void swap(List<StepSeries> v, int i, int j) {
    StepSeries t = v.get(i);
    v.set(i, v.get(j));
    v.set(j, t);
  }

  private static int compareByLabels(Labels a, Labels b, List<String> names, boolean desc) {
    for (String name : names) {
      String x = a.get(name);
      String y = b.get(name);
      if (x.equals(y)) {
        continue;
      }
      boolean less = NaturalOrder.less(x, y);
      return desc ? (less ? 1 : -1) : (less ? -1 : 1);
    }
    return 0;
  }

  private SeriesList histogramQuantile(Call c, double[] q, SeriesList in, int n) {
    for (double qk : q) {
      if (Double.isNaN(qk) || qk < 0 || qk > 1) {
        ev.ctx.annotate("PromQL warning: quantile value should be between 0 and 1, got " + GoFloats.formatG(qk),
            c.args().get(0).positionRange());
        break;
      }
    }
    // Buckets are grouped by all labels but le (the metric name included); the output drops both.
    Map<Labels, Integer> groupIds = new HashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = new int[in.series.size()];
    double[] upper = new double[in.series.size()];
    for (int i = 0; i < in.series.size(); i++) {
      StepSeries s = in.series.get(i);
      String le = s.labels.get("le");
      try {
        upper[i] = GoFloats.parseFloat(le);
      } catch (NumberFormatException e) {
        groupOf[i] = -1;
        ev.ctx.annotate("PromQL warning: bucket label \"le\" is missing or has a malformed value of "
            + GoStrings.quote(le) + " for metric name " + GoStrings.quote(s.labels.get(Labels.METRIC_NAME)),
            c.args().get(1).positionRange());
        continue;
      }
      Labels key = s.labels.without(List.of("le"));
      Integer id = groupIds.get(key);
      if (id == null) {
        id = groupLabels.size();
        groupIds.put(key, id);
        groupLabels.add(key.without(List.of(Labels.METRIC_NAME)));
      }
      groupOf[i] = id;
    }
    int groups = groupLabels.size();
    List<StepSeries> out = new ArrayList<>(groups);
    for (Labels l : groupLabels) {
      out.add(StepSeries.empty(l, n));
    }
    double[][] bucketUpper = new double[groups][4];
    double[][] bucketCount = new double[groups][4];
    int[] size = new int[groups];
    boolean forced = false;
    String forcedName = "";
    for (int k = 0; k < n; k++) {
      Arrays.fill(size, 0);
      for (int i = 0; i < in.series.size(); i++) {
        StepSeries s = in.series.get(i);
        int grp = groupOf[i];
        if (grp < 0 || !s.present[k]) {
          continue;
        }
        int sz = size[grp];
        bucketUpper[grp] = ClassicHistograms.grow(bucketUpper[grp], sz + 1);
        bucketCount[grp] = ClassicHistograms.grow(bucketCount[grp], sz + 1);
        bucketUpper[grp][sz] = upper[i];
        bucketCount[grp][sz] = s.values[k];
        size[grp] = sz + 1;
      }
      for (int grp = 0; grp < groups; grp++) {
        if (size[grp] == 0) {
          continue;
        }
        ClassicHistograms.Result r = ClassicHistograms.bucketQuantile(q[k], bucketUpper[grp], bucketCount[grp],
            size[grp]);
        out.get(grp).values[k] = r.value();
        out.get(grp).present[k] = true;
        if (r.forcedMonotonic() && !forced) {
          forced = true;
          forcedName = groupLabels.get(grp).get(Labels.METRIC_NAME);
        }
      }
    }
    if (forced) {
      ev.ctx.annotate("PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see "
          + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "
          + GoStrings.quote(forcedName), c.args().get(1).positionRange());
    }
    out.removeIf(StepSeries::isEmpty);
    return new SeriesList(LabelSets.mergeSameLabels(out));
  }

  private static SeriesList date(String name, SeriesList in, StepGrid g) {
    int n = g.size();
    if (in == null) {
      double[] vals = new double[n];
      boolean[] pres = new boolean[n];
      for (int k = 0; k < n; k++) {
        vals[k] = CivilTime.apply(name, g.ts(k) / 1000);
        pres[k] = true;
      }
      List<StepSeries> out = new ArrayList<>(1);
      out.add(new StepSeries(Labels.EMPTY, vals, pres));
      return new SeriesList(out);
    }
    return mapStep(in, (k, v) -> CivilTime.apply(name, GoMath.toInt64(v)), null);
  }
}
