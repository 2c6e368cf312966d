package io.thanosj.promql.format;

/**
 * Prometheus' duration syntax ({@code model.ParseDuration} / {@code model.Duration.String}): units
 * y w d h m s ms, each at most once and from largest to smallest, integers only; "0" is allowed.
 */
public final class Durations {

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private Durations() {}

  /**
   * Parses a duration into milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus' message, e.g. {@code not a valid duration
   *     string: "5m1h"} or {@code unknown unit "hs" in duration "5y1hs"}
   */
  public static long parseMillis(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int digitsStart = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digitsStart) {
        throw notValid(s);
      }
      long value;
      try {
        value = Long.parseLong(s.substring(digitsStart, i));
      } catch (NumberFormatException e) {
        throw notValid(s);
      }
      int unitStart = i;
      while (i < n && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw notValid(s);
      }
      String unit = s.substring(unitStart, i);
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException(
            "unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(s));
      }
      if (u <= lastUnit) {
        throw notValid(s);
      }
      lastUnit = u;
      // Prometheus counts in nanoseconds and rejects anything beyond int64 nanoseconds.
      long maxMillis = Long.MAX_VALUE / 1_000_000L;
      if (value > maxMillis / MILLIS[u]) {
        throw new IllegalArgumentException("duration out of range");
      }
      total += value * MILLIS[u];
      if (total > maxMillis) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total;
  }

  private static int unitIndex(String unit) {
    for (int k = 0; k < UNITS.length; k++) {
      if (UNITS[k].equals(unit)) {
        return k;
      }
    }
    return -1;
  }

  private static IllegalArgumentException notValid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoStrings.quote(s));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Prometheus' {@code model.Duration.String()}: years and weeks only when exact, e.g. 90d, 1h30m. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = millis;
    for (int k = 0; k < UNITS.length; k++) {
      boolean exactOnly = k < 2;
      if (exactOnly && ms % MILLIS[k] != 0) {
        continue;
      }
      long v = ms / MILLIS[k];
      if (v > 0) {
        sb.append(v).append(UNITS[k]);
        ms -= v * MILLIS[k];
      }
    }
    return sb.toString();
  }
}
