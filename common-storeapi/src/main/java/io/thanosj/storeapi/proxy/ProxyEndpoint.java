package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.util.List;

/**
 * One StoreAPI endpoint as the proxy sees it: the store to call and what its last successful Info
 * call said (external label sets, time range, whether it strips replica labels itself).
 *
 * <p>An endpoint whose last health check failed is still listed, with {@code downReason} set, until
 * the endpoint set forgets it: the proxy does not call it, but reports it (a warning, or an error
 * when partial response is off) for queries it could have answered, so a missing replica or store is
 * never silent.
 *
 * @param name the address, as shown in warnings, errors and /api/v1/stores
 * @param labelSets the external label sets; empty matches every query
 * @param minTime first millisecond it has data for (inclusive)
 * @param maxTime last millisecond it has data for (inclusive)
 * @param downReason empty when the endpoint is healthy, otherwise why it is not
 */
public record ProxyEndpoint(
    String name,
    StoreApi store,
    List<Labels> labelSets,
    long minTime,
    long maxTime,
    boolean supportsWithoutReplicaLabels,
    String downReason) {

  public ProxyEndpoint {
    labelSets = List.copyOf(labelSets);
    downReason = downReason == null ? "" : downReason;
  }

  /** A healthy endpoint described by its Info answer. */
  public static ProxyEndpoint fromInfo(String name, StoreApi store, InfoResponse info) {
    long min = info.hasStore() ? info.getStore().getMinTime() : Long.MIN_VALUE;
    long max = info.hasStore() ? info.getStore().getMaxTime() : Long.MAX_VALUE;
    boolean wrl = info.hasStore() && info.getStore().getSupportsWithoutReplicaLabels();
    return new ProxyEndpoint(name, store, StoreProtos.labelSets(info.getLabelSetsList()), min, max, wrl, "");
  }

  public boolean isUp() {
    return downReason.isEmpty();
  }

  /** The same endpoint marked as down, keeping what was last known about its data. */
  public ProxyEndpoint down(String reason) {
    return new ProxyEndpoint(name, store, labelSets, minTime, maxTime, supportsWithoutReplicaLabels, reason);
  }
}
