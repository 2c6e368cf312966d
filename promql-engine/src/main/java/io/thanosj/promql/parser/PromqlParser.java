package io.thanosj.promql.parser;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.engine.DeepStack;
import java.util.List;

/**
 * Entry points of the PromQL parser. Errors are {@link ParseException}s whose message matches
 * Prometheus 2.53's text and position, e.g. {@code 1:5: parse error: unclosed left parenthesis}.
 */
public final class PromqlParser {

  private PromqlParser() {}

  /** Parses and type-checks an expression with Prometheus' default options. */
  public static Expr parse(String query) {
    return parse(query, ParserOptions.DEFAULT);
  }

  public static Expr parse(String query, ParserOptions options) {
    return DeepStack.run(() -> new ExprParser(query, options).parseExpression());
  }

  /** Parses a metric with labels, e.g. {@code up{job="x"}} (Prometheus' ParseMetric). */
  public static Labels parseMetric(String input) {
    return new ExprParser(input, ParserOptions.DEFAULT).parseMetric();
  }

  /** Parses a series selector such as the API's {@code match[]} (Prometheus' ParseMetricSelector). */
  public static List<Matcher> parseMetricSelector(String input) {
    return new ExprParser(input, ParserOptions.DEFAULT).parseVectorSelectorOnly().matchers();
  }
}
