package io.thanosj.promql.ast;

/** Aggregation operators; those with a parameter take it as their first argument. */
public enum AggregationOp {
  SUM("sum", false),
  AVG("avg", false),
  COUNT("count", false),
  MIN("min", false),
  MAX("max", false),
  GROUP("group", false),
  STDDEV("stddev", false),
  STDVAR("stdvar", false),
  TOPK("topk", true),
  BOTTOMK("bottomk", true),
  COUNT_VALUES("count_values", true),
  QUANTILE("quantile", true);

  private final String text;
  private final boolean withParam;

  AggregationOp(String text, boolean withParam) {
    this.text = text;
    this.withParam = withParam;
  }

  public String text() {
    return text;
  }

  public boolean hasParam() {
    return withParam;
  }
}
