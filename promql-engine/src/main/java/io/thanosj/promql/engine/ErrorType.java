package io.thanosj.promql.engine;

/** Prometheus' API errorType values for query failures, with the HTTP status Prometheus 2.53 uses. */
public enum ErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  CANCELED("canceled", 499),
  TIMEOUT("timeout", 503),
  INTERNAL("internal", 500);

  private final String text;
  private final int httpStatus;

  ErrorType(String text, int httpStatus) {
    this.text = text;
    this.httpStatus = httpStatus;
  }

  /** The errorType string of the API's error envelope. */
  public String text() {
    return text;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
