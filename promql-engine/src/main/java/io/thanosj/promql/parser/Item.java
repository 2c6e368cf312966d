package io.thanosj.promql.parser;

import io.thanosj.promql.ast.PositionRange;
import io.thanosj.promql.format.GoStrings;

/** A lexed token: its type, start offset in the query and its text. */
record Item(ItemType type, int pos, String val) {

  PositionRange range() {
    return new PositionRange(pos, pos + val.length());
  }

  /** Prometheus' Item.String(). */
  @Override
  public String toString() {
    if (type == ItemType.EOF) {
      return "EOF";
    }
    if (type == ItemType.ERROR) {
      return val;
    }
    if (type == ItemType.IDENTIFIER || type == ItemType.METRIC_IDENTIFIER) {
      return GoStrings.quote(val);
    }
    switch (type.kind) {
      case KEYWORD -> {
        return "<" + val + ">";
      }
      case OPERATOR -> {
        return "<op:" + val + ">";
      }
      case AGGREGATOR -> {
        return "<aggr:" + val + ">";
      }
      default -> {
        // Go's %.10q truncates to 10 runes before quoting.
        if (val.codePointCount(0, val.length()) > 10) {
          return GoStrings.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
        }
        return GoStrings.quote(val);
      }
    }
  }

  /** Prometheus' Item.desc(): how an unexpected token is named in a parse error. */
  String describe() {
    if (type.text != null) {
      return toString();
    }
    if (type == ItemType.EOF) {
      return type.describe();
    }
    return type.describe() + " " + this;
  }
}
