package io.thanosj.promql.engine;

import java.time.Duration;

/**
 * Engine settings, with Prometheus' flag defaults: {@code --query.lookback-delta=5m},
 * {@code --query.max-samples=50000000}, {@code --query.timeout=2m}, subqueries without a step use
 * the global evaluation interval (1m), experimental functions off.
 *
 * @param lookbackDeltaMs how far back an instant selector looks for a sample
 * @param maxSamples the most samples a query may hold in memory at once
 * @param timeout the longest a query may run
 * @param defaultSubqueryStepMs the step of subqueries written without one ({@code x[1h:]})
 * @param experimentalFunctions whether sort_by_label, sort_by_label_desc and mad_over_time parse
 */
public record EngineOptions(
    long lookbackDeltaMs, long maxSamples, Duration timeout, long defaultSubqueryStepMs,
    boolean experimentalFunctions) {

  public EngineOptions {
    if (lookbackDeltaMs <= 0 || maxSamples <= 0 || timeout.isNegative() || timeout.isZero()
        || defaultSubqueryStepMs <= 0) {
      throw new IllegalArgumentException("engine options must be positive");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(300_000, 50_000_000, Duration.ofMinutes(2), 60_000, false);
  }

  public EngineOptions withLookbackDeltaMs(long v) {
    return new EngineOptions(v, maxSamples, timeout, defaultSubqueryStepMs, experimentalFunctions);
  }

  public EngineOptions withMaxSamples(long v) {
    return new EngineOptions(lookbackDeltaMs, v, timeout, defaultSubqueryStepMs, experimentalFunctions);
  }

  public EngineOptions withTimeout(Duration v) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, v, defaultSubqueryStepMs, experimentalFunctions);
  }

  public EngineOptions withDefaultSubqueryStepMs(long v) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, v, experimentalFunctions);
  }

  public EngineOptions withExperimentalFunctions(boolean v) {
    return new EngineOptions(lookbackDeltaMs, maxSamples, timeout, defaultSubqueryStepMs, v);
  }
}
