package io.thanosj.promql.ast;

/**
 * A binary operation. {@code matching} is null when either side is a scalar; set operators always
 * carry many-to-many matching. The result type is computed once at construction, because long
 * operator chains would otherwise recompute it down the whole left spine on every call.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, ValueType type)
    implements Expr {

  public BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool) {
    this(op, lhs, rhs, matching, returnBool,
        lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR);
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
