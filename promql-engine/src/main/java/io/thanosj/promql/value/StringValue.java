package io.thanosj.promql.value;

import io.thanosj.promql.ast.ValueType;

/** A string result of an instant query. */
public record StringValue(long timestampMs, String value) implements Value {

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }
}
