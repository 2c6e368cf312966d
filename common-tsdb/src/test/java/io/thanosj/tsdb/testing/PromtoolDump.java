package io.thanosj.tsdb.testing;

import io.thanosj.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code promtool tsdb dump} output — lines {@code {name="value", …} <value> <ts ms>} with
 * Go-quoted label values — back into series, so a dump can be compared with test data.
 */
public final class PromtoolDump {

  private PromtoolDump() {}

  public static List<TestSeries> parse(String dump) {
    Map<Labels, List<long[]>> samples = new LinkedHashMap<>();
    int pos = 0;
    while (pos < dump.length()) {
      int[] at = {pos};
      Labels l = labels(dump, at);
      int lineEnd = dump.indexOf('\n', at[0]);
      if (lineEnd < 0) {
        lineEnd = dump.length();
      }
      String[] rest = dump.substring(at[0], lineEnd).trim().split(" ");
      if (rest.length != 2) {
        throw new IllegalArgumentException("bad dump line at " + pos + ": " + dump.substring(pos, lineEnd));
      }
      double v = Double.parseDouble(rest[0].replace("Inf", "Infinity"));
      long t = Long.parseLong(rest[1]);
      samples.computeIfAbsent(l, k -> new ArrayList<>()).add(new long[] {t, Double.doubleToRawLongBits(v)});
      pos = lineEnd + 1;
    }
    List<TestSeries> out = new ArrayList<>();
    for (Map.Entry<Labels, List<long[]>> e : samples.entrySet()) {
      List<long[]> s = e.getValue();
      s.sort((a, b) -> Long.compare(a[0], b[0]));
      long[] ts = new long[s.size()];
      double[] vs = new double[s.size()];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = s.get(i)[0];
        vs[i] = Double.longBitsToDouble(s.get(i)[1]);
      }
      out.add(new TestSeries(e.getKey(), TestSeries.MetricType.UNKNOWN, ts, vs));
    }
    out.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
    return out;
  }

  /** Parses {@code {a="x", b="y"}} starting at at[0]; leaves at[0] after the closing brace. */
  private static Labels labels(String s, int[] at) {
    int p = at[0];
    if (s.charAt(p) != '{') {
      throw new IllegalArgumentException("expected '{' at " + p);
    }
    p++;
    List<String> pairs = new ArrayList<>();
    while (s.charAt(p) != '}') {
      int eq = s.indexOf('=', p);
      pairs.add(s.substring(p, eq));
      p = eq + 1;
      StringBuilder v = new StringBuilder();
      p = unquote(s, p, v);
      pairs.add(v.toString());
      if (s.startsWith(", ", p)) {
        p += 2;
      }
    }
    at[0] = p + 1;
    return Labels.of(pairs.toArray(new String[0]));
  }

  /** Go strconv.Unquote of the string starting at p (a double quote); returns the index after it. */
  private static int unquote(String s, int p, StringBuilder out) {
    if (s.charAt(p) != '"') {
      throw new IllegalArgumentException("expected '\"' at " + p);
    }
    p++;
    while (true) {
      char c = s.charAt(p++);
      if (c == '"') {
        return p;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(p++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '\\' -> out.append('\\');
        case '"' -> out.append('"');
        case 'x' -> {
          out.append((char) Integer.parseInt(s.substring(p, p + 2), 16));
          p += 2;
        }
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
          p += 4;
        }
        case 'U' -> {
          out.appendCodePoint(Integer.parseInt(s.substring(p, p + 8), 16));
          p += 8;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + e + " at " + p);
      }
    }
  }

}
