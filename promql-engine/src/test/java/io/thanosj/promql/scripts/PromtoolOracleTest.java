package io.thanosj.promql.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.StaleMarker;
import io.thanosj.labels.Labels;
import io.thanosj.promql.format.Durations;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import io.thanosj.promql.parser.PromqlParser;
import io.thanosj.promql.scripts.Script.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the expectations written in our own test scripts against a real Prometheus engine: the
 * installed {@code promtool} (Prometheus 2.42) evaluates every instant eval of our scripts on the
 * same data, through its rule unit-test mode, and must give the same answer. So our scripts record
 * Prometheus' behaviour, not merely our engine's.
 *
 * <p>2.42 differs from the 2.53 semantics we implement in a few places; those evals are listed
 * with the reason in {@code promql/oracle-exclusions.txt}. promtool can only check instant
 * queries that return vectors or scalars, compares without order, and reports errors without
 * their text, so eval_ordered order and error messages are not part of this check.
 */
class PromtoolOracleTest {

  private static final Path OWN_SCRIPTS = Paths.get("src/test/resources/promql");
  private static final Path PROMTOOL = Paths.get("/usr/bin/promtool");

  @TestFactory
  Stream<DynamicTest> ownScriptsAgreeWithPrometheus() throws IOException {
    if (!Files.isExecutable(PROMTOOL)) {
      Assumptions.abort("promtool (Debian package prometheus) is not installed at " + PROMTOOL);
    }
    Map<String, String> exclusions = new HashMap<>();
    for (String line : Files.readAllLines(OWN_SCRIPTS.resolve("oracle-exclusions.txt"))) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        String[] parts = l.split("\\s+", 2);
        exclusions.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(OWN_SCRIPTS)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, exclusions)));
  }

  /** One eval to ask promtool about, with the data loaded at that point of the script. */
  private record Question(Script.Eval eval, long intervalMs, Map<Labels, TreeMap<Long, Double>> data) {}

  private static void check(Path file, Map<String, String> exclusions) throws Exception {
    String name = file.getFileName().toString();
    Script script = ScriptParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
    List<Question> questions = new ArrayList<>();
    Map<Labels, TreeMap<Long, Double>> data = new LinkedHashMap<>();
    Set<Labels> histograms = new HashSet<>();
    long gcd = 0;
    for (Script.Command c : script.commands()) {
      if (c instanceof Script.Clear) {
        data.clear();
        histograms.clear();
        gcd = 0;
      } else if (c instanceof Script.Load l) {
        gcd = gcd(gcd, l.intervalMs());
        Map<Labels, Script.SeriesDef> defs = new LinkedHashMap<>();
        for (Script.SeriesDef d : l.series()) {
          defs.put(d.labels(), d);
        }
        for (Script.SeriesDef d : defs.values()) {
          TreeMap<Long, Double> samples = data.computeIfAbsent(d.labels(), x -> new TreeMap<>());
          for (int k = 0; k < d.slots().size(); k++) {
            Slot s = d.slots().get(k);
            if (s.kind() == Slot.Kind.FLOAT) {
              samples.put(k * l.intervalMs(), s.value());
            } else if (s.kind() == Slot.Kind.HISTOGRAM) {
              histograms.add(d.labels());
            }
          }
        }
      } else {
        Script.Eval e = (Script.Eval) c;
        if (!e.range() && !exclusions.containsKey(name + ":" + e.line()) && histograms.isEmpty()) {
          Map<Labels, TreeMap<Long, Double>> snapshot = new LinkedHashMap<>();
          data.forEach((k, v) -> snapshot.put(k, new TreeMap<>(v)));
          questions.add(new Question(e, gcd == 0 ? 60_000 : gcd, snapshot));
        }
      }
    }
    if (questions.isEmpty()) {
      return;
    }
    Map<Integer, String> answers = askPromtool(questions);
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Script.Eval e = questions.get(i).eval();
      String d = compare(e, answers.get(i));
      if (d != null) {
        disagreements.add(name + ":" + e.line() + " " + e.expr() + "\n    " + d);
      }
    }
    System.out.printf("%-26s %3d evals checked against promtool 2.42, %d disagree%n", name, questions.size(),
        disagreements.size());
    disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
    assertThat(disagreements).isEmpty();
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Runs promtool over one YAML of all questions; returns the raw answer per question (null = empty). */
  private static Map<Integer, String> askPromtool(List<Question> questions) throws Exception {
    // promtool loads samples only up to its rule-evaluation ticks, so the ticks must hit every eval time.
    long tick = 60_000;
    for (Question q : questions) {
      tick = gcd(tick, q.eval().start());
    }
    StringBuilder yaml = new StringBuilder("evaluation_interval: " + Durations.format(tick) + "\ntests:\n");
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      yaml.append("  - interval: ").append(Durations.format(q.intervalMs())).append('\n');
      yaml.append("    input_series:\n");
      for (var entry : q.data().entrySet()) {
        if (entry.getValue().isEmpty()) {
          continue;
        }
        yaml.append("      - series: '").append(metric(entry.getKey()).replace("'", "''")).append("'\n");
        yaml.append("        values: '").append(values(entry.getValue(), q.intervalMs())).append("'\n");
      }
      String expr = q.eval().expr() + " # oracle:" + i;
      yaml.append("    promql_expr_test:\n");
      yaml.append("      - expr: \"").append(expr.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
      yaml.append("        eval_time: ").append(Durations.format(q.eval().start())).append('\n');
      yaml.append("        exp_samples: []\n");
    }
    Path dir = Files.createTempDirectory("promtool-oracle");
    Path input = dir.resolve("oracle.yml");
    Files.writeString(input, yaml);
    Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", input.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish");
    }
    Map<Integer, String> answers = new HashMap<>();
    String[] lines = out.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      int marker = l.indexOf("# oracle:");
      if (!l.startsWith("expr: ") || marker < 0) {
        continue;
      }
      int idx = Integer.parseInt(l.substring(marker + 9, l.indexOf('"', marker)));
      int err = l.indexOf(", err: ");
      if (err >= 0) {
        answers.put(idx, "ERROR " + l.substring(err + 7));
      } else {
        answers.put(idx, lines[i + 2].strip().substring("got: ".length()));
      }
    }
    Files.delete(input);
    Files.delete(dir);
    return answers;
  }

  private static String metric(Labels l) {
    StringBuilder sb = new StringBuilder(l.get(Labels.METRIC_NAME)).append('{');
    boolean first = true;
    for (int i = 0; i < l.size(); i++) {
      if (l.name(i).equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(l.name(i)).append('=').append(GoStrings.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }

  private static String values(TreeMap<Long, Double> samples, long interval) {
    StringBuilder sb = new StringBuilder();
    long last = samples.lastKey();
    for (long t = 0; t <= last; t += interval) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      Double v = samples.get(t);
      if (v == null) {
        sb.append('_');
      } else if (StaleMarker.is(v)) {
        sb.append("stale");
      } else if (Double.isNaN(v)) {
        sb.append("NaN");
      } else if (Double.isInfinite(v)) {
        sb.append(v > 0 ? "Inf" : "-Inf");
      } else {
        sb.append(Double.toString(v));
      }
    }
    return sb.toString();
  }

  /** Compares promtool's answer with the script's expectation; null when they agree. */
  private static String compare(Script.Eval e, String answer) {
    if (answer != null && answer.startsWith("ERROR ")) {
      return e.fail() ? null : "Prometheus 2.42 fails: " + answer;
    }
    if (e.fail()) {
      return "Prometheus 2.42 succeeds: " + answer;
    }
    Map<Labels, Double> got = parseSamples(answer);
    Map<Labels, Double> want = new HashMap<>();
    if (e.scalar() != null) {
      want.put(Labels.EMPTY, e.scalar());
    }
    for (Script.SeriesDef d : e.series()) {
      want.put(d.labels(), d.slots().get(0).value());
    }
    if (!got.keySet().equals(want.keySet())) {
      return "series differ: Prometheus 2.42 " + got + " vs script " + want;
    }
    for (var w : want.entrySet()) {
      if (!ScriptRunner.almostEqual(w.getValue(), got.get(w.getKey()))) {
        return "value of " + w.getKey() + ": Prometheus 2.42 " + got.get(w.getKey()) + " vs script " + w.getValue();
      }
    }
    return null;
  }

  /** Parses promtool's "got:" list: {@code {a="b", c="d"} 1.5E+00, {} NaN} or "nil". */
  static Map<Labels, Double> parseSamples(String s) {
    Map<Labels, Double> out = new HashMap<>();
    if (s == null || s.equals("nil")) {
      return out;
    }
    int i = 0;
    while (i < s.length()) {
      int start = i;
      char quote = 0;
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '"') {
          quote = c;
        } else if (c == '}') {
          i++;
          break;
        }
      }
      Labels labels = PromqlParser.parseMetric(s.substring(start, i));
      int valueEnd = s.indexOf(", {", i);
      if (valueEnd < 0) {
        valueEnd = s.length();
      }
      out.put(labels, GoFloats.parseFloat(s.substring(i, valueEnd).strip()));
      i = valueEnd + (valueEnd < s.length() ? 2 : 0);
    }
    return out;
  }
}
