package io.thanosj.sidecar.promclient;

import io.grpc.Status;

/**
 * A Prometheus HTTP call that failed: unreachable ({@link #httpStatus()} == 0), answered with a
 * non-2xx status, or answered with something we cannot parse. The message names the URL.
 */
public final class PrometheusApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public PrometheusApiException(String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  public PrometheusApiException(String message, int httpStatus) {
    this(message, httpStatus, null);
  }

  /** The HTTP status Prometheus answered with, or 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The gRPC status a StoreAPI caller sees, following Thanos' promclient mapping: 400 is the
   * caller's fault, 404 not found, 503 or no answer unavailable, everything else internal.
   */
  public Status grpcStatus() {
    Status s = switch (httpStatus) {
      case 0, 503 -> Status.UNAVAILABLE;
      case 400 -> Status.INVALID_ARGUMENT;
      case 404 -> Status.NOT_FOUND;
      default -> Status.INTERNAL;
    };
    return s.withDescription(getMessage()).withCause(getCause());
  }
}
