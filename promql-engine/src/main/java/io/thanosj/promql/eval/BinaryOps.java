package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.BinaryOp;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.ast.VectorMatching;
import io.thanosj.promql.ast.VectorMatching.Cardinality;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.format.LabelsText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between scalars and instant vectors, with Prometheus' vector matching rules. */
final class BinaryOps {

  private final Evaluator ev;

  BinaryOps(Evaluator ev) {
    this.ev = ev;
  }

  EvalValue eval(BinaryExpr b, StepGrid g) {
    EvalValue l = ev.eval(b.lhs(), g);
    EvalValue r = ev.eval(b.rhs(), g);
    BinaryOp op = b.op();
    if (b.lhs().type() == ValueType.SCALAR && b.rhs().type() == ValueType.SCALAR) {
      double[] lv = ((ScalarSteps) l).values();
      double[] rv = ((ScalarSteps) r).values();
      double[] out = new double[lv.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = op.isComparison() ? (compare(op, lv[k], rv[k]) ? 1 : 0) : arithmetic(op, lv[k], rv[k]);
      }
      return new ScalarSteps(out);
    }
    if (l instanceof ScalarSteps s) {
      return vectorScalar(op, (SeriesList) r, s.values(), true, b.returnBool());
    }
    if (r instanceof ScalarSteps s) {
      return vectorScalar(op, (SeriesList) l, s.values(), false, b.returnBool());
    }
    SeriesList lhs = (SeriesList) l;
    SeriesList rhs = (SeriesList) r;
    VectorMatching vm = b.matching();
    return switch (op) {
      case LAND -> setOperation(lhs, rhs, vm, true);
      case LUNLESS -> setOperation(lhs, rhs, vm, false);
      case LOR -> or(lhs, rhs, vm);
      default -> new VectorBinop(op, vm, b.returnBool(), lhs, rhs).run();
    };
  }

