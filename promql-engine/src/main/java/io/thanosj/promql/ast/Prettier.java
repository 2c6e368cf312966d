package io.thanosj.promql.ast;

import io.thanosj.promql.format.GoStrings;
import java.util.List;

/** Prometheus' Prettify: split nodes whose single-line form is longer than 100 bytes, indent by two. */
final class Prettier {

  private static final int MAX_LINE = 100;

  private Prettier() {}

  static String pretty(Expr e, int level) {
    String ind = indent(level);
    if (e instanceof AggregateExpr a) {
      if (!needsSplit(a)) {
        return ind + a;
      }
      StringBuilder sb = new StringBuilder(ind).append(Printer.aggregateOp(a)).append("(\n");
      if (a.param() != null) {
        sb.append(pretty(a.param(), level + 1)).append(",\n");
      }
      return sb.append(pretty(a.expr(), level + 1)).append('\n').append(ind).append(')').toString();
    } else if (e instanceof BinaryExpr b) {
      if (!needsSplit(b)) {
        return ind + b;
      }
      return pretty(b.lhs(), level + 1) + "\n" + ind + b.op().text() + (b.returnBool() ? " bool" : "")
          + Printer.matching(b) + "\n" + pretty(b.rhs(), level + 1);
    } else if (e instanceof Call c) {
      if (!needsSplit(c)) {
        return ind + c;
      }
      return ind + c.function().name() + "(\n" + args(c.args(), level + 1) + "\n" + ind + ")";
    } else if (e instanceof ParenExpr p) {
      if (!needsSplit(p)) {
        return ind + p;
      }
      return ind + "(\n" + pretty(p.expr(), level + 1) + "\n" + ind + ")";
    } else if (e instanceof SubqueryExpr s) {
      if (!needsSplit(s)) {
        return s.toString();
      }
      return pretty(s.expr(), level) + Printer.subquerySuffix(s);
    } else if (e instanceof UnaryExpr u) {
      return ind + (u.negate() ? "-" : "+") + pretty(u.expr(), level).strip();
    }
    return ind + e;
  }

  private static String args(List<Expr> args, int level) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(",\n");
      }
      sb.append(pretty(args.get(i), level));
    }
    return sb.toString();
  }

  private static boolean needsSplit(Expr e) {
    String s = e.toString();
    return GoStrings.utf8Length(s, s.length()) > MAX_LINE;
  }

  private static String indent(int level) {
    return "  ".repeat(level);
  }
}
