package io.thanosj.query.api;

/**
 * Prometheus' API errorType values and the HTTP status each gets. We follow Prometheus 2.53, the
 * version whose PromQL error texts the engine reproduces: canceled is 499 there (2.42 used 503).
 */
enum ErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  CANCELED("canceled", 499),
  TIMEOUT("timeout", 503),
  INTERNAL("internal", 500),
  NOT_FOUND("not_found", 404),
  UNAVAILABLE("unavailable", 500);

  final String text;
  final int status;

  ErrorType(String text, int status) {
    this.text = text;
    this.status = status;
  }

  static ErrorType of(io.thanosj.promql.engine.ErrorType t) {
    return switch (t) {
      case BAD_DATA -> BAD_DATA;
      case EXECUTION -> EXECUTION;
      case CANCELED -> CANCELED;
      case TIMEOUT -> TIMEOUT;
      case INTERNAL -> INTERNAL;
    };
  }
}
