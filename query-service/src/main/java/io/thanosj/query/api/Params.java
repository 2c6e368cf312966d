package io.thanosj.query.api;

import io.thanosj.labels.Matcher;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.format.Durations;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import io.thanosj.promql.parser.ParseException;
import io.thanosj.promql.parser.PromqlParser;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parameter parsing exactly as Prometheus' API does it (web/api/v1/api.go), error texts included.
 * Times are returned in milliseconds, durations in nanoseconds (Go's time.Duration) because the
 * 11,000 points check and {@code timeout} work on nanoseconds.
 */
final class Params {

  /** Prometheus' MinTime and MaxTime: the defaults of optional ranges, in milliseconds. */
  static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

  private static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
  private static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private Params() {}

  /** parseTimeParam: the default when absent; errors name the parameter twice, as Prometheus does. */
  static long timeParam(Form form, String name, long defaultMillis) {
    String v = form.value(name);
    if (v.isEmpty()) {
      return defaultMillis;
    }
    try {
      return parseTime(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, "Invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  /** A required time (query_range's start and end). */
  static long requiredTime(Form form, String name) {
    try {
      return parseTime(form.value(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /**
   * Prometheus' parseTime: a float of Unix seconds (fraction rounded to ms; Grafana's millisecond
   * values are read as seconds, as Prometheus reads them), else RFC 3339, else the two range sentinels.
   */
  static long parseTime(String s) {
    double t;
    boolean isFloat;
    try {
      t = GoFloats.parseFloat(s);
      isFloat = true;
    } catch (NumberFormatException e) {
      t = 0;
      isFloat = false;
    }
    if (isFloat) {
      // Beyond ±2^53 s the millisecond value no longer fits a long; Go would wrap silently.
      if (!Double.isFinite(t) || Math.abs(t) > 9.2e15) {
        throw cannotParseTime(s);
      }
      double sec = t < 0 ? Math.ceil(t) : Math.floor(t);
      double frac = goRound((t - sec) * 1000) / 1000;
      long nanos = (long) (frac * 1e9);
      long secs = (long) sec;
      // time.Unix normalises negative nanoseconds into the previous second.
      if (nanos < 0) {
        secs -= 1;
        nanos += 1_000_000_000L;
      }
      return secs * 1000 + nanos / 1_000_000;
    }
    java.util.regex.Matcher m = RFC3339.matcher(s);
    if (m.matches()) {
      try {
        LocalDateTime local = LocalDateTime.of(
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        int offsetSeconds = 0;
        if (m.group(9) != null) {
          int h = Integer.parseInt(m.group(10));
          int min = Integer.parseInt(m.group(11));
          if (h > 23 || min > 59) {
            throw cannotParseTime(s);
          }
          offsetSeconds = (h * 3600 + min * 60) * (m.group(9).equals("-") ? -1 : 1);
        }
        long epochSecond = local.toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
        String frac = m.group(7) == null ? "" : m.group(7);
        long millis = 0;
        for (int i = 0; i < 3; i++) {
          millis = millis * 10 + (i < frac.length() ? frac.charAt(i) - '0' : 0);
        }
        return epochSecond * 1000 + millis;
      } catch (DateTimeException e) {
        throw cannotParseTime(s);
      }
    }
    if (s.equals(MIN_TIME_FORMATTED)) {
      return MIN_TIME;
    }
    if (s.equals(MAX_TIME_FORMATTED)) {
      return MAX_TIME;
    }
    throw cannotParseTime(s);
  }

  private static IllegalArgumentException cannotParseTime(String s) {
    return new IllegalArgumentException("cannot parse " + GoStrings.quote(s) + " to a valid timestamp");
  }

  /** Go's math.Round: half away from zero, exact for every double. */
  static double goRound(double x) {
    double t = x < 0 ? Math.ceil(x) : Math.floor(x);
    if (Math.abs(x - t) >= 0.5) {
      t += Math.copySign(1, x);
    }
    return t;
  }

  /** Prometheus' parseDuration, in nanoseconds: float seconds, else a Prometheus duration. */
  static long parseDurationNanos(String s) {
    double d;
    boolean isFloat;
    try {
      d = GoFloats.parseFloat(s);
      isFloat = true;
    } catch (NumberFormatException e) {
      d = 0;
      isFloat = false;
    }
    if (isFloat) {
      double ns = d * 1e9;
      if (ns > 9.223372036854775807E18 || ns < -9.223372036854775807E18) {
        throw new IllegalArgumentException("cannot parse " + GoStrings.quote(s) + " to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    try {
      long ms = Durations.parseMillis(s);
      return Math.multiplyExact(ms, 1_000_000L);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse " + GoStrings.quote(s) + " to a valid duration");
    }
  }

  static long durationParam(Form form, String name) {
    try {
      return parseDurationNanos(form.value(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** Go's strconv.ParseBool. */
  static boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException("strconv.ParseBool: parsing " + GoStrings.quote(s) + ": invalid syntax");
    };
  }

  /** A Thanos boolean parameter: its default when absent, else Go's ParseBool. */
  static boolean thanosBool(Form form, String name, boolean defaultValue) {
    String v = form.value(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return parseBool(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("'" + name + "' parameter: " + e.getMessage());
    }
  }

  /** Prometheus 2.53's limit parameter: positive, or "no limit" when absent. */
  static long limit(Form form) {
    String v = form.value("limit");
    if (v.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long limit = atoi(v, "limit");
    if (limit <= 0) {
      throw ApiException.invalidParam("limit", "limit must be positive");
    }
    return limit;
  }

  /** Go's strconv.Atoi (base 10 only), its errors as invalid parameter errors. */
  static long atoi(String v, String param) {
    int i = v.startsWith("+") || v.startsWith("-") ? 1 : 0;
    if (i == v.length()) {
      throw ApiException.invalidParam(param, "strconv.Atoi: parsing " + GoStrings.quote(v) + ": invalid syntax");
    }
    for (int k = i; k < v.length(); k++) {
      if (v.charAt(k) < '0' || v.charAt(k) > '9') {
        throw ApiException.invalidParam(param, "strconv.Atoi: parsing " + GoStrings.quote(v) + ": invalid syntax");
      }
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParam(param, "strconv.Atoi: parsing " + GoStrings.quote(v) + ": value out of range");
    }
  }

  /**
   * Prometheus' parseMatchersParam: each {@code match[]} is a series selector, and each must
   * contain a matcher that does not match the empty string.
   */
  static List<List<Matcher>> matchers(List<String> selectors) {
    List<List<Matcher>> sets = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      try {
        sets.add(PromqlParser.parseMetricSelector(s));
      } catch (ParseException e) {
        // Our parser applies PromQL's own selector check here; Prometheus' API reports it its own way.
        if (e.detail().equals("vector selector must contain at least one non-empty matcher")) {
          throw ApiException.badData("match[] must contain at least one non-empty matcher");
        }
        throw ApiException.badData(e.getMessage());
      } catch (PromqlException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    for (List<Matcher> set : sets) {
      boolean nonEmpty = false;
      for (Matcher m : set) {
        nonEmpty |= !m.matchesEmpty();
      }
      if (!nonEmpty) {
        throw ApiException.badData("match[] must contain at least one non-empty matcher");
      }
    }
    return sets;
  }

  static boolean isLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }

  /** Selectors without Prometheus' non-empty check (Thanos' storeMatch[] has none). */
  static List<List<Matcher>> matchersNoEmptyCheck(List<String> selectors) {
    List<List<Matcher>> sets = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      try {
        sets.add(PromqlParser.parseMetricSelector(s));
      } catch (PromqlException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    return sets;
  }
}
