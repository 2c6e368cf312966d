package io.thanosj.promql.scripts;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.AtModifier;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.EngineOptions;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.engine.QueryOptions;
import io.thanosj.promql.parser.ParserOptions;
import io.thanosj.promql.parser.PromqlParser;
import io.thanosj.promql.scripts.Script.Slot;
import io.thanosj.promql.storage.MemoryQueryable;
import io.thanosj.promql.storage.Queryable;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.promql.value.MatrixSeries;
import io.thanosj.promql.value.MatrixValue;
import io.thanosj.promql.value.Sample;
import io.thanosj.promql.value.ScalarValue;
import io.thanosj.promql.value.Value;
import io.thanosj.promql.value.VectorValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes a test script the way Prometheus 2.53's promqltest does. In strict mode every instant
 * eval is also checked in range mode (T-1m..T+1m step 1m, the point at T) and, unless it reads the
 * evaluation time, with every selector pinned by {@code @ T} at other evaluation times.
 */
final class ScriptRunner {

  /** The outcome of one eval command. */
  record Outcome(int line, String expr, boolean basicPassed, String failure) {
    boolean passed() {
      return failure == null;
    }
  }

  private static final Set<String> TIME_FUNCTIONS = Set.of("days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

  private final Engine engine = new Engine(EngineOptions.defaults()
      .withMaxSamples(10_000)
      .withTimeout(Duration.ofSeconds(100))
      .withExperimentalFunctions(true));

  private final MemoryQueryable memory = new MemoryQueryable();
  private final Set<Labels> histogramSeries = new HashSet<>();

  /** Storage that refuses native histogram series, which the engine does not evaluate yet. */
  private final Queryable storage = new Queryable() {
    @Override
    public SeriesSet select(SelectHints hints, List<Matcher> matchers) {
      for (Labels l : histogramSeries) {
        boolean all = true;
        for (Matcher m : matchers) {
          all &= m.matches(l);
        }
        if (all) {
          throw new PromqlException(ErrorType.EXECUTION, "native histograms are not supported yet: " + l);
        }
      }
      return memory.select(hints, matchers);
    }
  };

  List<Outcome> run(Script script) {
    List<Outcome> out = new ArrayList<>();
    for (Script.Command c : script.commands()) {
      if (c instanceof Script.Clear) {
        memory.clear();
        histogramSeries.clear();
      } else if (c instanceof Script.Load l) {
        load(l);
      } else {
        out.add(eval((Script.Eval) c));
      }
    }
    return out;
  }

  private void load(Script.Load l) {
    // Within one load block the last definition of a series wins.
    Map<Labels, Script.SeriesDef> defs = new LinkedHashMap<>();
    for (Script.SeriesDef d : l.series()) {
      defs.put(d.labels(), d);
    }
    for (Script.SeriesDef d : defs.values()) {
      List<Slot> slots = d.slots();
      for (int k = 0; k < slots.size(); k++) {
        Slot s = slots.get(k);
        if (s.kind() == Slot.Kind.FLOAT) {
          memory.append(d.labels(), k * l.intervalMs(), s.value());
        } else if (s.kind() == Slot.Kind.HISTOGRAM) {
          histogramSeries.add(d.labels());
        }
      }
    }
  }

  private Outcome eval(Script.Eval e) {
    try {
      if (e.range()) {
        return new Outcome(e.line(), e.expr(), true, rangeEval(e));
      }
      String basic = instantCheck(e, e.expr(), e.start(), false);
      if (basic != null) {
        return new Outcome(e.line(), e.expr(), false, basic);
      }
      String strict = instantCheck(e, e.expr(), e.start(), true);
      if (strict == null) {
        for (long[] variant : atVariants(e)) {
          strict = instantCheck(e, atExpr, variant[0], true);
          if (strict != null) {
            strict = "with @ modifiers at " + variant[0] + "ms (" + atExpr + "): " + strict;
            break;
          }
        }
      }
      return new Outcome(e.line(), e.expr(), true, strict);
    } catch (RuntimeException ex) {
      return new Outcome(e.line(), e.expr(), false, "runner: " + ex);
    }
  }

  private String atExpr;

  /** Prometheus' atModifierTestCases: evaluation times, with atExpr set to the rewritten query. */
  private List<long[]> atVariants(Script.Eval e) {
    Expr parsed = PromqlParser.parse(e.expr(), ParserOptions.EXPERIMENTAL);
    boolean[] timeDependent = {false};
    Expr rewritten = pin(parsed, e.start(), timeDependent);
    if (timeDependent[0]) {
      return List.of();
    }
    atExpr = rewritten.toString();
    long ts = e.start();
    long[] times = ts == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
    List<long[]> out = new ArrayList<>();
    for (long t : times) {
      out.add(new long[] {t});
    }
    return out;
  }

  /** Sets @ ts on selectors and subqueries without a fixed @, not descending into pinned subqueries. */
  private static Expr pin(Expr e, long ts, boolean[] timeDependent) {
    if (e instanceof VectorSelector vs) {
      return vs.at().kind() == AtModifier.Kind.TIMESTAMP ? vs : vs.withAt(AtModifier.at(ts));
    }
    if (e instanceof MatrixSelector m) {
      VectorSelector vs = m.selector();
      return vs.at().kind() == AtModifier.Kind.TIMESTAMP ? m
          : new MatrixSelector(vs.withAt(AtModifier.at(ts)), m.rangeMs(), m.endPos());
    }
    if (e instanceof SubqueryExpr s) {
      if (s.at().kind() == AtModifier.Kind.TIMESTAMP) {
        return s;
      }
      return new SubqueryExpr(s.expr(), s.rangeMs(), s.stepMs(), s.offsetMs(), AtModifier.at(ts), s.endPos());
    }
    if (e instanceof Call c) {
      timeDependent[0] |= TIME_FUNCTIONS.contains(c.function().name());
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(pin(a, ts, timeDependent));
      }
      return new Call(c.function(), args, c.positionRange());
    }
    if (e instanceof AggregateExpr a) {
      Expr param = a.param() == null ? null : pin(a.param(), ts, timeDependent);
      return new AggregateExpr(a.op(), pin(a.expr(), ts, timeDependent), param, a.grouping(), a.without(),
          a.positionRange());
    }
    if (e instanceof BinaryExpr b) {
      return new BinaryExpr(b.op(), pin(b.lhs(), ts, timeDependent), pin(b.rhs(), ts, timeDependent), b.matching(),
          b.returnBool());
    }
    if (e instanceof ParenExpr p) {
      return new ParenExpr(pin(p.expr(), ts, timeDependent), p.positionRange());
    }
    if (e instanceof UnaryExpr u) {
      return new UnaryExpr(u.negate(), pin(u.expr(), ts, timeDependent), u.startPos());
    }
    return e;
  }

