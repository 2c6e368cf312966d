package io.thanosj.promql.engine;

import io.thanosj.promql.value.Value;
import java.util.List;

/**
 * A query's value and its warnings (storage warnings and PromQL annotations, the latter formatted
 * as Prometheus 2.53 does, e.g. {@code PromQL info: metric might not be a counter, … (1:6)}).
 *
 * @param peakSamples the most samples the query held in memory at once, as counted for max samples
 */
public record QueryResult(Value value, List<String> warnings, long peakSamples) {

  public QueryResult {
    warnings = List.copyOf(warnings);
  }
}
