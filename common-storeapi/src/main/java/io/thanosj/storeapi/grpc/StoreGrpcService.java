package io.thanosj.storeapi.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.InfoRequest;
import io.thanosj.storeapi.proto.InfoResponse;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
import io.thanosj.storeapi.proto.StoreGrpc;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code thanos.Store} served from any {@link StoreApi}.
 *
 * <p>Series streams are pulled from the store's {@link io.thanosj.storeapi.SeriesSet} on
 * {@code seriesExecutor}, only while the client's transport window has room, so a slow client slows
 * the store down instead of filling the server's heap. A client that cancels or whose deadline
 * passes closes the set. The legacy {@code Store/Info} RPC is answered from {@link StoreApi#info()}
 * for queriers up to Thanos v0.36.
 */
public final class StoreGrpcService extends StoreGrpc.StoreImplBase {

  private final StoreApi store;
  private final Executor seriesExecutor;

  /**
   * @param seriesExecutor runs the pull loops of Series streams; a pull may block on the store's I/O,
   *     so this should not be a transport (event loop) thread
   */
  public StoreGrpcService(StoreApi store, Executor seriesExecutor) {
    this.store = store;
    this.seriesExecutor = seriesExecutor;
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
    unary(out, () -> LegacyStoreInfo.toLegacy(store.info()));
  }

  @Override
  public void series(SeriesRequest request, StreamObserver<SeriesResponse> out) {
    new SeriesStream(store, request, (ServerCallStreamObserver<SeriesResponse>) out, seriesExecutor, Context.current())
        .start();
  }

  @Override
  public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> out) {
    unary(out, () -> store.labelNames(request));
  }

  @Override
  public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> out) {
    unary(out, () -> store.labelValues(request));
  }

  private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      out.onError(GrpcStatuses.toStatusException(e));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
