package io.thanosj.promql.ast;

/**
 * A PromQL expression. Nodes are immutable records; {@link #toString()} prints Prometheus'
 * canonical form ({@code String()}), {@link #pretty()} its multi-line form used by format_query.
 */
public sealed interface Expr
    permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr, StringLiteral,
        SubqueryExpr, UnaryExpr, VectorSelector {

  ValueType type();

  PositionRange positionRange();

  /** Prometheus' Prettify output: lines longer than 100 characters are split and indented. */
  default String pretty() {
    return Prettier.pretty(this, 0);
  }
}
