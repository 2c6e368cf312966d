package io.thanosj.promql.value;

import io.thanosj.promql.ast.ValueType;

/** The result of a query: an instant vector, a range matrix, a scalar or a string. */
public sealed interface Value permits VectorValue, MatrixValue, ScalarValue, StringValue {

  /** The API's resultType: "vector", "matrix", "scalar" or "string". */
  ValueType type();
}
