package io.thanosj.tsdb.testing;

import io.thanosj.labels.Labels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes test series as OpenMetrics text that {@code promtool tsdb create-blocks-from openmetrics}
 * accepts: one {@code # TYPE} line per family with the family's series after it, each series' samples
 * in time order, timestamps in seconds with millisecond decimals, and the mandatory {@code # EOF}.
 *
 * <p>Prometheus' parser turns a timestamp into ms with {@code int64(seconds * 1000)}, which
 * truncates; {@link #representable(long)} tells which millisecond values survive that, and test
 * data generators only use those.
 */
public final class OpenMetricsWriter {

  private OpenMetricsWriter() {}

  public static void write(List<TestSeries> series, Path file) {
    Map<String, List<TestSeries>> families = new LinkedHashMap<>();
    Map<String, TestSeries.MetricType> types = new LinkedHashMap<>();
    for (TestSeries s : series) {
      families.computeIfAbsent(s.family(), k -> new ArrayList<>()).add(s);
      TestSeries.MetricType prev = types.putIfAbsent(s.family(), s.type());
      if (prev != null && prev != s.type()) {
        throw new IllegalArgumentException("family " + s.family() + " has types " + prev + " and " + s.type());
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder(256);
      for (Map.Entry<String, List<TestSeries>> f : families.entrySet()) {
        w.write("# TYPE " + f.getKey() + " " + types.get(f.getKey()).name().toLowerCase() + "\n");
        for (TestSeries s : f.getValue()) {
          String prefix = seriesText(s.labels());
          for (int i = 0; i < s.size(); i++) {
            sb.setLength(0);
            sb.append(prefix).append(' ').append(value(s.values()[i])).append(' ')
                .append(seconds(s.timestamps()[i])).append('\n');
            w.write(sb.toString());
          }
        }
      }
      w.write("# EOF\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** {@code name{a="1",b="x\"y"}} with OpenMetrics escaping (backslash, quote, newline). */
  public static String seriesText(Labels labels) {
    StringBuilder sb = new StringBuilder(labels.get(Labels.METRIC_NAME));
    boolean first = true;
    for (int i = 0; i < labels.size(); i++) {
      if (labels.name(i).equals(Labels.METRIC_NAME)) {
        continue;
      }
      sb.append(first ? '{' : ',');
      first = false;
      sb.append(labels.name(i)).append("=\"");
      String v = labels.value(i);
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          case '\n' -> sb.append("\\n");
          default -> sb.append(c);
        }
      }
      sb.append('"');
    }
    if (!first) {
      sb.append('}');
    }
    return sb.toString();
  }

  public static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v); // shortest round-trip form; Go's ParseFloat reads it back exactly
  }

  /** Milliseconds as seconds with three decimals, e.g. {@code 1700000000.123}. */
  public static String seconds(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("negative timestamps are not supported by this writer: " + ms);
    }
    return (ms / 1000) + "." + String.format("%03d", ms % 1000);
  }

  /** Whether Prometheus' parser reads {@link #seconds(long)} back as exactly {@code ms}. */
  public static boolean representable(long ms) {
    return (long) (Double.parseDouble(seconds(ms)) * 1000) == ms;
  }
}
