package io.thanosj.promql.ast;

/** Unary plus or minus applied to a non-literal expression (literals are folded by the parser). */
public record UnaryExpr(boolean negate, Expr expr, int startPos) implements Expr {

  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(startPos, expr.positionRange().end());
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
