package io.thanosj.service;

import io.thanosj.service.grpc.GrpcServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A role started in this JVM by {@link ThanosRole#start}; closing it shuts it down gracefully. */
public final class RunningRole implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  RunningRole(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** The bound HTTP port (useful with {@code --http-address=127.0.0.1:0}). */
  public int httpPort() {
    return context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
  }

  /** The bound gRPC port (useful with {@code --grpc-address=127.0.0.1:0}). */
  public int grpcPort() {
    return context.getBean(GrpcServerPort.class).port();
  }

  @Override
  public void close() {
    context.close();
  }
}
