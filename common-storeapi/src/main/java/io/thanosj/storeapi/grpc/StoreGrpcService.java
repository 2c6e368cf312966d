package io.thanosj.storeapi.grpc;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.InfoRequest;
import io.thanosj.storeapi.proto.InfoResponse;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
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
 *
 * <p>The bound Series method sends {@link SeriesResponseFrame}s, responses already encoded by
 * {@link SeriesStream}; on the wire it is the same {@code thanos.Store/Series} with the same
 * {@code SeriesResponse} messages.
 */
public final class StoreGrpcService implements StoreGrpc.AsyncService, BindableService {

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
  public ServerServiceDefinition bindService() {
    ServerServiceDefinition generated = StoreGrpc.bindService(this);
    MethodDescriptor<SeriesRequest, SeriesResponseFrame> series = StoreGrpc.getSeriesMethod()
        .toBuilder(StoreGrpc.getSeriesMethod().getRequestMarshaller(), SeriesResponseFrame.MARSHALLER)
        .build();
    String seriesName = series.getFullMethodName();
    // gRPC wants the service descriptor to hold the very method objects that are bound.
    ServiceDescriptor original = generated.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
      descriptor.addMethod(m.getMethodDescriptor().getFullMethodName().equals(seriesName) ? series : m.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
      if (!m.getMethodDescriptor().getFullMethodName().equals(seriesName)) {
        b.addMethod(m);
      }
    }
    b.addMethod(series, ServerCalls.asyncServerStreamingCall(this::streamSeries));
    return b.build();
  }

  private void streamSeries(SeriesRequest request, StreamObserver<SeriesResponseFrame> out) {
    new SeriesStream(store, request, (ServerCallStreamObserver<SeriesResponseFrame>) out, seriesExecutor, Context.current())
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
