package io.thanosj.promql.ast;

/** A string literal (already unquoted). */
public record StringLiteral(String value, PositionRange positionRange) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
