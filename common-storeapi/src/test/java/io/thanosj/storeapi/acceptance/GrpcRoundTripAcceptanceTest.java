package io.thanosj.storeapi.acceptance;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.grpc.StoreApiServices;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The acceptance suite through the gRPC server adapter and client (in-process transport): whatever
 * the in-memory store answers must survive the wire unchanged.
 */
class GrpcRoundTripAcceptanceTest extends StoreApiAcceptance {

  private Server server;
  private ManagedChannel channel;
  private ExecutorService executor;

  @Override
  protected StoreApi open(Dataset data, Labels externalLabels) throws Exception {
    executor = Executors.newFixedThreadPool(2);
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder b = InProcessServerBuilder.forName(name);
    StoreApiServices.of(new InMemoryStore(data, externalLabels), executor).forEach(b::addService);
    server = b.build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return new GrpcStoreClient(channel, "inproc:" + name, GrpcStoreClient.Options.DEFAULT);
  }

  @Override
  protected void close(StoreApi store) {
    channel.shutdownNow();
    server.shutdownNow();
    executor.shutdownNow();
  }
}
