package io.thanosj.promql.eval;

import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives for each selector what Prometheus passes in SelectHints: the nearest enclosing function
 * or aggregation (stopping at a binary operator), the range of an enclosing range selector, and the
 * grouping of a directly enclosing aggregation.
 */
final class SelectorContexts {

  private SelectorContexts() {}

  static Map<VectorSelector, Selectors.Context> of(Expr root) {
    Map<VectorSelector, Selectors.Context> out = new IdentityHashMap<>();
    walk(root, new ArrayList<>(), out);
    return out;
  }

  private static void walk(Expr e, List<Expr> path, Map<VectorSelector, Selectors.Context> out) {
    if (e instanceof VectorSelector vs) {
      long range = 0;
      if (!path.isEmpty() && path.get(path.size() - 1) instanceof MatrixSelector m) {
        range = m.rangeMs();
      }
      List<String> grouping = List.of();
      boolean by = false;
      if (!path.isEmpty() && path.get(path.size() - 1) instanceof AggregateExpr a) {
        grouping = a.grouping();
        by = !a.without();
      }
      out.put(vs, new Selectors.Context(func(path), range, grouping, by));
      return;
    }
    path.add(e);
    for (Expr c : Exprs.children(e)) {
      walk(c, path, out);
    }
    path.remove(path.size() - 1);
  }

  private static String func(List<Expr> path) {
    for (int i = path.size() - 1; i >= 0; i--) {
      Expr p = path.get(i);
      if (p instanceof AggregateExpr a) {
        return a.op().text();
      }
      if (p instanceof Call c) {
        return c.function().name();
      }
      if (p instanceof BinaryExpr) {
        return "";
      }
    }
    return "";
  }
}
