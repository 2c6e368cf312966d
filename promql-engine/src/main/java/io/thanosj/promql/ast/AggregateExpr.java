package io.thanosj.promql.ast;

import java.util.List;

/** An aggregation such as {@code sum by (job) (x)}; {@code param} is null unless the op takes one. */
public record AggregateExpr(
    AggregationOp op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange positionRange)
    implements Expr {

  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
