package io.thanosj.storeapi.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/** How exceptions from a {@link io.thanosj.storeapi.StoreApi} become gRPC statuses, and back. */
final class GrpcStatuses {

  private GrpcStatuses() {}

  /**
   * The status a peer should see: a StoreApi's own status as is; an IllegalArgumentException (bad
   * matcher, bad time range) as INVALID_ARGUMENT; anything else as INTERNAL with its message.
   */
  static StatusRuntimeException toStatusException(Throwable t) {
    if (t instanceof StatusRuntimeException e) {
      return e;
    }
    if (t instanceof StatusException e) {
      return e.getStatus().asRuntimeException(e.getTrailers());
    }
    if (t instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).withCause(t).asRuntimeException();
    }
    String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    return Status.INTERNAL.withDescription(message).withCause(t).asRuntimeException();
  }

  /** The same status with the endpoint named in its description, so a caller knows which store failed. */
  static StatusRuntimeException fromEndpoint(String endpoint, Status status) {
    String description = status.getDescription();
    return status
        .withDescription("store " + endpoint + ": " + (description == null ? status.getCode().name() : description))
        .asRuntimeException();
  }
}
