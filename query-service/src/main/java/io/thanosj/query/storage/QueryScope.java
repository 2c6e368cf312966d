package io.thanosj.query.storage;

import io.thanosj.dedup.DedupFunction;
import java.util.List;

/**
 * The per-request settings that shape how a query reads from the stores (Thanos' API parameters).
 *
 * @param dedup whether replicas are merged; only effective with replica labels
 * @param replicaLabels the labels that tell replicas apart (flag, or the request's replicaLabels[])
 * @param partialResponse whether a failing store becomes a warning (true) or an error (false)
 * @param maxResolutionMillis the coarsest downsampling resolution acceptable; 0 means raw only
 */
public record QueryScope(
    boolean dedup,
    List<String> replicaLabels,
    DedupFunction dedupFunction,
    boolean partialResponse,
    long maxResolutionMillis) {

  public QueryScope {
    replicaLabels = List.copyOf(replicaLabels);
  }

  /** Deduplication happens only when on and there is something to tell replicas apart by. */
  public boolean deduplicates() {
    return dedup && !replicaLabels.isEmpty();
  }
}
