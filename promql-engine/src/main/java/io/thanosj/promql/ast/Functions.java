package io.thanosj.promql.ast;

import static io.thanosj.promql.ast.ValueType.MATRIX;
import static io.thanosj.promql.ast.ValueType.SCALAR;
import static io.thanosj.promql.ast.ValueType.STRING;
import static io.thanosj.promql.ast.ValueType.VECTOR;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one table of PromQL functions and their types, as of Prometheus 2.53. */
public final class Functions {

  private static final Map<String, Function> ALL = new TreeMap<>();

  static {
    for (String f : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh",
        "deg", "exp", "floor", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sqrt", "tan", "tanh",
        "absent", "sort", "sort_desc", "timestamp", "histogram_avg", "histogram_count", "histogram_sum",
        "histogram_stddev", "histogram_stdvar")) {
      add(f, List.of(VECTOR), 0, VECTOR, false);
    }
    for (String f : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
        "deriv", "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time",
        "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time")) {
      add(f, List.of(MATRIX), 0, VECTOR, false);
    }
    for (String f : List.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute",
        "month", "year")) {
      add(f, List.of(VECTOR), 1, VECTOR, false);
    }
    add("mad_over_time", List.of(MATRIX), 0, VECTOR, true);
    add("clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR, false);
    add("clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR, false);
    add("clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR, false);
    add("histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
    add("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, false);
    add("holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, false);
    add("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, false);
    add("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, false);
    add("pi", List.of(), 0, SCALAR, false);
    add("predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR, false);
    add("quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR, false);
    add("round", List.of(VECTOR, SCALAR), 1, VECTOR, false);
    add("scalar", List.of(VECTOR), 0, SCALAR, false);
    add("sort_by_label", List.of(VECTOR, STRING), -1, VECTOR, true);
    add("sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR, true);
    add("time", List.of(), 0, SCALAR, false);
    add("vector", List.of(SCALAR), 0, VECTOR, false);
  }

  private Functions() {}

  private static void add(String name, List<ValueType> args, int variadic, ValueType ret, boolean experimental) {
    ALL.put(name, new Function(name, args, variadic, ret, experimental));
  }

  /** The function of that name, or null. */
  public static Function get(String name) {
    return ALL.get(name);
  }

  public static Map<String, Function> all() {
    return Collections.unmodifiableMap(ALL);
  }
}
