package io.thanosj.storeapi.grpc;

import io.thanosj.storeapi.ComponentType;
import io.thanosj.storeapi.proto.StoreType;
import io.thanosj.storeapi.proto.info.ExemplarsInfo;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.MetricMetadataInfo;
import io.thanosj.storeapi.proto.info.QueryAPIInfo;
import io.thanosj.storeapi.proto.info.RulesInfo;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proto.info.TargetsInfo;

/**
 * Translation between the Info service's answer and the legacy {@code thanos.Store/Info} answer that
 * queriers up to Thanos v0.36 fall back to (removed from Thanos in v0.37).
 */
final class LegacyStoreInfo {

  private LegacyStoreInfo() {}

  /**
   * The legacy answer a v0.36 store would give: the label sets, the store's time range and its
   * type. The deprecated single {@code labels} field repeats the label set when there is exactly
   * one, as Thanos' sidecar did for migration.
   */
  static io.thanosj.storeapi.proto.InfoResponse toLegacy(InfoResponse info) {
    ComponentType component = ComponentType.fromWireName(info.getComponentType());
    var b =
        io.thanosj.storeapi.proto.InfoResponse.newBuilder()
            .addAllLabelSets(info.getLabelSetsList())
            .setStoreType(component == null ? StoreType.UNKNOWN : component.storeType());
    if (info.hasStore()) {
      b.setMinTime(info.getStore().getMinTime()).setMaxTime(info.getStore().getMaxTime());
    }
    if (info.getLabelSetsCount() == 1) {
      b.addAllLabels(info.getLabelSets(0).getLabelsList());
    }
    return b.build();
  }

  /**
   * The Info answer a v0.36 querier derived from a legacy answer: which APIs each store type
   * exposes, with the store's time range (Thanos v0.36 pkg/query/endpointset.go).
   */
  static InfoResponse fromLegacy(io.thanosj.storeapi.proto.InfoResponse legacy) {
    ComponentType component = ComponentType.fromStoreType(legacy.getStoreType());
    InfoResponse.Builder b = InfoResponse.newBuilder().addAllLabelSets(legacy.getLabelSetsList());
    b.setComponentType(component == null ? ComponentType.UNKNOWN_WIRE_NAME : component.wireName());
    if (component == null || component == ComponentType.DEBUG) {
      return b.build();
    }
    b.setStore(StoreInfo.newBuilder().setMinTime(legacy.getMinTime()).setMaxTime(legacy.getMaxTime()));
    switch (component) {
      case SIDECAR, QUERY -> {
        b.setRules(RulesInfo.getDefaultInstance())
            .setTargets(TargetsInfo.getDefaultInstance())
            .setMetricMetadata(MetricMetadataInfo.getDefaultInstance())
            .setExemplars(ExemplarsInfo.getDefaultInstance());
        if (component == ComponentType.QUERY) {
          b.setQuery(QueryAPIInfo.getDefaultInstance());
        }
      }
      case RECEIVE -> b.setExemplars(ExemplarsInfo.getDefaultInstance());
      case RULE -> b.setRules(RulesInfo.getDefaultInstance());
      default -> {}
    }
    return b.build();
  }
}
