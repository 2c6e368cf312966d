package io.thanosj.promql.scripts;

import io.thanosj.chunk.StaleMarker;
import io.thanosj.labels.Labels;
import io.thanosj.promql.format.Durations;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.parser.ParserOptions;
import io.thanosj.promql.parser.PromqlParser;
import io.thanosj.promql.scripts.Script.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the test-script language: commands separated by blank lines, comment lines count as blank,
 * series descriptions with {@code VxN}/{@code V+DxN}/{@code _xN}/{@code stale} items, and native
 * histogram items ({@code {{…}}}) which are recognised only as far as needed to count their slots.
 */
final class ScriptParser {

  private static final Pattern LOAD = Pattern.compile("^load\\s+(.+?)$");
  private static final Pattern EVAL_INSTANT =
      Pattern.compile("^eval(?:_(fail|ordered))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern EVAL_RANGE =
      Pattern.compile("^eval(?:_(fail))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");

  /** A script that cannot be read; the whole file fails, as in Prometheus. */
  static final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
      super(message);
    }
  }

  private ScriptParser() {}

  static Script parse(String name, String content) {
    String[] raw = content.split("\n", -1);
    String[] lines = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i].strip();
      lines[i] = l.startsWith("#") ? "" : l;
    }
    List<Script.Command> commands = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String l = lines[i];
      if (l.isEmpty()) {
        i++;
        continue;
      }
      String word = l.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
      int lineNo = i + 1;
      int end = i + 1;
      while (end < lines.length && !lines[end].isEmpty()) {
        end++;
      }
      if (word.equals("clear")) {
        commands.add(new Script.Clear(lineNo));
        i++;
      } else if (word.equals("load")) {
        commands.add(load(l, lineNo, lines, i + 1, end));
        i = end;
      } else if (word.startsWith("eval")) {
        int[] next = {end};
        commands.add(eval(l, lineNo, lines, i + 1, end, next));
        i = next[0];
      } else {
        throw new ScriptException(name + ":" + lineNo + ": invalid command " + word);
      }
    }
    return new Script(name, commands);
  }

  private static Script.Load load(String header, int lineNo, String[] lines, int from, int to) {
    Matcher m = LOAD.matcher(header);
    if (!m.matches()) {
      throw new ScriptException("line " + lineNo + ": invalid load command");
    }
    long interval = duration(m.group(1), lineNo);
    List<Script.SeriesDef> series = new ArrayList<>();
    for (int i = from; i < to; i++) {
      series.add(seriesDescription(lines[i], i + 1));
    }
    return new Script.Load(lineNo, interval, series);
  }

  private static Script.Eval eval(String header, int lineNo, String[] lines, int from, int to, int[] next) {
    Matcher mi = EVAL_INSTANT.matcher(header);
    Matcher mr = EVAL_RANGE.matcher(header);
    boolean range;
    boolean fail;
    boolean ordered = false;
    long start;
    long end;
    long step = 0;
    String expr;
    if (mi.matches()) {
      range = false;
      fail = "fail".equals(mi.group(1));
      ordered = "ordered".equals(mi.group(1));
      if (mi.group(2) == null) {
        throw new ScriptException("line " + lineNo + ": instant eval without a time");
      }
      start = duration(mi.group(2), lineNo);
      end = start;
      expr = mi.group(3);
    } else if (mr.matches()) {
      range = true;
      fail = "fail".equals(mr.group(1));
      start = duration(mr.group(2), lineNo);
      end = duration(mr.group(3), lineNo);
      step = duration(mr.group(4), lineNo);
      expr = mr.group(5);
      if (end < start) {
        throw new ScriptException("line " + lineNo + ": end before start");
      }
    } else {
      throw new ScriptException("line " + lineNo + ": invalid eval command: " + header);
    }
    // The expression must parse; a syntax error fails the whole file even under eval_fail.
    try {
      PromqlParser.parse(expr, ParserOptions.EXPERIMENTAL);
    } catch (RuntimeException e) {
      throw new ScriptException("line " + lineNo + ": " + e.getMessage());
    }
    Double scalar = null;
    List<Script.SeriesDef> series = new ArrayList<>();
    next[0] = to;
    for (int i = from; i < to; i++) {
      String l = lines[i];
      Double number = number(l);
      if (number != null) {
        scalar = number;
        // A scalar expectation ends the block; what follows is read as a new command.
        next[0] = i + 1;
        break;
      }
      Script.SeriesDef def = seriesDescription(l, i + 1);
      if (!range && def.slots().size() != 1) {
        throw new ScriptException("line " + (i + 1) + ": expected exactly one value in instant eval");
      }
      series.add(def);
    }
    return new Script.Eval(lineNo, expr, range, fail, ordered, start, end, step, scalar, series);
  }

  private static long duration(String s, int lineNo) {
    try {
      return Durations.parseMillis(s.strip());
    } catch (IllegalArgumentException e) {
      throw new ScriptException("line " + lineNo + ": " + e.getMessage());
    }
  }

  private static Double number(String s) {
    try {
      return GoFloats.parseNumber(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Script.SeriesDef seriesDescription(String line, int lineNo) {
    int metricEnd = metricEnd(line);
    Labels labels;
    try {
      labels = PromqlParser.parseMetric(line.substring(0, metricEnd));
    } catch (RuntimeException e) {
      throw new ScriptException("line " + lineNo + ": " + e.getMessage());
    }
    List<Slot> slots = new ArrayList<>();
    for (String item : items(line.substring(metricEnd))) {
      addItem(item, slots, lineNo);
    }
    return new Script.SeriesDef(labels, slots);
  }

  /** Where the metric part ends: after the closing brace, or at the first blank without braces. */
  private static int metricEnd(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    if (i >= line.length() || line.charAt(i) != '{') {
      return i;
    }
    char quote = 0;
    for (; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '}') {
        return i + 1;
      }
    }
    return line.length();
  }

  /** Splits the value part on blanks, keeping {{…}} histogram descriptions whole. */
  private static List<String> items(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (s.startsWith("{{", i)) {
        depth++;
        cur.append("{{");
        i++;
      } else if (s.startsWith("}}", i) && depth > 0) {
        depth--;
        cur.append("}}");
        i++;
      } else if (Character.isWhitespace(c) && depth == 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (depth != 0) {
      throw new ScriptException("unterminated histogram description: " + s);
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static void addItem(String item, List<Slot> slots, int lineNo) {
    if (item.startsWith("{{")) {
      int close = item.lastIndexOf("}}");
      String suffix = item.substring(close + 2);
      int times = 0;
      if (suffix.startsWith("x")) {
        times = (int) repetitions(suffix.substring(1), lineNo) + 1;
      } else if (!suffix.isEmpty()) {
        throw new ScriptException("line " + lineNo + ": invalid histogram item " + item);
      } else {
        times = 1;
      }
      for (int k = 0; k < times; k++) {
        slots.add(Slot.HISTOGRAM);
      }
      return;
    }
    if (item.equals("stale")) {
      slots.add(new Slot(Slot.Kind.FLOAT, StaleMarker.VALUE));
      return;
    }
    if (item.equals("_")) {
      slots.add(Slot.OMITTED);
      return;
    }
    if (item.startsWith("_x")) {
      long n = repetitions(item.substring(2), lineNo);
      for (long k = 0; k < n; k++) {
        slots.add(Slot.OMITTED);
      }
      return;
    }
    int x = item.lastIndexOf('x');
    if (x < 0) {
      slots.add(new Slot(Slot.Kind.FLOAT, value(item, lineNo)));
      return;
    }
    long n = repetitions(item.substring(x + 1), lineNo);
    String base = item.substring(0, x);
    double start = Double.NaN;
    double delta = 0;
    boolean parsed = false;
    Double whole = number(base);
    if (whole != null) {
      start = whole;
      parsed = true;
    } else {
      for (int i = 1; i < base.length(); i++) {
        char c = base.charAt(i);
        if (c != '+' && c != '-') {
          continue;
        }
        Double a = number(base.substring(0, i));
        Double d = number(base.substring(i + 1));
        if (a != null && d != null) {
          start = a;
          delta = c == '-' ? -d : d;
          parsed = true;
          break;
        }
      }
    }
    if (!parsed) {
      throw new ScriptException("line " + lineNo + ": invalid series value " + item);
    }
    // Repeated addition, not start + i*delta, reproduces Prometheus' rounding exactly.
    double cur = start;
    for (long k = 0; k <= n; k++) {
      slots.add(new Slot(Slot.Kind.FLOAT, cur));
      cur += delta;
    }
  }

  private static double value(String s, int lineNo) {
    Double d = number(s);
    if (d == null) {
      throw new ScriptException("line " + lineNo + ": invalid series value " + s);
    }
    return d;
  }

  private static long repetitions(String s, int lineNo) {
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ScriptException("line " + lineNo + ": invalid repetition in series values: " + s);
    }
  }
}
