package io.thanosj.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.thanosj.labels.Labels;
import io.thanosj.promql.ast.Function;
import io.thanosj.promql.ast.Functions;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.storage.MemoryQueryable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated expressions, each parsed and evaluated as an instant and a range
 * query: every one must end in a result or a {@link PromqlException} (parse or execution error), never
 * another exception escaping the engine, and never run past a deadline. The seed is fixed so that a
 * failure names a reproducible query.
 */
class MalformedQueryFuzzTest {

  private static final long SEED = 0x5EED_7A05L;
  private static final Duration PER_QUERY_DEADLINE = Duration.ofSeconds(10);
  private static final String[] METRICS = {"a_total", "b", "h_bucket", "missing"};
  private static final String[] LABELS = {"job", "le", "instance", "__name__"};
  private static final String[] AGGREGATIONS = {"sum", "avg", "min", "max", "count", "stddev", "stdvar", "group"};
  private static final String[] PARAM_AGGREGATIONS = {"topk", "bottomk", "quantile", "count_values", "limitk"};
  private static final String[] BINARY = {"+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=",
      "and", "or", "unless", "atan2", "== bool", "> bool"};
  private static final String[] DURATIONS = {"1m", "30s", "5m", "1h", "0s", "1ms", "2m30s", "-1m", "1y", "99999999999d"};
  /** Fragments mutation splices in: the characters and tokens most likely to break a lexer or parser. */
  private static final String[] FRAGMENTS = {"(", ")", "[", "]", "{", "}", ",", "\"", "'", "`", "\\", "=~", "!~",
      "offset", "@", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", ":", "[1m:]",
      "Inf", "NaN", "-", "0x", "1e309", "\u00e9", "\n", "#", "\u0000", "start()", "end()", "5m", "le=\"+Inf\""};

  private static MemoryQueryable data;
  private static Engine engine;
  private static ExecutorService worker;

  @BeforeAll
  static void load() {
    data = new MemoryQueryable();
    for (int i = 0; i <= 40; i++) {
      long t = i * 15_000L;
      data.append(Labels.of("__name__", "a_total", "job", "x", "instance", "1"), t, i % 17 == 0 ? 0 : i * 3);
      data.append(Labels.of("__name__", "a_total", "job", "y", "instance", "2"), t, i * 5);
      data.append(Labels.of("__name__", "b", "job", "x"), t, i % 9 == 0 ? Double.NaN : Math.sin(i));
      for (String le : new String[] {"0.1", "1", "+Inf"}) {
        data.append(Labels.of("__name__", "h_bucket", "job", "x", "le", le), t, i * (le.equals("0.1") ? 1 : 2));
      }
    }
    engine = new Engine(EngineOptions.defaults().withExperimentalFunctions(true).withTimeout(Duration.ofSeconds(5))
        .withMaxSamples(200_000));
    worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-query");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  @Test
  void randomExpressionsEndInAResultOrAPromqlError() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    Outcomes outcomes = new Outcomes();
    for (int i = 0; i < 3000; i++) {
      outcomes.run(expr(rnd, 0));
    }
    System.out.println("random expressions: " + outcomes);
    // The generator must produce both kinds, or it is not testing the evaluator.
    assertThat(outcomes.results).isGreaterThan(300);
    assertThat(outcomes.errors).isGreaterThan(300);
  }

