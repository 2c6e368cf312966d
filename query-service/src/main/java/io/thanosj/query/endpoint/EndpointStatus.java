package io.thanosj.query.endpoint;

import io.thanosj.labels.Labels;
import java.time.Instant;
import java.util.List;

/**
 * What the querier knows about one endpoint, as /api/v1/stores and the Stores page show it.
 *
 * @param componentType Info's component type ("sidecar", "store", …), or null before any answer
 * @param lastError the last health check's failure, or null when it succeeded
 */
public record EndpointStatus(
    String name,
    String componentType,
    Instant lastCheck,
    String lastError,
    List<Labels> labelSets,
    long minTime,
    long maxTime) {

  public EndpointStatus {
    labelSets = List.copyOf(labelSets);
  }
}
