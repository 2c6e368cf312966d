package io.thanosj.promql.value;

import io.thanosj.promql.ast.ValueType;
import java.util.List;

/** A matrix, its series sorted by labels as Prometheus returns them. */
public record MatrixValue(List<MatrixSeries> series) implements Value {

  public MatrixValue {
    series = List.copyOf(series);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }
}
