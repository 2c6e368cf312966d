package io.thanosj.service.grpc;

import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.springframework.context.ApplicationListener;

/** The port the gRPC server actually listens on, which differs from the flag when that asked for port 0. */
public final class GrpcServerPort implements ApplicationListener<GrpcServerStartedEvent> {

  private volatile int port = -1;

  @Override
  public void onApplicationEvent(GrpcServerStartedEvent event) {
    port = event.getServer().getPort();
  }

  /** The bound port, or -1 before the server has started. */
  public int port() {
    return port;
  }
}
