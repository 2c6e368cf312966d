package io.thanosj.promql.eval;

import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import java.util.ArrayList;
import java.util.List;

/** Tree helpers shared by the analyses that run before evaluation. */
final class Exprs {

  private Exprs() {}

  /** The direct children of a node, in Prometheus' order (aggregation: expression, then parameter). */
  static List<Expr> children(Expr e) {
    List<Expr> out = new ArrayList<>(2);
    if (e instanceof AggregateExpr a) {
      out.add(a.expr());
      if (a.param() != null) {
        out.add(a.param());
      }
    } else if (e instanceof BinaryExpr b) {
      out.add(b.lhs());
      out.add(b.rhs());
    } else if (e instanceof Call c) {
      out.addAll(c.args());
    } else if (e instanceof SubqueryExpr s) {
      out.add(s.expr());
    } else if (e instanceof ParenExpr p) {
      out.add(p.expr());
    } else if (e instanceof UnaryExpr u) {
      out.add(u.expr());
    } else if (e instanceof MatrixSelector m) {
      out.add(m.selector());
    }
    return out;
  }
}
