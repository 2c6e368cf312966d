package io.thanosj.promql.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner itself must reject wrong answers, or passing scripts would prove nothing. */
class ScriptRunnerTest {

  private static List<ScriptRunner.Outcome> run(String script) {
    return new ScriptRunner().run(ScriptParser.parse("inline.test", script));
  }

  private static final String DATA = """
      load 1m
        m{a="1"} 1 2 3
        m{a="2"} 5 6 7

      """;

  @Test
  void detectsWrongValueMissingAndExtraSeries() {
    List<ScriptRunner.Outcome> o = run(DATA + """
        eval instant at 2m m
          m{a="1"} 3
          m{a="2"} 8

        eval instant at 2m m
          m{a="1"} 3

        eval instant at 2m m
          m{a="1"} 3
          m{a="2"} 7
          m{a="3"} 7

        eval instant at 2m m
          m{a="1"} 3
          m{a="2"} 7
        """);
    assertThat(o).extracting(ScriptRunner.Outcome::passed).containsExactly(false, false, false, true);
    assertThat(o.get(0).failure()).contains("expected 8.0");
  }

  @Test
  void detectsWrongOrderAndUnexpectedSuccess() {
    List<ScriptRunner.Outcome> o = run(DATA + """
        eval_ordered instant at 2m sort(m)
          m{a="2"} 7
          m{a="1"} 3

        eval_ordered instant at 2m sort_desc(m)
          m{a="2"} 7
          m{a="1"} 3

        eval_fail instant at 2m m

        eval_fail instant at 2m label_replace(m, "x", "y", "a", "(")

        eval instant at 2m scalar(m{a="1"})
          4
        """);
    assertThat(o).extracting(ScriptRunner.Outcome::passed).containsExactly(false, true, false, true, false);
  }

  @Test
  void parsesSeriesDescriptions() {
    Script.SeriesDef d = ScriptParser.seriesDescription("x{a=\"b c\"} 1+2x2 _x2 5 stale -1-1x1 {{schema:0 sum:1}}x1", 1);
    assertThat(d.labels().get("a")).isEqualTo("b c");
    assertThat(d.slots()).hasSize(3 + 2 + 1 + 1 + 2 + 2);
    assertThat(d.slots().get(2).value()).isEqualTo(5);
    assertThat(d.slots().get(3).kind()).isEqualTo(Script.Slot.Kind.OMITTED);
    assertThat(d.slots().get(8).value()).isEqualTo(-2);
    assertThat(d.slots().get(9).kind()).isEqualTo(Script.Slot.Kind.HISTOGRAM);
  }
}
