package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.AggregationOp;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregation operators. sum, avg, count, min, max, group, stddev and stdvar consume their input
 * series one at a time and keep one column of state per group; topk, bottomk, quantile and
 * count_values need all values of a step and work on the materialised input.
 */
final class Aggregations {

  private final Evaluator ev;

  Aggregations(Evaluator ev) {
    this.ev = ev;
  }

  EvalValue eval(AggregateExpr a, StepGrid g) {
    if (a.op() == AggregationOp.COUNT_VALUES) {
      return countValues(a, g);
    }
    double param = 0;
    if (a.param() != null) {
      // Prometheus evaluates the parameter over the whole range but uses its first value.
      param = ev.evalScalar(a.param(), g)[0];
    }
    return switch (a.op()) {
      case TOPK, BOTTOMK -> topk(a, g, param);
      case QUANTILE -> quantile(a, g, param);
      default -> streaming(a, g);
    };
  }

  /** The output labels (also the group identity) of an input series. */
  static Labels groupLabels(Labels l, List<String> grouping, boolean without) {
    if (without) {
      List<String> drop = new ArrayList<>(grouping.size() + 1);
      drop.addAll(grouping);
      drop.add(Labels.METRIC_NAME);
      return l.without(drop);
    }
    if (grouping.isEmpty()) {
      return Labels.EMPTY;
    }
    return l.keepOnly(grouping);
  }

  private static final class Group {
    final Labels labels;
    final double[] value;
    final double[] mean;
    final double[] count;
    final boolean[] seen;

    Group(Labels labels, int n, boolean needsMean) {
      this.labels = labels;
      this.value = new double[n];
      this.mean = needsMean ? new double[n] : null;
      this.count = new double[n];
      this.seen = new boolean[n];
    }
  }

  private SeriesList streaming(AggregateExpr a, StepGrid g) {
    AggregationOp op = a.op();
    int n = g.size();
    boolean needsMean = op == AggregationOp.AVG || op == AggregationOp.STDDEV || op == AggregationOp.STDVAR;
    Map<Labels, Group> groups = new LinkedHashMap<>();
    boolean single = a.grouping().isEmpty() && !a.without();
    ev.evalSeries(a.expr(), g, (labels, vals, pres) -> {
      Labels key = single ? Labels.EMPTY : groupLabels(labels, a.grouping(), a.without());
      Group grp = groups.get(key);
      if (grp == null) {
        grp = new Group(key, n, needsMean);
        groups.put(key, grp);
      }
      accumulate(op, grp, vals, pres);
      return false;
    });
    List<StepSeries> out = new ArrayList<>(groups.size());
    for (Group grp : groups.values()) {
      boolean any = false;
      for (int k = 0; k < n; k++) {
        if (!grp.seen[k]) {
          continue;
        }
        any = true;
        switch (op) {
          case AVG -> grp.value[k] = grp.mean[k];
          case COUNT -> grp.value[k] = grp.count[k];
          case STDVAR -> grp.value[k] = grp.value[k] / grp.count[k];
          case STDDEV -> grp.value[k] = Math.sqrt(grp.value[k] / grp.count[k]);
          default -> {
            // sum, min, max and group already hold their result
          }
        }
      }
      if (any) {
        out.add(new StepSeries(grp.labels, grp.value, grp.seen));
      }
    }
    return new SeriesList(out);
  }

