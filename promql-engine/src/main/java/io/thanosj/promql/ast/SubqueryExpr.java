package io.thanosj.promql.ast;

/** A subquery {@code expr[range:step]}; step 0 means the engine's default subquery step. */
public record SubqueryExpr(Expr expr, long rangeMs, long stepMs, long offsetMs, AtModifier at, int endPos)
    implements Expr {

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(expr.positionRange().start(), endPos);
  }

  public SubqueryExpr withOffset(long offset, int end) {
    return new SubqueryExpr(expr, rangeMs, stepMs, offset, at, end);
  }

  public SubqueryExpr withAt(AtModifier a, int end) {
    return new SubqueryExpr(expr, rangeMs, stepMs, offsetMs, a, end);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
