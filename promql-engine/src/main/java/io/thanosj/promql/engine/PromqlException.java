package io.thanosj.promql.engine;

/**
 * A query that cannot be answered, with Prometheus' message text and the API errorType the HTTP
 * layer must report. Every failure leaving the engine is one of these.
 */
public class PromqlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorType errorType;

  public PromqlException(ErrorType errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public PromqlException(ErrorType errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  public ErrorType errorType() {
    return errorType;
  }
}
