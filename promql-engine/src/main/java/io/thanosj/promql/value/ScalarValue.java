package io.thanosj.promql.value;

import io.thanosj.promql.ast.ValueType;

/** A scalar result of an instant query. */
public record ScalarValue(long timestampMs, double value) implements Value {

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}
