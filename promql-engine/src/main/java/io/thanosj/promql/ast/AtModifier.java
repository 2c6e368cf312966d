package io.thanosj.promql.ast;

/** The {@code @} modifier of a selector or subquery: none, a fixed timestamp, or start()/end(). */
public record AtModifier(Kind kind, long timestampMs) {

  public enum Kind {
    NONE,
    TIMESTAMP,
    START,
    END
  }

  public static final AtModifier NONE = new AtModifier(Kind.NONE, 0);
  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  public static AtModifier at(long timestampMs) {
    return new AtModifier(Kind.TIMESTAMP, timestampMs);
  }

  public boolean isSet() {
    return kind != Kind.NONE;
  }

  /** The resolved timestamp for a query running from start to end (ms). Only valid when set. */
  public long resolve(long queryStart, long queryEnd) {
    return switch (kind) {
      case TIMESTAMP -> timestampMs;
      case START -> queryStart;
      case END -> queryEnd;
      case NONE -> throw new IllegalStateException("no @ modifier");
    };
  }
}
