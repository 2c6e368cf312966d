package io.thanosj.service.flags;

/** A command line that cannot be used: unknown flag, missing value, value of the wrong shape. */
public class FlagException extends IllegalArgumentException {
  public FlagException(String message) {
    super(message);
  }

  public FlagException(String message, Throwable cause) {
    super(message, cause);
  }
}
