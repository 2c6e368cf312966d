package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;

/**
 * One output series of an instant-vector expression over a step grid: {@code present[k]} says
 * whether it has a value at step k, {@code values[k]} holds it. Columns keep the hot loops on
 * primitive arrays and compute labels once per series, not once per step.
 */
final class StepSeries {

  Labels labels;
  final double[] values;
  final boolean[] present;

  StepSeries(Labels labels, double[] values, boolean[] present) {
    this.labels = labels;
    this.values = values;
    this.present = present;
  }

  static StepSeries empty(Labels labels, int steps) {
    return new StepSeries(labels, new double[steps], new boolean[steps]);
  }

  int count() {
    int c = 0;
    for (boolean p : present) {
      if (p) {
        c++;
      }
    }
    return c;
  }

  boolean isEmpty() {
    for (boolean p : present) {
      if (p) {
        return false;
      }
    }
    return true;
  }

  StepSeries copy() {
    return new StepSeries(labels, values.clone(), present.clone());
  }
}
