package io.thanosj.promql.ast;

import io.thanosj.promql.format.GoStrings;

/** A span of the query text, as char offsets [start, end); negative means unknown. */
public record PositionRange(int start, int end) {

  public static final PositionRange NONE = new PositionRange(-1, -1);

  public static PositionRange merge(PositionRange first, PositionRange last) {
    return new PositionRange(first.start, last.end);
  }

  /**
   * Prometheus' "line:col" of the start position, counting columns in UTF-8 bytes from 1, or
   * "unknown position" / "invalid position" as Prometheus prints them.
   */
  public String startPosInput(String query) {
    if (query.isEmpty()) {
      return "unknown position";
    }
    if (start < 0 || start > query.length()) {
      return "invalid position";
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < start; i++) {
      if (query.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int col = GoStrings.utf8Length(query.substring(lineStart), start - lineStart) + 1;
    return line + ":" + col;
  }
}
