package io.thanosj.promql.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs PromQL test scripts in strict mode (Prometheus' own runner semantics): our scripts in
 * src/test/resources/promql always, and Prometheus 2.53's corpus from {@code shared/promql-tests}
 * (found by walking up from the module directory, or at $THANOSJ_PROMQL_TESTS) when present.
 *
 * <p>Each file is one test that prints its counts and fails on any failing eval. The only tolerated
 * failures are listed in {@code promql/corpus-expected-failures.txt}: evals of
 * native_histograms.test, because native histograms are not evaluated yet (the engine says so
 * with an error rather than computing wrong numbers). An eval on that list that passes fails the
 * test too, so the list stays exact.
 */
class PromqlScriptsTest {

  private static final Path OWN_SCRIPTS = Paths.get("src/test/resources/promql");

  @TestFactory
  Stream<DynamicTest> ownScripts() throws IOException {
    List<Path> files = scripts(OWN_SCRIPTS);
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runFile(f, Set.of())));
  }

  @TestFactory
  Stream<DynamicTest> prometheusCorpus() throws IOException {
    Path corpus = corpusDirectory();
    if (corpus == null) {
      Assumptions.abort("Prometheus' PromQL test corpus not found: looked for shared/promql-tests above "
          + Paths.get("").toAbsolutePath() + " and at $THANOSJ_PROMQL_TESTS; only our own scripts ran");
    }
    Set<String> expectedFailures = expectedFailures();
    return scripts(corpus).stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runFile(f, expectedFailures)));
  }

  static Path corpusDirectory() {
    String env = System.getenv("THANOSJ_PROMQL_TESTS");
    if (env != null && !env.isBlank()) {
      Path p = Paths.get(env);
      return Files.isDirectory(p) ? p : null;
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("promql-tests");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<Path> scripts(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
  }

  private static Set<String> expectedFailures() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(OWN_SCRIPTS.resolve("corpus-expected-failures.txt"))) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  private static void runFile(Path file, Set<String> expectedFailures) throws IOException {
    String name = file.getFileName().toString();
    Script script = ScriptParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
    List<ScriptRunner.Outcome> outcomes = new ScriptRunner().run(script);
    int passed = 0;
    int basicPassed = 0;
    int expectedFailed = 0;
    List<String> failures = new ArrayList<>();
    for (ScriptRunner.Outcome o : outcomes) {
      String key = name + ":" + o.line();
      boolean tolerated = expectedFailures.contains(key);
      if (o.basicPassed()) {
        basicPassed++;
      }
      if (o.passed()) {
        passed++;
        if (tolerated) {
          failures.add(key + " is listed as an expected failure but passes: remove it from the list");
        }
      } else if (tolerated) {
        expectedFailed++;
      } else {
        failures.add(key + ": " + o.expr() + "\n    " + o.failure());
      }
    }
    String summary = String.format("%-26s %4d evals: %4d pass (strict), %4d pass (basic), %3d expected failures,"
        + " %3d unexpected failures", name, outcomes.size(), passed, basicPassed, expectedFailed, failures.size());
    System.out.println(summary);
    for (String f : failures) {
      System.out.println("  FAIL " + f);
    }
    assertThat(failures).as(summary).isEmpty();
  }
}
