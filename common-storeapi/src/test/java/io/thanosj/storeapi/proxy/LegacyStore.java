package io.thanosj.storeapi.proxy;

import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;

/**
 * A store as Thanos before v0.31 behaves: it neither advertises nor honours
 * {@code without_replica_labels}, so replica labels stay on its series.
 */
final class LegacyStore implements StoreApi {

  private final StoreApi delegate;

  LegacyStore(StoreApi delegate) {
    this.delegate = delegate;
  }

  @Override
  public InfoResponse info() {
    InfoResponse info = delegate.info();
    return info.toBuilder().setStore(info.getStore().toBuilder().setSupportsWithoutReplicaLabels(false)).build();
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    return delegate.series(request.toBuilder().clearWithoutReplicaLabels().build());
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    return delegate.labelNames(request.toBuilder().clearWithoutReplicaLabels().build());
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    return delegate.labelValues(request.toBuilder().clearWithoutReplicaLabels().build());
  }
}