  @Test
  void mutatedExpressionsEndInAResultOrAPromqlError() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    Outcomes outcomes = new Outcomes();
    for (int i = 0; i < 3000; i++) {
      String query = expr(rnd, 0);
      int mutations = 1 + rnd.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        query = mutate(rnd, query);
      }
      outcomes.run(query);
    }
    System.out.println("mutated expressions: " + outcomes);
    assertThat(outcomes.errors).isGreaterThan(1000);
  }

  @Test
  void pathologicalInputsEndInAResultOrAPromqlError() {
    Outcomes outcomes = new Outcomes();
    outcomes.run("(".repeat(50_000) + "1" + ")".repeat(50_000));
    outcomes.run("-".repeat(100_000) + "1");
    outcomes.run("1" + " + 1".repeat(20_000));
    outcomes.run("a_total" + "[1m:1s]".repeat(2_000));
    outcomes.run("{" + "a=\"b\",".repeat(10_000) + "}");
    outcomes.run("\"" + "\\".repeat(10_001));
    outcomes.run("sum(a_total) by (" + "x,".repeat(10_000) + ")");
    outcomes.run("rate(a_total[" + "9".repeat(400) + "s])");
    outcomes.run("a_total offset " + "9".repeat(400) + "y");
    outcomes.run("a_total @ " + "9".repeat(400));
    outcomes.run("label_replace(a_total, \"x\", \"$1\", \"job\", \"" + "(a*)*".repeat(50) + "$\")");
    assertThat(outcomes.results + outcomes.errors).isEqualTo(22); // each as an instant and a range query
  }

  /** Counts outcomes; anything but a result or a PromqlException fails the test with the query. */
  private static final class Outcomes {
    int results;
    int errors;

    void run(String query) {
      once(query, () -> engine.instantQuery(data, query, 600_000));
      once(query, () -> engine.rangeQuery(data, query, 0, 600_000, 30_000));
    }

    private void once(String query, java.util.concurrent.Callable<QueryResult> call) {
      Future<QueryResult> f = worker.submit(call);
      try {
        f.get(PER_QUERY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        results++;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof PromqlException) {
          errors++;
        } else {
          throw new AssertionError("not a PromQL error for query: " + shorten(query), e.getCause());
        }
      } catch (TimeoutException e) {
        f.cancel(true);
        fail("no answer within %s for query: %s", PER_QUERY_DEADLINE, shorten(query));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public String toString() {
      return results + " results, " + errors + " PromQL errors";
    }
  }

  private static String shorten(String query) {
    return query.length() <= 300 ? query : query.substring(0, 300) + "… (" + query.length() + " chars)";
  }

  // ---- a loose generator: mostly well-formed, often ill-typed, sometimes wrong arity ----

  private static String expr(SplittableRandom rnd, int depth) {
    int pick = depth > 4 ? rnd.nextInt(3) : rnd.nextInt(11);
    return switch (pick) {
      case 0 -> selector(rnd);
      case 1 -> number(rnd);
      case 2 -> rnd.nextInt(4) == 0 ? "\"s" + rnd.nextInt(3) + "\"" : selector(rnd) + "[" + pick(rnd, DURATIONS) + "]";
      case 3, 4 -> call(rnd, depth);
      case 5 -> expr(rnd, depth + 1) + " " + pick(rnd, BINARY) + matching(rnd) + " " + expr(rnd, depth + 1);
      case 6 -> aggregation(rnd, depth);
      case 7 -> "(" + expr(rnd, depth + 1) + ")[" + pick(rnd, DURATIONS) + ":" + (rnd.nextBoolean() ? pick(rnd, DURATIONS) : "") + "]";
      case 8 -> "-" + expr(rnd, depth + 1);
      case 9 -> selector(rnd) + (rnd.nextBoolean() ? " offset " + pick(rnd, DURATIONS) : " @ " + atValue(rnd));
      default -> "(" + expr(rnd, depth + 1) + ")";
    };
  }

  private static String selector(SplittableRandom rnd) {
    StringBuilder s = new StringBuilder();
    boolean named = rnd.nextInt(5) != 0;
    if (named) {
      s.append(pick(rnd, METRICS));
    }
    int matchers = named ? rnd.nextInt(3) : 1 + rnd.nextInt(2);
    if (matchers > 0 || rnd.nextInt(6) == 0) {
      s.append('{');
      for (int i = 0; i < matchers; i++) {
        if (i > 0) {
          s.append(',');
        }
        String[] ops = {"=", "!=", "=~", "!~"};
        String[] values = {"x", "", ".+", "a|x", "(", "1", "a_total|b"};
        s.append(pick(rnd, LABELS)).append(pick(rnd, ops)).append('"').append(pick(rnd, values)).append('"');
      }
      s.append('}');
    }
    return s.toString();
  }

  private static String number(SplittableRandom rnd) {
    String[] numbers = {"1", "0", "-2.5", "1e3", "0x1F", "Inf", "-Inf", "NaN", "0.5", "100", "1e-300"};
    return pick(rnd, numbers);
  }

  private static String atValue(SplittableRandom rnd) {
    String[] at = {"start()", "end()", "100", "-5", "1e10", "0"};
    return pick(rnd, at);
  }

  private static String matching(SplittableRandom rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> " on(job)";
      case 1 -> " ignoring(instance)";
      case 2 -> " on(job) group_left";
      case 3 -> " ignoring(le) group_right(instance)";
      default -> "";
    };
  }

  private static String aggregation(SplittableRandom rnd, int depth) {
    String grouping = switch (rnd.nextInt(4)) {
      case 0 -> " by (job)";
      case 1 -> " without (instance, le)";
      case 2 -> " by ()";
      default -> "";
    };
    if (rnd.nextInt(3) == 0) {
      String param = rnd.nextBoolean() ? number(rnd) : "\"v\"";
      return pick(rnd, PARAM_AGGREGATIONS) + grouping + "(" + param + ", " + expr(rnd, depth + 1) + ")";
    }
    return pick(rnd, AGGREGATIONS) + "(" + expr(rnd, depth + 1) + ")" + grouping;
  }

  private static String call(SplittableRandom rnd, int depth) {
    List<Function> functions = new ArrayList<>(Functions.all().values());
    functions.sort((x, y) -> x.name().compareTo(y.name()));
    Function f = functions.get(rnd.nextInt(functions.size()));
    int args = f.argTypes().size() + (rnd.nextInt(8) == 0 ? rnd.nextInt(3) - 1 : 0);
    StringBuilder s = new StringBuilder(f.name()).append('(');
    for (int i = 0; i < args; i++) {
      if (i > 0) {
        s.append(", ");
      }
      ValueType type = i < f.argTypes().size() ? f.argTypes().get(i) : ValueType.SCALAR;
      s.append(argument(rnd, type, depth));
    }
    return s.append(')').toString();
  }

  private static String argument(SplittableRandom rnd, ValueType type, int depth) {
    if (rnd.nextInt(6) == 0) {
      return expr(rnd, depth + 1); // often the wrong type: the type checker must say so
    }
    return switch (type) {
      case MATRIX -> rnd.nextBoolean()
          ? selector(rnd) + "[" + pick(rnd, DURATIONS) + "]"
          : "(" + expr(rnd, depth + 1) + ")[" + pick(rnd, DURATIONS) + ":]";
      case STRING -> "\"" + pick(rnd, new String[] {"job", "x", "$1", "(.*)", "le", "", "__name__"}) + "\"";
      case SCALAR -> number(rnd);
      default -> expr(rnd, depth + 1);
    };
  }

  private static String mutate(SplittableRandom rnd, String query) {
    if (query.isEmpty()) {
      return pick(rnd, FRAGMENTS);
    }
    int at = rnd.nextInt(query.length() + 1);
    return switch (rnd.nextInt(5)) {
      case 0 -> query.substring(0, at) + query.substring(Math.min(query.length(), at + 1 + rnd.nextInt(4)));
      case 1 -> query.substring(0, at) + pick(rnd, FRAGMENTS) + query.substring(at);
      case 2 -> query.substring(0, at) + (char) (32 + rnd.nextInt(95)) + query.substring(at);
      case 3 -> query.substring(0, at) + query.substring(at, Math.min(query.length(), at + 6)).repeat(2) + query.substring(at);
      default -> query.substring(at) + query.substring(0, at);
    };
  }

  private static <T> T pick(SplittableRandom rnd, T[] values) {
    return values[rnd.nextInt(values.length)];
  }
}