  private static void accumulate(AggregationOp op, Group grp, double[] vals, boolean[] pres) {
    double[] value = grp.value;
    double[] mean = grp.mean;
    double[] count = grp.count;
    boolean[] seen = grp.seen;
    for (int k = 0; k < vals.length; k++) {
      if (!pres[k]) {
        continue;
      }
      double f = vals[k];
      if (!seen[k]) {
        seen[k] = true;
        count[k] = 1;
        switch (op) {
          case STDDEV, STDVAR -> {
            value[k] = 0;
            mean[k] = f;
          }
          case AVG -> mean[k] = f;
          case GROUP -> value[k] = 1;
          default -> value[k] = f;
        }
        continue;
      }
      switch (op) {
        case SUM -> value[k] += f;
        case AVG -> {
          double c = ++count[k];
          double m = mean[k];
          if (Double.isInfinite(m)) {
            if (Double.isInfinite(f) && (m > 0) == (f > 0)) {
              break; // Inf + Inf of the same sign: the mean is already right.
            }
            if (!Double.isInfinite(f) && !Double.isNaN(f)) {
              break; // An infinite mean stays infinite; subtracting it would give NaN.
            }
          }
          // Dividing each term avoids overflowing the running sum.
          mean[k] = m + (f / c - m / c);
        }
        case COUNT -> count[k]++;
        case MIN -> {
          if (value[k] > f || Double.isNaN(value[k])) {
            value[k] = f;
          }
        }
        case MAX -> {
          if (value[k] < f || Double.isNaN(value[k])) {
            value[k] = f;
          }
        }
        case STDDEV, STDVAR -> {
          double c = ++count[k];
          double delta = f - mean[k];
          mean[k] += delta / c;
          value[k] += delta * (f - mean[k]);
        }
        default -> {
          // group: nothing to do
        }
      }
    }
  }

  private List<StepSeries> materialise(Expr e, StepGrid g) {
    return ev.evalVector(e, g).series;
  }

  /** Group index per input series, groups numbered in order of first appearance. */
  private static int[] groupIndexes(List<StepSeries> in, AggregateExpr a, List<Labels> groupLabelsOut) {
    Map<Labels, Integer> ids = new HashMap<>();
    int[] idx = new int[in.size()];
    for (int i = 0; i < in.size(); i++) {
      Labels key = groupLabels(in.get(i).labels, a.grouping(), a.without());
      Integer id = ids.get(key);
      if (id == null) {
        id = ids.size();
        ids.put(key, id);
        groupLabelsOut.add(key);
      }
      idx[i] = id;
    }
    return idx;
  }

