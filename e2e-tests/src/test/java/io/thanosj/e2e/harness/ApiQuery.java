package io.thanosj.e2e.harness;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One query of the Prometheus HTTP API: instant ({@code step == 0}, at {@code start}) or range.
 * Times in ms; {@code origin} only makes the printed form readable (seconds since the test data began).
 */
public record ApiQuery(String expr, long start, long end, long step, long origin) {

  /** The path and query string, e.g. {@code /api/v1/query_range?query=...&start=...&end=...&step=...}. */
  public String path() {
    String q = "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8);
    return step == 0 ? "/api/v1/query?" + q + "&time=" + seconds(start)
        : "/api/v1/query_range?" + q + "&start=" + seconds(start) + "&end=" + seconds(end) + "&step=" + step / 1000;
  }

  /** Prometheus' float seconds with millisecond precision. */
  public static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  @Override
  public String toString() {
    return step == 0 ? expr + " @" + (start - origin) / 1000 + "s"
        : expr + " [" + (start - origin) / 1000 + "s.." + (end - origin) / 1000 + "s/" + step / 1000 + "s]";
  }
}
