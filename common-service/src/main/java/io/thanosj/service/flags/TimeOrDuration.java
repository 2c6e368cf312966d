package io.thanosj.service.flags;

import io.thanosj.service.flags.PrometheusDurations;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Thanos' {@code --min-time}/{@code --max-time} value ({@code model.TimeOrDurationValue}): an RFC 3339
 * time, or a duration relative to now such as {@code -2w} or {@code 2h45m}, evaluated each time it
 * is used so that a relative window moves with the clock.
 */
public record TimeOrDuration(Long epochMillis, Duration relative) {

  public static TimeOrDuration parse(String s) {
    try {
      return new TimeOrDuration(OffsetDateTime.parse(s).toInstant().toEpochMilli(), null);
    } catch (DateTimeParseException e) {
      // not a time; try a duration
    }
    boolean negative = s.startsWith("-");
    try {
      Duration d = PrometheusDurations.parse(negative ? s.substring(1) : s);
      return new TimeOrDuration(null, negative ? d.negated() : d);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + s + "\" is neither an RFC 3339 time nor a duration such as -2w or 2h45m");
    }
  }

  /** The time in Prometheus milliseconds now. */
  public long millis(Clock clock) {
    return epochMillis != null ? epochMillis : clock.millis() + relative.toMillis();
  }
}
