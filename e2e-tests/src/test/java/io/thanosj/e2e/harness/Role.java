package io.thanosj.e2e.harness;

/** Our roles, as {@code bin/thanosj ROLE} names them, and the module that builds each one's jar. */
public enum Role {
  SIDECAR("sidecar", "sidecar-service", true),
  QUERY("query", "query-service", true),
  STORE("store", "store-service", true),
  RECEIVE("receive", "receive-service", true),
  // Like Thanos' compactor, ours has no gRPC server, so it gets no --grpc-address.
  COMPACT("compact", "compactor-service", false);

  private final String command;
  private final String module;
  private final boolean servesGrpc;

  Role(String command, String module, boolean servesGrpc) {
    this.command = command;
    this.module = module;
    this.servesGrpc = servesGrpc;
  }

  public String command() {
    return command;
  }

  public String module() {
    return module;
  }

  public boolean servesGrpc() {
    return servesGrpc;
  }
}
