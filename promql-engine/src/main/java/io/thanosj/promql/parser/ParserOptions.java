package io.thanosj.promql.parser;

/**
 * Parser settings. Prometheus 2.53 hides its experimental functions (sort_by_label,
 * sort_by_label_desc, mad_over_time) behind {@code --enable-feature=promql-experimental-functions}.
 */
public record ParserOptions(boolean experimentalFunctions) {

  /** Prometheus' defaults: experimental functions disabled. */
  public static final ParserOptions DEFAULT = new ParserOptions(false);

  public static final ParserOptions EXPERIMENTAL = new ParserOptions(true);
}
