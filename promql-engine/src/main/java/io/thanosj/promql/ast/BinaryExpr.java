package io.thanosj.promql.ast;

/**
 * A binary operation. {@code matching} is null when either side is a scalar; set operators always
 * carry many-to-many matching.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
    implements Expr {

  @Override
  public ValueType type() {
    if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
      return ValueType.SCALAR;
    }
    return ValueType.VECTOR;
  }

  @Override
  public PositionRange positionRange() {
    return PositionRange.merge(lhs.positionRange(), rhs.positionRange());
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
