package io.thanosj.promql.engine;

import java.time.Duration;

/**
 * Per-query settings.
 *
 * @param lookbackDeltaMs overrides the engine's lookback delta when positive (the API's lookback_delta)
 * @param timeout shortens the engine's timeout when non-null and shorter (the API's timeout)
 * @param cancel lets another thread cancel the query; may be null
 */
public record QueryOptions(long lookbackDeltaMs, Duration timeout, QueryCancel cancel) {

  public static final QueryOptions DEFAULT = new QueryOptions(0, null, null);

  public static QueryOptions withCancel(QueryCancel cancel) {
    return new QueryOptions(0, null, cancel);
  }
}
