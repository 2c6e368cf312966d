package io.thanosj.labels;

import java.util.Objects;

/**
 * A label matcher with Prometheus semantics. Regular expressions use RE2 syntax through RE2/J (linear
 * time, no catastrophic back-tracking) and are fully anchored: {@code code=~"2"} does not match
 * {@code 200}. A missing label matches as the empty string.
 */
public final class Matcher {

  public enum Type {
    EQ("="),
    NEQ("!="),
    RE("=~"),
    NRE("!~");

    private final String symbol;

    Type(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final RegexMatcher regex; // null for EQ/NEQ

  private Matcher(Type type, String name, String value) {
    this.type = Objects.requireNonNull(type, "type");
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    this.regex = (type == Type.RE || type == Type.NRE) ? RegexMatcher.compile(value) : null;
  }

  /**
   * Creates a matcher.
   *
   * @throws InvalidMatcherException when a regex does not compile
   */
  public static Matcher of(Type type, String name, String value) {
    return new Matcher(type, name, value);
  }

  public static Matcher equal(String name, String value) {
    return new Matcher(Type.EQ, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public boolean matches(String s) {
    return switch (type) {
      case EQ -> value.equals(s);
      case NEQ -> !value.equals(s);
      case RE -> regex.matches(s);
      case NRE -> !regex.matches(s);
    };
  }

  /**
   * For a regular-expression matcher ({@code =~}, {@code !~}), a string every value the expression
   * matches starts with; "" when there is none (or for {@code =} and {@code !=}). Label values are
   * sorted, so an index can visit only the values with this prefix: for {@code =~} the only ones
   * that can match, for {@code !~} the only ones that can fail.
   */
  public String literalPrefix() {
    return regex == null ? "" : regex.prefix();
  }

  /** Whether a series lacking this label (i.e. value "") would match. */
  public boolean matchesEmpty() {
    return matches("");
  }

  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  /** Prometheus' text form, e.g. {@code job=~"api|web"}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.symbol).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
