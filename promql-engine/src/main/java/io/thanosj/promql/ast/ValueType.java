package io.thanosj.promql.ast;

/** The type of a PromQL expression's value. */
public enum ValueType {
  NONE("none"),
  VECTOR("vector"),
  SCALAR("scalar"),
  MATRIX("matrix"),
  STRING("string");

  private final String text;

  ValueType(String text) {
    this.text = text;
  }

  /** Prometheus' internal name ("vector", "matrix", …), as used in the API's resultType. */
  public String text() {
    return text;
  }

  /** The user-facing name used in error messages: "instant vector", "range vector", "scalar", "string". */
  public String documented() {
    return switch (this) {
      case VECTOR -> "instant vector";
      case MATRIX -> "range vector";
      default -> text;
    };
  }
}
