package io.thanosj.promql.ast;

/** A range vector selector {@code sel[range]}; offset and @ live on the inner selector. */
public record MatrixSelector(VectorSelector selector, long rangeMs, int endPos) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(selector.positionRange().start(), endPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