  private SeriesList topk(AggregateExpr a, StepGrid g, double param) {
    List<StepSeries> in = materialise(a.expr(), g);
    if (!(param <= 0x1p63 && param >= -0x1p63)) {
      throw new PromqlException(ErrorType.EXECUTION, "Scalar value " + GoFloats.formatG(param) + " overflows int64");
    }
    long kl = (long) param;
    int k = (int) Math.min(kl, in.size());
    if (k < 1) {
      return SeriesList.empty();
    }
    boolean top = a.op() == AggregationOp.TOPK;
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = groupIndexes(in, a, groupLabels);
    int ngroups = groupLabels.size();
    int n = g.size();
    int[][] heaps = new int[ngroups][k];
    int[] heapSize = new int[ngroups];
    double[] hv = new double[k];
    List<StepSeries> instantOut = new ArrayList<>();
    StepSeries[] rangeOut = new StepSeries[in.size()];
    for (int step = 0; step < n; step++) {
      final int st = step;
      java.util.Arrays.fill(heapSize, 0);
      for (int i = 0; i < in.size(); i++) {
        StepSeries s = in.get(i);
        if (!s.present[step]) {
          continue;
        }
        int grp = groupOf[i];
        int[] heap = heaps[grp];
        int size = heapSize[grp];
        double f = s.values[step];
        if (size == 0) {
          heap[0] = i;
          heapSize[grp] = 1;
        } else if (size < k) {
          heap[size] = i;
          heapSize[grp] = size + 1;
          GoSort.heapUp(size, heapOrder(top, in, heap, st), heapSwap(heap));
        } else {
          double root = in.get(heap[0]).values[step];
          boolean replace = top ? root < f : root > f;
          if (replace || (Double.isNaN(root) && !Double.isNaN(f))) {
            heap[0] = i;
            if (k > 1) {
              GoSort.heapFix(0, size, heapOrder(top, in, heap, st), heapSwap(heap));
            }
          }
        }
      }
      for (int grp = 0; grp < ngroups; grp++) {
        int size = heapSize[grp];
        if (size == 0) {
          continue;
        }
        int[] heap = heaps[grp];
        if (size > 1) {
          // Go sorts the heap with the reversed heap order: topk descending, bottomk ascending.
          GoSort.sort(size, (x, y) -> heapLess(top, in.get(heap[y]).values[st], in.get(heap[x]).values[st]),
              (x, y) -> {
                int t = heap[x];
                heap[x] = heap[y];
                heap[y] = t;
              });
        }
        for (int h = 0; h < size; h++) {
          int i = heap[h];
          StepSeries s = in.get(i);
          if (g.size() == 1) {
            instantOut.add(new StepSeries(s.labels, new double[] {s.values[step]}, new boolean[] {true}));
          } else {
            if (rangeOut[i] == null) {
              rangeOut[i] = StepSeries.empty(s.labels, n);
            }
            rangeOut[i].values[step] = s.values[step];
            rangeOut[i].present[step] = true;
          }
        }
      }
    }
    if (g.size() == 1) {
      return new SeriesList(instantOut);
    }
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : rangeOut) {
      if (s != null) {
        out.add(s);
      }
    }
    return new SeriesList(out);
  }

  // Built only when the heap changes: most series at most steps do not enter a full heap, so this
  // avoids two lambda allocations per series and step.
  private static GoSort.Less heapOrder(boolean top, List<StepSeries> in, int[] heap, int step) {
    return (x, y) -> heapLess(top, in.get(heap[x]).values[step], in.get(heap[y]).values[step]);
  }

  private static GoSort.Swap heapSwap(int[] heap) {
    return (x, y) -> {
      int t = heap[x];
      heap[x] = heap[y];
      heap[y] = t;
    };
  }

  /** vectorByValueHeap (topk) or vectorByReverseValueHeap (bottomk) Less: NaN first. */
  private static boolean heapLess(boolean top, double vi, double vj) {
    if (Double.isNaN(vi)) {
      return true;
    }
    return top ? vi < vj : vi > vj;
  }

  private SeriesList quantile(AggregateExpr a, StepGrid g, double q) {
    if (Double.isNaN(q) || q < 0 || q > 1) {
      ev.ctx.annotate("PromQL warning: quantile value should be between 0 and 1, got " + GoFloats.formatG(q),
          a.param().positionRange());
    }
    List<StepSeries> in = materialise(a.expr(), g);
    List<Labels> groupLabels = new ArrayList<>();
    int[] groupOf = groupIndexes(in, a, groupLabels);
    int ngroups = groupLabels.size();
    int n = g.size();
    List<StepSeries> out = new ArrayList<>(ngroups);
    for (Labels l : groupLabels) {
      out.add(StepSeries.empty(l, n));
    }
    double[][] values = new double[ngroups][4];
    int[] counts = new int[ngroups];
    for (int step = 0; step < n; step++) {
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < in.size(); i++) {
        StepSeries s = in.get(i);
        if (!s.present[step]) {
          continue;
        }
        int grp = groupOf[i];
        if (counts[grp] == values[grp].length) {
          values[grp] = java.util.Arrays.copyOf(values[grp], counts[grp] * 2);
        }
        values[grp][counts[grp]++] = s.values[step];
      }
      for (int grp = 0; grp < ngroups; grp++) {
        if (counts[grp] > 0) {
          out.get(grp).values[step] = Quantiles.quantile(q, values[grp], counts[grp]);
          out.get(grp).present[step] = true;
        }
      }
    }
    out.removeIf(StepSeries::isEmpty);
    return new SeriesList(out);
  }

  private SeriesList countValues(AggregateExpr a, StepGrid g) {
    Expr p = Evaluator.unwrapParens(a.param());
    String valueLabel = ((StringLiteral) p).value();
    if (!Calls.isValidLabelName(valueLabel)) {
      throw new PromqlException(ErrorType.EXECUTION,
          "invalid label name " + GoStrings.quote(GoStrings.quote(valueLabel)));
    }
    List<String> grouping = new ArrayList<>(a.grouping());
    if (!a.without()) {
      grouping.add(valueLabel);
    }
    List<StepSeries> in = materialise(a.expr(), g);
    int n = g.size();
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    for (int step = 0; step < n; step++) {
      for (StepSeries s : in) {
        if (!s.present[step]) {
          continue;
        }
        Labels withValue = s.labels.toBuilder().set(valueLabel, GoFloats.formatF(s.values[step])).build();
        Labels key = groupLabels(withValue, grouping, a.without());
        StepSeries o = out.computeIfAbsent(key, l -> StepSeries.empty(l, n));
        o.values[step] = o.present[step] ? o.values[step] + 1 : 1;
        o.present[step] = true;
      }
    }
    return new SeriesList(new ArrayList<>(out.values()));
  }
}