  /** One instant query (and, when strict, its range-mode check); null when it meets the expectation. */
  private String instantCheck(Script.Eval e, String expr, long t, boolean strict) {
    Value v;
    try {
      v = engine.instantQuery(storage, expr, t, QueryOptions.DEFAULT).value();
    } catch (PromqlException ex) {
      return e.fail() ? null : "error evaluating " + expr + ": " + ex.getMessage();
    }
    if (e.fail()) {
      return "expected an error evaluating " + expr + " but got none";
    }
    String r = compareInstant(e, v);
    if (r != null || !strict) {
      return r;
    }
    Value rv;
    try {
      rv = engine.rangeQuery(storage, expr, t - 60_000, t + 60_000, 60_000, QueryOptions.DEFAULT).value();
    } catch (PromqlException ex) {
      return "error evaluating " + expr + " in range mode: " + ex.getMessage();
    }
    if (e.ordered()) {
      return null;
    }
    MatrixValue m = (MatrixValue) rv;
    for (int i = 1; i < m.series().size(); i++) {
      if (Labels.compare(m.series().get(i - 1).labels(), m.series().get(i).labels()) >= 0) {
        return "range result is not sorted by labels";
      }
    }
    List<Sample> atT = new ArrayList<>();
    for (MatrixSeries s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamps()[i] == t) {
          atT.add(new Sample(s.labels(), t, s.values()[i]));
          break;
        }
      }
    }
    Value readBack = v instanceof ScalarValue ? new ScalarValue(t, atT.isEmpty() ? Double.NaN : atT.get(0).value())
        : new VectorValue(atT);
    String rr = compareInstant(e, readBack);
    return rr == null ? null : "range mode: " + rr;
  }

  private static String compareInstant(Script.Eval e, Value v) {
    if (e.scalar() != null) {
      if (!(v instanceof ScalarValue s)) {
        return "expected scalar " + e.scalar() + " but got " + v;
      }
      return almostEqual(e.scalar(), s.value()) ? null : "expected scalar " + e.scalar() + " but got " + s.value();
    }
    if (!(v instanceof VectorValue vec)) {
      return "expected a vector but got " + v;
    }
    Map<Labels, Integer> position = new HashMap<>();
    Map<Labels, Slot> expected = new HashMap<>();
    for (int i = 0; i < e.series().size(); i++) {
      Script.SeriesDef d = e.series().get(i);
      position.put(d.labels(), i + 1);
      expected.put(d.labels(), d.slots().get(0));
    }
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < vec.samples().size(); pos++) {
      Sample s = vec.samples().get(pos);
      Slot exp = expected.get(s.labels());
      if (exp == null) {
        return "unexpected metric " + s.labels() + " in result, has value " + s.value();
      }
      if (e.ordered() && position.get(s.labels()) != pos + 1) {
        return "expected metric " + s.labels() + " at position " + position.get(s.labels()) + " but was at " + (pos + 1);
      }
      if (exp.kind() == Slot.Kind.HISTOGRAM) {
        return "expected a native histogram for " + s.labels() + " but got float " + s.value();
      }
      if (!almostEqual(exp.value(), s.value())) {
        return "expected " + exp.value() + " for " + s.labels() + " but got " + s.value();
      }
      seen.add(s.labels());
    }
    for (Labels l : expected.keySet()) {
      if (!seen.contains(l)) {
        return "expected metric " + l + " not found";
      }
    }
    return null;
  }

  private String rangeEval(Script.Eval e) {
    MatrixValue m;
    try {
      m = (MatrixValue) engine.rangeQuery(storage, e.expr(), e.start(), e.end(), e.step(), QueryOptions.DEFAULT)
          .value();
    } catch (PromqlException ex) {
      return e.fail() ? null : "error evaluating " + e.expr() + ": " + ex.getMessage();
    }
    if (e.fail()) {
      return "expected an error but got none";
    }
    Map<Labels, Script.SeriesDef> expected = new HashMap<>();
    for (Script.SeriesDef d : e.series()) {
      expected.put(d.labels(), d);
    }
    Set<Labels> seen = new HashSet<>();
    for (MatrixSeries s : m.series()) {
      Script.SeriesDef d = expected.get(s.labels());
      if (d == null) {
        return "unexpected metric " + s.labels() + " in result";
      }
      seen.add(s.labels());
      List<long[]> expT = new ArrayList<>();
      List<Double> expV = new ArrayList<>();
      for (int i = 0; i < d.slots().size(); i++) {
        Slot slot = d.slots().get(i);
        long ts = e.start() + i * e.step();
        if (ts > e.end()) {
          return "expected more points than the query range can return";
        }
        if (slot.kind() == Slot.Kind.HISTOGRAM) {
          return "expected native histograms, which are not supported";
        }
        if (slot.kind() == Slot.Kind.FLOAT) {
          expT.add(new long[] {ts});
          expV.add(slot.value());
        }
      }
      if (expT.size() != s.size()) {
        return "expected " + expT.size() + " points for " + s.labels() + " but got " + s;
      }
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamps()[i] != expT.get(i)[0] || !almostEqual(expV.get(i), s.values()[i])) {
          return "unexpected point " + i + " for " + s.labels() + ": " + s;
        }
      }
    }
    for (Labels l : expected.keySet()) {
      if (!seen.contains(l)) {
        return "expected metric " + l + " not found";
      }
    }
    return null;
  }

  /** The runner's float comparison: relative 1e-6, NaN equals NaN, zero must be (nearly) exact. */
  static boolean almostEqual(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    double eps = 1e-6;
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < eps * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < eps;
  }
}
