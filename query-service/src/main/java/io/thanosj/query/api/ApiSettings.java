package io.thanosj.query.api;

import io.thanosj.dedup.DedupFunction;
import io.thanosj.service.metrics.BuildInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The querier's defaults for API requests, from its flags.
 *
 * @param replicaLabels default replica labels (a request's replicaLabels[] overrides them)
 * @param partialResponse default of the partial_response parameter
 * @param autoDownsampling whether max_source_resolution defaults to step/5
 * @param timeout the longest a query may take (the timeout parameter can only shorten it)
 * @param flags every flag with its value as text, for /api/v1/status/flags
 */
public record ApiSettings(
    List<String> replicaLabels,
    DedupFunction dedupFunction,
    boolean partialResponse,
    boolean autoDownsampling,
    Duration timeout,
    Map<String, String> flags,
    BuildInfo buildInfo) {

  public ApiSettings {
    replicaLabels = List.copyOf(replicaLabels);
    flags = Map.copyOf(flags);
  }
}
