package io.thanosj.promql.scripts;

import io.thanosj.labels.Labels;
import java.util.List;

/** A parsed PromQL test script (Prometheus' .test format, described in shared/promql-tests/FORMAT.md). */
record Script(String name, List<Command> commands) {

  sealed interface Command permits Load, Clear, Eval {
    int line();
  }

  /** One produced slot of a series description: a float, a histogram, or nothing. */
  record Slot(Kind kind, double value) {
    enum Kind {
      FLOAT,
      HISTOGRAM,
      OMITTED
    }

    static final Slot OMITTED = new Slot(Kind.OMITTED, 0);
    static final Slot HISTOGRAM = new Slot(Kind.HISTOGRAM, 0);
  }

  record SeriesDef(Labels labels, List<Slot> slots) {}

  record Load(int line, long intervalMs, List<SeriesDef> series) implements Command {}

  record Clear(int line) implements Command {}

  /**
   * An eval command. For instant evals {@code start == end} and step is 0. {@code scalar} is non-null
   * when a scalar result is expected; otherwise {@code series} lists the expected series in the order
   * written (empty = empty result).
   */
  record Eval(int line, String expr, boolean range, boolean fail, boolean ordered, long start, long end, long step,
      Double scalar, List<SeriesDef> series) implements Command {}
}
