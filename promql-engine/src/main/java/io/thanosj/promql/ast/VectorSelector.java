package io.thanosj.promql.ast;

import io.thanosj.labels.Matcher;
import java.util.List;

/**
 * An instant vector selector. {@code name} is the metric name written outside the braces (its
 * matcher is also the last element of {@code matchers}); {@code offsetMs} may be negative.
 */
public record VectorSelector(
    String name, List<Matcher> matchers, long offsetMs, AtModifier at, PositionRange positionRange)
    implements Expr {

  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  public VectorSelector withOffset(long offset, int end) {
    return new VectorSelector(name, matchers, offset, at, new PositionRange(positionRange.start(), end));
  }

  public VectorSelector withAt(AtModifier a, int end) {
    return new VectorSelector(name, matchers, offsetMs, a, new PositionRange(positionRange.start(), end));
  }

  public VectorSelector withAt(AtModifier a) {
    return new VectorSelector(name, matchers, offsetMs, a, positionRange);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
