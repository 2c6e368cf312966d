package io.thanosj.promql.ast;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.promql.format.Durations;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import java.util.ArrayList;
import java.util.List;

/** Prometheus' canonical single-line form of an expression ({@code Expr.String()} in Go). */
public final class Printer {

  private Printer() {}

  public static String print(Expr e) {
    if (e instanceof NumberLiteral n) {
      return GoFloats.formatG(n.value());
    } else if (e instanceof StringLiteral s) {
      return GoStrings.quote(s.value());
    } else if (e instanceof ParenExpr p) {
      return "(" + print(p.expr()) + ")";
    } else if (e instanceof UnaryExpr u) {
      return (u.negate() ? "-" : "+") + print(u.expr());
    } else if (e instanceof VectorSelector v) {
      return selector(v, true);
    } else if (e instanceof MatrixSelector m) {
      return selector(m.selector(), false) + "[" + Durations.format(m.rangeMs()) + "]"
          + at(m.selector().at()) + offset(m.selector().offsetMs());
    } else if (e instanceof SubqueryExpr s) {
      return print(s.expr()) + subquerySuffix(s);
    } else if (e instanceof Call c) {
      return c.function().name() + "(" + join(c.args()) + ")";
    } else if (e instanceof AggregateExpr a) {
      return aggregate(a);
    }
    BinaryExpr b = (BinaryExpr) e;
    return print(b.lhs()) + " " + b.op().text() + (b.returnBool() ? " bool" : "") + matching(b) + " "
        + print(b.rhs());
  }

  static String join(List<Expr> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(print(args.get(i)));
    }
    return sb.toString();
  }

  private static String aggregate(AggregateExpr a) {
    StringBuilder sb = new StringBuilder(aggregateOp(a)).append('(');
    if (a.param() != null) {
      sb.append(print(a.param())).append(", ");
    }
    return sb.append(print(a.expr())).append(')').toString();
  }

  static String aggregateOp(AggregateExpr a) {
    if (a.without()) {
      return a.op().text() + " without (" + String.join(", ", a.grouping()) + ") ";
    }
    if (!a.grouping().isEmpty()) {
      return a.op().text() + " by (" + String.join(", ", a.grouping()) + ") ";
    }
    return a.op().text();
  }

  static String matching(BinaryExpr b) {
    VectorMatching vm = b.matching();
    if (vm == null || (vm.matchingLabels().isEmpty() && !vm.on())) {
      return "";
    }
    String s = " " + (vm.on() ? "on" : "ignoring") + " (" + String.join(", ", vm.matchingLabels()) + ")";
    if (vm.card() == VectorMatching.Cardinality.MANY_TO_ONE || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY) {
      String side = vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? "left" : "right";
      s += " group_" + side + " (" + String.join(", ", vm.include()) + ")";
    }
    return s;
  }

  static String subquerySuffix(SubqueryExpr s) {
    String step = s.stepMs() != 0 ? Durations.format(s.stepMs()) : "";
    return "[" + Durations.format(s.rangeMs()) + ":" + step + "]" + at(s.at()) + offset(s.offsetMs());
  }

  private static String selector(VectorSelector v, boolean withModifiers) {
    List<String> parts = new ArrayList<>(v.matchers().size());
    for (Matcher m : v.matchers()) {
      // The matcher implied by a metric name written outside the braces is not printed again.
      if (m.name().equals(Labels.METRIC_NAME) && m.type() == Matcher.Type.EQ && m.value().equals(v.name())
          && !m.value().isEmpty()) {
        continue;
      }
      parts.add(matcher(m));
    }
    String suffix = withModifiers ? at(v.at()) + offset(v.offsetMs()) : "";
    if (parts.isEmpty()) {
      return v.name() + suffix;
    }
    parts.sort(StringOrder.UTF8);
    return v.name() + "{" + String.join(",", parts) + "}" + suffix;
  }

  /** Prometheus' Matcher.String(): the name is quoted only when it is not a plain identifier. */
  public static String matcher(Matcher m) {
    String name = m.name();
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        plain = false;
        break;
      }
    }
    return (plain || name.isEmpty() ? name : GoStrings.quote(name)) + m.type().symbol() + GoStrings.quote(m.value());
  }

  static String at(AtModifier at) {
    return switch (at.kind()) {
      case NONE -> "";
      case TIMESTAMP -> " @ " + GoFloats.formatFixed(at.timestampMs() / 1000.0, 3);
      case START -> " @ start()";
      case END -> " @ end()";
    };
  }

  static String offset(long offsetMs) {
    if (offsetMs > 0) {
      return " offset " + Durations.format(offsetMs);
    }
    if (offsetMs < 0) {
      return " offset -" + Durations.format(-offsetMs);
    }
    return "";
  }
}
