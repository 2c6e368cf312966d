package io.thanosj.promql.eval;

import io.thanosj.promql.value.MatrixSeries;
import java.util.List;

/** A range vector evaluated at a single instant: raw samples per series. */
record RawMatrix(List<MatrixSeries> series) implements EvalValue {}
