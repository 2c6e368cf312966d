package io.thanosj.promql.parser;

import io.thanosj.promql.ast.PositionRange;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;

/**
 * A query that does not parse or type-check. The message reads like Prometheus':
 * {@code 1:5: parse error: unclosed left parenthesis} (line:column in UTF-8 bytes, from 1).
 */
public final class ParseException extends PromqlException {

  private static final long serialVersionUID = 1L;

  private final transient PositionRange position;
  private final String detail;
  private final String query;

  ParseException(PositionRange position, String detail, String query) {
    super(ErrorType.BAD_DATA, position.startPosInput(query) + ": parse error: " + detail);
    this.position = position;
    this.detail = detail;
    this.query = query;
  }

  /** Where in the query the error starts (char offsets). */
  public PositionRange position() {
    return position;
  }

  /** The message without the position prefix, e.g. "unclosed left parenthesis". */
  public String detail() {
    return detail;
  }

  public String query() {
    return query;
  }
}
