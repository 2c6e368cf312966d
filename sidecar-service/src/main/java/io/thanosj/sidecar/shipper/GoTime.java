package io.thanosj.sidecar.shipper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's {@code time.Time} JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed, UTC as Z). */
final class GoTime {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTime() {}

  static String rfc3339Nano(Instant t) {
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('Z').toString();
  }
}
