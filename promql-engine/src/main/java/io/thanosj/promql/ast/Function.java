package io.thanosj.promql.ast;

import java.util.List;

/**
 * A PromQL function's signature: argument types, how many optional trailing arguments it takes
 * ({@code variadic}: 0 none, n up to n more of the last type, -1 unlimited), and its return type.
 */
public record Function(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {

  public Function {
    argTypes = List.copyOf(argTypes);
  }
}
