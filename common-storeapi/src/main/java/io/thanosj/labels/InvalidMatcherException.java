package io.thanosj.labels;

/** A matcher that cannot be built, such as a regex that does not compile. Callers map it to a 4xx or INVALID_ARGUMENT. */
public class InvalidMatcherException extends IllegalArgumentException {
  public InvalidMatcherException(String message, Throwable cause) {
    super(message, cause);
  }
}
