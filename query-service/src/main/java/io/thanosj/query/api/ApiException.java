package io.thanosj.query.api;

/** A request that gets Prometheus' error envelope: errorType, message and the type's HTTP status. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorType type;

  ApiException(ErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  ErrorType type() {
    return type;
  }

  /** Prometheus' invalidParamError: {@code invalid parameter "name": reason}. */
  static ApiException invalidParam(String name, String reason) {
    return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + reason);
  }

  static ApiException badData(String message) {
    return new ApiException(ErrorType.BAD_DATA, message);
  }
}
