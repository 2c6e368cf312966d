package io.thanosj.promql.eval;

import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.NumberLiteral;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.VectorSelector;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which subtrees give the same answer at every step, so a range query evaluates them once and
 * repeats the result (Prometheus' StepInvariantExpr): selectors and subqueries pinned with @, and
 * what is built only from such nodes and literals — except functions that read the evaluation
 * time or sample timestamps.
 */
final class StepInvariance {

  /** Prometheus' AtModifierUnsafeFunctions. */
  static final Set<String> TIME_DEPENDENT = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
      "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

  private final Map<Expr, Boolean> invariant = new IdentityHashMap<>();

  StepInvariance(Expr root) {
    compute(root);
  }

  boolean isInvariant(Expr e) {
    Boolean b = invariant.get(e);
    return b != null && b && !(e instanceof NumberLiteral) && !(e instanceof StringLiteral);
  }

  private boolean compute(Expr e) {
    boolean r;
    if (e instanceof VectorSelector vs) {
      r = vs.at().isSet();
    } else if (e instanceof AggregateExpr a) {
      r = compute(a.expr());
      if (a.param() != null) {
        compute(a.param());
      }
    } else if (e instanceof BinaryExpr b) {
      boolean l = compute(b.lhs());
      boolean rr = compute(b.rhs());
      r = l && rr;
    } else if (e instanceof Call c) {
      r = !TIME_DEPENDENT.contains(c.function().name());
      for (Expr arg : c.args()) {
        r &= compute(arg);
      }
    } else if (e instanceof MatrixSelector m) {
      r = compute(m.selector());
    } else if (e instanceof SubqueryExpr s) {
      compute(s.expr());
      r = s.at().isSet();
    } else if (e instanceof ParenExpr p) {
      r = compute(p.expr());
    } else if (e instanceof UnaryExpr u) {
      r = compute(u.expr());
    } else {
      r = true;
    }
    invariant.put(e, r);
    return r;
  }
}
