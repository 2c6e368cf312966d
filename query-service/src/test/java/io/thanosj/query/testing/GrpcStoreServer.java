package io.thanosj.query.testing;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.grpc.GoCompatibleTransport;
import io.thanosj.storeapi.grpc.StoreApiServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A StoreApi served over real gRPC on a loopback port, as a remote endpoint would be; it can be
 * stopped and started again on the same port to play an endpoint that fails and recovers.
 */
public final class GrpcStoreServer implements AutoCloseable {

  private final StoreApi store;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-store-series");
    t.setDaemon(true);
    return t;
  });
  private Server server;
  private int port;

  public GrpcStoreServer(StoreApi store) {
    this.store = store;
  }

  public synchronized GrpcStoreServer start() {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    GoCompatibleTransport.configure(b, GoCompatibleTransport.MAX_MESSAGE_SIZE);
    for (ServerServiceDefinition s : StoreApiServices.of(store, executor)) {
      b.addService(s);
    }
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    port = server.getPort();
    return this;
  }

  public synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    stop();
    executor.shutdownNow();
  }
}
