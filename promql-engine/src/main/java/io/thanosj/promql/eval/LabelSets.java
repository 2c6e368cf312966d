package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Prometheus' two rules for output series that end up with the same labels. */
final class LabelSets {

  private LabelSets() {}

  static PromqlException duplicateLabelset() {
    return new PromqlException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
  }

  /**
   * The per-step rule of Prometheus' rangeEval: series with equal labels are one output series, and
   * it is an error only if two of them have a value at the same step.
   */
  static List<StepSeries> mergeSameLabels(List<StepSeries> in) {
    if (in.size() < 2) {
      return in;
    }
    Map<Labels, StepSeries> byLabels = new HashMap<>(in.size() * 2);
    List<StepSeries> out = null;
    for (int i = 0; i < in.size(); i++) {
      StepSeries s = in.get(i);
      StepSeries prev = byLabels.putIfAbsent(s.labels, s);
      if (prev == null) {
        if (out != null) {
          out.add(s);
        }
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(in.subList(0, i));
      }
      for (int k = 0; k < s.present.length; k++) {
        if (s.present[k]) {
          if (prev.present[k]) {
            throw duplicateLabelset();
          }
          prev.present[k] = true;
          prev.values[k] = s.values[k];
        }
      }
    }
    return out == null ? in : out;
  }

  /** The whole-series rule (Prometheus' Matrix.ContainsSameLabelset), regardless of steps. */
  static void requireDistinct(List<StepSeries> in) {
    if (in.size() < 2) {
      return;
    }
    Set<Labels> seen = new HashSet<>(in.size() * 2);
    for (StepSeries s : in) {
      if (!seen.add(s.labels)) {
        throw duplicateLabelset();
      }
    }
  }
}
