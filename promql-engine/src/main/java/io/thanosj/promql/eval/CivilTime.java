package io.thanosj.promql.eval;

import java.util.Set;

/**
 * Calendar fields of a Unix time in UTC for PromQL's date functions, computed with integer
 * arithmetic (days from civil dates) so every int64 second is handled without java.time limits.
 */
final class CivilTime {

  static final Set<String> FUNCTIONS =
      Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year");

  private CivilTime() {}

  static double apply(String function, long unixSeconds) {
    long days = Math.floorDiv(unixSeconds, 86_400L);
    long secondOfDay = Math.floorMod(unixSeconds, 86_400L);
    // Howard Hinnant's civil_from_days.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    return switch (function) {
      case "year" -> y;
      case "month" -> m;
      case "day_of_month" -> d;
      case "day_of_week" -> Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday
      case "day_of_year" -> dayOfYear(y, m, d);
      case "days_in_month" -> daysInMonth(y, m);
      case "hour" -> secondOfDay / 3600;
      case "minute" -> secondOfDay % 3600 / 60;
      default -> throw new IllegalArgumentException(function);
    };
  }

  private static boolean leap(long y) {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  }

  private static long daysInMonth(long y, long m) {
    return switch ((int) m) {
      case 2 -> leap(y) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static long dayOfYear(long y, long m, long d) {
    long doy = d;
    for (long mm = 1; mm < m; mm++) {
      doy += daysInMonth(y, mm);
    }
    return doy;
  }
}
