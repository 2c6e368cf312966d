package io.thanosj.promql.eval;

/** A scalar expression's value at every step (scalars are never absent). */
record ScalarSteps(double[] values) implements EvalValue {}
