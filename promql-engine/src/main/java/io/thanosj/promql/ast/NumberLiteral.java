package io.thanosj.promql.ast;

/** A number literal such as {@code 1}, {@code 0x1F}, {@code -Inf}. */
public record NumberLiteral(double value, PositionRange positionRange) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
