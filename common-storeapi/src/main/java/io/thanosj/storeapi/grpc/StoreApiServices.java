package io.thanosj.storeapi.grpc;

import io.grpc.ServerServiceDefinition;
import io.thanosj.storeapi.StoreApi;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The gRPC services that expose a {@link StoreApi} the way a Thanos store does: {@code thanos.Store}
 * (with the legacy Info RPC) and {@code thanos.info.Info}, both answering unparseable requests with
 * INVALID_ARGUMENT. Add them to any grpc-java server:
 * {@code StoreApiServices.of(store, executor).forEach(serverBuilder::addService)}.
 */
public final class StoreApiServices {

  private StoreApiServices() {}

  public static List<ServerServiceDefinition> of(StoreApi store, Executor seriesExecutor) {
    return List.of(
        MalformedRequestGuard.wrap(new StoreGrpcService(store, seriesExecutor).bindService()),
        MalformedRequestGuard.wrap(new InfoGrpcService(store).bindService()));
  }
}
