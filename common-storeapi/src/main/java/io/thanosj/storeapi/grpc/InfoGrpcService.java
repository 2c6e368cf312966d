package io.thanosj.storeapi.grpc;

import io.grpc.stub.StreamObserver;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.info.InfoGrpc;
import io.thanosj.storeapi.proto.info.InfoRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;

/** {@code thanos.info.Info}, answered from {@link StoreApi#info()}: how current queriers discover a store. */
public final class InfoGrpcService extends InfoGrpc.InfoImplBase {

  private final StoreApi store;

  public InfoGrpcService(StoreApi store) {
    this.store = store;
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
    InfoResponse info;
    try {
      info = store.info();
    } catch (RuntimeException e) {
      out.onError(GrpcStatuses.toStatusException(e));
      return;
    }
    out.onNext(info);
    out.onCompleted();
  }
}