  /** Go's math.Pow special cases differ from Java's for a base of ±1 and a NaN exponent. */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> pow(l, r);
      case MOD -> l % r;
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalStateException("not an arithmetic operator: " + op);
    };
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQLC -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalStateException("not a comparison: " + op);
    };
  }

  private SeriesList vectorScalar(BinaryOp op, SeriesList vec, double[] scalar, boolean scalarLeft, boolean bool) {
    List<StepSeries> out = new ArrayList<>(vec.series.size());
    boolean dropName = op.dropsMetricName() || bool;
    for (StepSeries s : vec.series) {
      int n = s.present.length;
      double[] vals = new double[n];
      boolean[] pres = new boolean[n];
      boolean any = false;
      for (int k = 0; k < n; k++) {
        if (!s.present[k]) {
          continue;
        }
        double v = s.values[k];
        double lv = scalarLeft ? scalar[k] : v;
        double rv = scalarLeft ? v : scalar[k];
        double result;
        boolean keep = true;
        if (op.isComparison()) {
          keep = compare(op, lv, rv);
          // The vector's value is kept even when the scalar is on the left.
          result = v;
          if (bool) {
            result = keep ? 1 : 0;
            keep = true;
          }
        } else {
          result = arithmetic(op, lv, rv);
        }
        if (keep) {
          vals[k] = result;
          pres[k] = true;
          any = true;
        }
      }
      if (any) {
        out.add(new StepSeries(dropName ? Selectors.dropName(s.labels) : s.labels, vals, pres));
      }
    }
    return new SeriesList(LabelSets.mergeSameLabels(out));
  }

  /** The matching signature: the "on" labels, or all labels but the "ignoring" ones and the name. */
  static Labels signature(Labels l, VectorMatching vm) {
    if (vm.on()) {
      return l.keepOnly(vm.matchingLabels());
    }
    List<String> drop = new ArrayList<>(vm.matchingLabels().size() + 1);
    drop.addAll(vm.matchingLabels());
    drop.add(Labels.METRIC_NAME);
    return l.without(drop);
  }

  /** Marks, per signature and step, whether any series of that signature has a value. */
  private static Map<Labels, boolean[]> presence(SeriesList list, VectorMatching vm, List<Labels> sigsOut) {
    Map<Labels, boolean[]> any = new HashMap<>();
    for (StepSeries s : list.series) {
      Labels sig = signature(s.labels, vm);
      if (sigsOut != null) {
        sigsOut.add(sig);
      }
      boolean[] p = any.computeIfAbsent(sig, x -> new boolean[s.present.length]);
      for (int k = 0; k < p.length; k++) {
        p[k] |= s.present[k];
      }
    }
    return any;
  }

  /** and (keepMatching) / unless: the left side's samples that have / lack a match at that step. */
  private SeriesList setOperation(SeriesList lhs, SeriesList rhs, VectorMatching vm, boolean keepMatching) {
    Map<Labels, boolean[]> right = presence(rhs, vm, null);
    List<StepSeries> out = new ArrayList<>(lhs.series.size());
    for (StepSeries s : lhs.series) {
      boolean[] r = right.get(signature(s.labels, vm));
      int n = s.present.length;
      boolean[] pres = new boolean[n];
      boolean any = false;
      for (int k = 0; k < n; k++) {
        boolean matched = r != null && r[k];
        pres[k] = s.present[k] && matched == keepMatching;
        any |= pres[k];
      }
      if (any) {
        out.add(new StepSeries(s.labels, s.values, pres));
      }
    }
    return new SeriesList(out);
  }

  private SeriesList or(SeriesList lhs, SeriesList rhs, VectorMatching vm) {
    Map<Labels, boolean[]> left = presence(lhs, vm, null);
    List<StepSeries> out = new ArrayList<>(lhs.series.size() + rhs.series.size());
    out.addAll(lhs.series);
    for (StepSeries s : rhs.series) {
      boolean[] l = left.get(signature(s.labels, vm));
      if (l == null) {
        out.add(s);
        continue;
      }
      int n = s.present.length;
      boolean[] pres = new boolean[n];
      boolean any = false;
      for (int k = 0; k < n; k++) {
        pres[k] = s.present[k] && !l[k];
        any |= pres[k];
      }
      if (any) {
        out.add(new StepSeries(s.labels, s.values, pres));
      }
    }
    return new SeriesList(LabelSets.mergeSameLabels(out));
  }

  /**
   * Arithmetic and comparisons between two vectors, step by step as Prometheus does so that its
   * errors (many-to-many matching, ambiguous matches) arise at the same step and with the same
   * series; signatures and result labels are computed once per series or pair, not per step.
   */
  private static final class VectorBinop {
    private final BinaryOp op;
    private final VectorMatching vm;
    private final boolean bool;
    private final boolean swapped;
    private final List<StepSeries> many;
    private final List<StepSeries> one;
    private final Map<Labels, Integer> outputByLabels = new HashMap<>();
    private final List<StepSeries> outputs = new ArrayList<>();
    private final Map<Long, Integer> outputByPair = new HashMap<>();
    private int[] outLastStep = new int[16];
    private int[] outLastSig = new int[16];

    VectorBinop(BinaryOp op, VectorMatching vm, boolean bool, SeriesList lhs, SeriesList rhs) {
      this.op = op;
      this.vm = vm;
      this.bool = bool;
      this.swapped = vm.card() == Cardinality.ONE_TO_MANY;
      this.many = swapped ? rhs.series : lhs.series;
      this.one = swapped ? lhs.series : rhs.series;
    }

    SeriesList run() {
      if (many.isEmpty() || one.isEmpty()) {
        return SeriesList.empty();
      }
      Map<Labels, Integer> sigIds = new HashMap<>();
      int[] manySig = sigIds(many, sigIds);
      int[] oneSig = sigIds(one, sigIds);
      int nsig = sigIds.size();
      int[] oneStamp = new int[nsig];
      int[] oneAt = new int[nsig];
      int[] matchedStamp = new int[nsig];
      Arrays.fill(oneStamp, -1);
      Arrays.fill(matchedStamp, -1);
      int steps = many.get(0).present.length;
      for (int k = 0; k < steps; k++) {
        for (int j = 0; j < one.size(); j++) {
          if (!one.get(j).present[k]) {
            continue;
          }
          int s = oneSig[j];
          if (oneStamp[s] == k) {
            throw manyToMany(one.get(j).labels, one.get(oneAt[s]).labels);
          }
          oneStamp[s] = k;
          oneAt[s] = j;
        }
        boolean duplicateLabels = false;
        for (int i = 0; i < many.size(); i++) {
          StepSeries m = many.get(i);
          if (!m.present[k]) {
            continue;
          }
          int s = manySig[i];
          if (oneStamp[s] != k) {
            continue;
          }
          int j = oneAt[s];
          double fl = m.values[k];
          double fr = one.get(j).values[k];
          if (swapped) {
            double t = fl;
            fl = fr;
            fr = t;
          }
          double value;
          if (op.isComparison()) {
            boolean keep = compare(op, fl, fr);
            if (bool) {
              value = keep ? 1 : 0;
            } else if (!keep) {
              continue;
            } else {
              value = fl;
            }
          } else {
            value = arithmetic(op, fl, fr);
          }
          int out = output(i, j);
          if (vm.card() == Cardinality.ONE_TO_ONE) {
            if (matchedStamp[s] == k) {
              throw new PromqlException(ErrorType.EXECUTION,
                  "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            matchedStamp[s] = k;
          } else if (outLastStep[out] == k && outLastSig[out] == s) {
            throw new PromqlException(ErrorType.EXECUTION,
                "multiple matches for labels: grouping labels must ensure unique matches");
          }
          if (outLastStep[out] == k) {
            duplicateLabels = true;
          }
          outLastStep[out] = k;
          outLastSig[out] = s;
          StepSeries o = outputs.get(out);
          o.values[k] = value;
          o.present[k] = true;
        }
        if (duplicateLabels) {
          throw LabelSets.duplicateLabelset();
        }
      }
      List<StepSeries> result = new ArrayList<>(outputs.size());
      for (StepSeries o : outputs) {
        if (!o.isEmpty()) {
          result.add(o);
        }
      }
      return new SeriesList(result);
    }

    private int[] sigIds(List<StepSeries> list, Map<Labels, Integer> ids) {
      int[] out = new int[list.size()];
      for (int i = 0; i < list.size(); i++) {
        Labels sig = signature(list.get(i).labels, vm);
        Integer id = ids.get(sig);
        if (id == null) {
          id = ids.size();
          ids.put(sig, id);
        }
        out[i] = id;
      }
      return out;
    }

    private int output(int manyIndex, int oneIndex) {
      long key = (long) manyIndex * one.size() + oneIndex;
      Integer idx = outputByPair.get(key);
      if (idx != null) {
        return idx;
      }
      Labels labels = resultLabels(many.get(manyIndex).labels, one.get(oneIndex).labels);
      idx = outputByLabels.get(labels);
      if (idx == null) {
        idx = outputs.size();
        int steps = many.get(0).present.length;
        outputs.add(StepSeries.empty(labels, steps));
        outputByLabels.put(labels, idx);
        if (idx >= outLastStep.length) {
          outLastStep = Arrays.copyOf(outLastStep, idx * 2);
          outLastSig = Arrays.copyOf(outLastSig, idx * 2);
        }
        outLastStep[idx] = -1;
      }
      outputByPair.put(key, idx);
      return idx;
    }

    /** Prometheus' resultMetric: the "many" side's labels, adjusted by the matching clauses. */
    private Labels resultLabels(Labels manyLabels, Labels oneLabels) {
      Labels.Builder b = manyLabels.toBuilder();
      if (op.dropsMetricName()) {
        b.delete(Labels.METRIC_NAME);
      }
      if (vm.card() == Cardinality.ONE_TO_ONE) {
        if (vm.on()) {
          Set<String> keep = new HashSet<>(vm.matchingLabels());
          for (String name : manyLabels.names()) {
            if (!keep.contains(name)) {
              b.delete(name);
            }
          }
        } else {
          for (String name : vm.matchingLabels()) {
            b.delete(name);
          }
        }
      }
      for (String name : vm.include()) {
        b.set(name, oneLabels.get(name));
      }
      if (bool) {
        b.delete(Labels.METRIC_NAME);
      }
      return b.build();
    }

    private PromqlException manyToMany(Labels later, Labels earlier) {
      String side = vm.card() == Cardinality.ONE_TO_MANY ? "left" : "right";
      return new PromqlException(ErrorType.EXECUTION, "found duplicate series for the match group "
          + LabelsText.format(matchLabels(later)) + " on the " + side + " hand-side of the operation: ["
          + LabelsText.format(later) + ", " + LabelsText.format(earlier)
          + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    /** Prometheus' Labels.MatchLabels. */
    private Labels matchLabels(Labels l) {
      Set<String> names = new HashSet<>(vm.matchingLabels());
      Labels.Builder b = new Labels.Builder();
      for (int i = 0; i < l.size(); i++) {
        boolean listed = names.contains(l.name(i));
        if (listed == vm.on() && (vm.on() || !l.name(i).equals(Labels.METRIC_NAME))) {
          b.set(l.name(i), l.value(i));
        }
      }
      return b.build();
    }
  }
}
