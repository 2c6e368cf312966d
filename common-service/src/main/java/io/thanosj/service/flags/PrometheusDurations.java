package io.thanosj.service.flags;

import java.time.Duration;

/**
 * Prometheus' duration syntax ({@code model.ParseDuration}), which Thanos uses for its duration flags:
 * a sequence of integer-unit pairs from largest to smallest unit, each unit at most once, with units
 * y (365d), w, d, h, m, s, ms; {@code 0} alone is zero.
 */
public final class PrometheusDurations {

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private PrometheusDurations() {}

  public static Duration parse(String s) {
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
      }
      long n = Long.parseLong(s.substring(start, i));
      int unit = -1;
      // "ms" must be tried before "m".
      if (s.startsWith("ms", i)) {
        unit = 6;
      } else if (i < s.length()) {
        for (int u = 0; u < 6; u++) {
          if (s.startsWith(UNITS[u], i)) {
            unit = u;
            break;
          }
        }
      }
      if (unit < 0 || unit <= lastUnit) {
        throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
      }
      i += UNITS[unit].length();
      lastUnit = unit;
      total = Math.addExact(total, Math.multiplyExact(n, MILLIS[unit]));
    }
    return Duration.ofMillis(total);
  }

  /** The shortest Prometheus form, e.g. {@code 1h30m}, {@code 2m}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < UNITS.length; u++) {
      // Prometheus prints weeks and years only when they divide the whole duration.
      if ((u == 0 || u == 1) && ms % MILLIS[u] != 0) {
        continue;
      }
      long n = ms / MILLIS[u];
      if (n > 0) {
        sb.append(n).append(UNITS[u]);
        ms -= n * MILLIS[u];
      }
    }
    return sb.toString();
  }
}
