package io.thanosj.promql.engine;

import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.eval.Evaluator;
import io.thanosj.promql.eval.QueryContext;
import io.thanosj.promql.eval.StepGrid;
import io.thanosj.promql.parser.ParserOptions;
import io.thanosj.promql.parser.PromqlParser;
import io.thanosj.promql.storage.Queryable;
import io.thanosj.promql.value.Value;
import java.time.Duration;
import java.util.ArrayList;

/**
 * The PromQL engine: instant and range queries over a {@link Queryable}, with Prometheus 2.53's
 * semantics and error texts. Thread-safe; one engine serves many concurrent queries.
 *
 * <p>Every failure is a {@link PromqlException} carrying the API errorType: parse errors are
 * {@code bad_data} ({@link io.thanosj.promql.parser.ParseException}), evaluation errors
 * {@code execution}, time-outs {@code timeout}, cancellation {@code canceled}, storage failures
 * {@code internal}.
 */
public final class Engine {

  /** Prometheus' HTTP API bound on points per series of a range query. */
  public static final long MAX_POINTS_PER_SERIES = 11_000;

  private final EngineOptions options;

  public Engine(EngineOptions options) {
    this.options = options;
  }

  public EngineOptions options() {
    return options;
  }

  /** Parses with this engine's parser options (experimental functions per the engine). */
  public Expr parse(String query) {
    return PromqlParser.parse(query, new ParserOptions(options.experimentalFunctions()));
  }

  public QueryResult instantQuery(Queryable queryable, String query, long timeMs) {
    return instantQuery(queryable, query, timeMs, QueryOptions.DEFAULT);
  }

  public QueryResult instantQuery(Queryable queryable, String query, long timeMs, QueryOptions opts) {
    return execute(queryable, parse(query), query, new StepGrid(timeMs, timeMs, 0), false, opts);
  }

  /** Evaluates an already parsed expression (e.g. one rewritten by the caller). */
  public QueryResult instantQuery(Queryable queryable, Expr expr, long timeMs, QueryOptions opts) {
    return execute(queryable, expr, "", new StepGrid(timeMs, timeMs, 0), false, opts);
  }

  public QueryResult rangeQuery(Queryable queryable, String query, long startMs, long endMs, long stepMs) {
    return rangeQuery(queryable, query, startMs, endMs, stepMs, QueryOptions.DEFAULT);
  }

  public QueryResult rangeQuery(
      Queryable queryable, String query, long startMs, long endMs, long stepMs, QueryOptions opts) {
    return rangeQuery(queryable, parse(query), query, startMs, endMs, stepMs, opts);
  }

  public QueryResult rangeQuery(
      Queryable queryable, Expr expr, long startMs, long endMs, long stepMs, QueryOptions opts) {
    return rangeQuery(queryable, expr, "", startMs, endMs, stepMs, opts);
  }

  private QueryResult rangeQuery(
      Queryable queryable, Expr expr, String query, long startMs, long endMs, long stepMs, QueryOptions opts) {
    if (stepMs <= 0) {
      throw new PromqlException(ErrorType.BAD_DATA, "invalid parameter \"step\": zero or negative query resolution"
          + " step widths are not accepted. Try a positive integer");
    }
    if (endMs < startMs) {
      throw new PromqlException(ErrorType.BAD_DATA,
          "invalid parameter \"end\": end timestamp must not be before start time");
    }
    // type() recurses through parentheses; a deeply nested query needs the large stack here too.
    ValueType type = DeepStack.run(expr::type);
    if (type != ValueType.VECTOR && type != ValueType.SCALAR) {
      throw new PromqlException(ErrorType.BAD_DATA, "invalid expression type " + quote(type.documented())
          + " for range query, must be Scalar or instant Vector");
    }
    return execute(queryable, expr, query, new StepGrid(startMs, endMs, stepMs), true, opts);
  }

  private static String quote(String s) {
    return io.thanosj.promql.format.GoStrings.quote(s);
  }

  /**
   * The check Prometheus' HTTP API applies before running a range query: at most 11,000 steps
   * (i.e. (end - start) / step ≤ 11,000). Throws bad_data with Prometheus' message otherwise.
   */
  public static void checkRangeResolution(long startMs, long endMs, long stepMs) {
    if (stepMs > 0 && (endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
      throw new PromqlException(ErrorType.BAD_DATA, "exceeded maximum resolution of 11,000 points per timeseries. "
          + "Try decreasing the query resolution (?step=XX)");
    }
  }

  private QueryResult execute(Queryable queryable, Expr expr, String query, StepGrid grid, boolean range,
      QueryOptions opts) {
    QueryOptions o = opts == null ? QueryOptions.DEFAULT : opts;
    long lookback = o.lookbackDeltaMs() > 0 ? o.lookbackDeltaMs() : options.lookbackDeltaMs();
    Duration timeout = options.timeout();
    if (o.timeout() != null && o.timeout().compareTo(timeout) < 0) {
      timeout = o.timeout();
    }
    QueryContext ctx = new QueryContext(queryable, query, grid.start(), grid.end(), lookback,
        options.defaultSubqueryStepMs(), options.maxSamples(), System.nanoTime() + timeout.toNanos(), o.cancel());
    Value value;
    try {
      value = DeepStack.run(() -> new Evaluator(ctx, expr).run(expr, grid, range));
    } catch (PromqlException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new PromqlException(ErrorType.EXECUTION,
          "query processing would load too many samples into memory in query execution", e);
    } catch (RuntimeException e) {
      // A bug must not escape as an arbitrary exception; Prometheus reports runtime panics this way too.
      throw new PromqlException(ErrorType.INTERNAL, "unexpected error: " + e, e);
    }
    return new QueryResult(value, new ArrayList<>(ctx.warnings()), ctx.peakSamples());
  }
}
