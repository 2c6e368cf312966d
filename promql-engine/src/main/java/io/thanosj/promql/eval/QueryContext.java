package io.thanosj.promql.eval;

import io.thanosj.promql.ast.PositionRange;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.engine.QueryCancel;
import io.thanosj.promql.storage.Queryable;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything one query evaluation shares: its settings, the sample budget (max samples), the
 * deadline and cancellation, and the warnings collected so far.
 */
public final class QueryContext {

  final Queryable queryable;
  final String query;
  final long queryStart;
  final long queryEnd;
  final long lookbackMs;
  final long defaultSubqueryStepMs;
  private final long maxSamples;
  private final long deadlineNanos;
  private final QueryCancel cancel;
  private final Set<String> warnings = new LinkedHashSet<>();
  private long currentSamples;
  private long peakSamples;

  public QueryContext(Queryable queryable, String query, long queryStart, long queryEnd, long lookbackMs,
      long defaultSubqueryStepMs, long maxSamples, long deadlineNanos, QueryCancel cancel) {
    this.queryable = queryable;
    this.query = query;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.lookbackMs = lookbackMs;
    this.defaultSubqueryStepMs = defaultSubqueryStepMs;
    this.maxSamples = maxSamples;
    this.deadlineNanos = deadlineNanos;
    this.cancel = cancel;
  }

  /** Fails the query when it timed out or was cancelled (explicitly or by interrupting the thread). */
  void checkInterrupted() {
    if (cancel != null && cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  long currentSamples() {
    return currentSamples;
  }

  /** Counts samples now held in memory, failing as Prometheus does beyond the limit. */
  void addSamples(long n) {
    currentSamples += n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
    if (currentSamples > maxSamples) {
      throw new PromqlException(ErrorType.EXECUTION,
          "query processing would load too many samples into memory in query execution");
    }
  }

  /** Sets the held samples after a node released its inputs. */
  void setSamples(long n) {
    currentSamples = n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
  }

  public long peakSamples() {
    return peakSamples;
  }

  void warn(String message) {
    warnings.add(message);
  }

  /** A PromQL annotation, suffixed with its position in the query as Prometheus prints it. */
  void annotate(String message, PositionRange position) {
    if (query.isEmpty()) {
      warnings.add(message);
    } else {
      warnings.add(message + " (" + position.startPosInput(query) + ")");
    }
  }

  public Set<String> warnings() {
    return warnings;
  }
}
