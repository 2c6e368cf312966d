package io.thanosj.promql.eval;

/** A string expression's value. */
record StringResult(String value) implements EvalValue {}
