package io.thanosj.promql.ast;

/** An expression in parentheses. */
public record ParenExpr(Expr expr, PositionRange positionRange) implements Expr {

  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
