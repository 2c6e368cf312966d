package io.thanosj.promql.value;

import io.thanosj.promql.ast.ValueType;
import java.util.List;

/**
 * An instant vector, in the order the engine produced it (Prometheus does not sort instant
 * vectors; {@code sort()}, {@code topk()} and friends rely on that order).
 */
public record VectorValue(List<Sample> samples) implements Value {

  public VectorValue {
    samples = List.copyOf(samples);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }
}
