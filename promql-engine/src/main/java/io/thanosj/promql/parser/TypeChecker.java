package io.thanosj.promql.parser;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.AggregationOp;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.Function;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.PositionRange;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.ValueType;
import io.thanosj.promql.ast.VectorMatching;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.format.GoStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus' checkAST: type checks after a successful parse, in the same traversal order so the
 * first reported problem is the same. It also normalises binary vector matching as Prometheus
 * does (set operators become many-to-many; matching is dropped when a side is a scalar).
 */
final class TypeChecker {

  record Problem(PositionRange range, String message) {}

  private final String input;
  private final List<Problem> problems = new ArrayList<>();

  TypeChecker(String input) {
    this.input = input;
  }

  List<Problem> problems() {
    return problems;
  }

  private void error(PositionRange r, String msg) {
    problems.add(new Problem(r, msg));
  }

  Expr check(Expr e) {
    if (e instanceof AggregateExpr a) {
      Expr inner = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
      Expr param = a.param();
      if (a.op() == AggregationOp.TOPK || a.op() == AggregationOp.BOTTOMK || a.op() == AggregationOp.QUANTILE) {
        param = expectType(param, ValueType.SCALAR, "aggregation parameter");
      }
      if (a.op() == AggregationOp.COUNT_VALUES) {
        param = expectType(param, ValueType.STRING, "aggregation parameter");
      }
      return new AggregateExpr(a.op(), inner, param, a.grouping(), a.without(), a.positionRange());
    }
    if (e instanceof BinaryExpr b) {
      return checkBinary(b);
    }
    if (e instanceof Call c) {
      return checkCall(c);
    }
    if (e instanceof ParenExpr p) {
      return new ParenExpr(check(p.expr()), p.positionRange());
    }
    if (e instanceof UnaryExpr u) {
      Expr inner = check(u.expr());
      ValueType t = inner.type();
      if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
        error(u.positionRange(), "unary expression only allowed on expressions of type scalar or instant vector, got "
            + GoStrings.quote(t.documented()));
      }
      return new UnaryExpr(u.negate(), inner, u.startPos());
    }
    if (e instanceof SubqueryExpr s) {
      Expr inner = check(s.expr());
      if (inner.type() != ValueType.VECTOR) {
        error(s.positionRange(), "subquery is only allowed on instant vector, got " + inner.type().text() + " instead");
      }
      return new SubqueryExpr(inner, s.rangeMs(), s.stepMs(), s.offsetMs(), s.at(), s.endPos());
    }
    if (e instanceof MatrixSelector m) {
      check(m.selector());
      return m;
    }
    if (e instanceof VectorSelector v) {
      checkSelector(v);
      return v;
    }
    return e;
  }

  private Expr expectType(Expr e, ValueType want, String context) {
    Expr checked = check(e);
    ValueType t = checked.type();
    if (t != want) {
      error(e.positionRange(), "expected type " + want.documented() + " in " + context + ", got " + t.documented());
    }
    return checked;
  }

  private void checkSelector(VectorSelector v) {
    List<Matcher> ms = v.matchers();
    if (!v.name().isEmpty()) {
      // The last matcher is the one implied by the name outside the braces.
      for (int i = 0; i < ms.size() - 1; i++) {
        if (ms.get(i).name().equals(Labels.METRIC_NAME)) {
          error(v.positionRange(), "metric name must not be set twice: " + GoStrings.quote(v.name()) + " or "
              + GoStrings.quote(ms.get(i).value()));
        }
      }
      return;
    }
    for (Matcher m : ms) {
      if (!m.matchesEmpty()) {
        return;
      }
    }
    error(v.positionRange(), "vector selector must contain at least one non-empty matcher");
  }

  private Expr checkCall(Call c) {
    Function f = c.function();
    int nargs = f.argTypes().size();
    if (f.variadic() == 0) {
      if (nargs != c.args().size()) {
        error(c.positionRange(), "expected " + nargs + " argument(s) in call to " + GoStrings.quote(f.name())
            + ", got " + c.args().size());
      }
    } else {
      int na = nargs - 1;
      if (na > c.args().size()) {
        error(c.positionRange(), "expected at least " + na + " argument(s) in call to " + GoStrings.quote(f.name())
            + ", got " + c.args().size());
      } else if (f.variadic() > 0 && na + f.variadic() < c.args().size()) {
        error(c.positionRange(), "expected at most " + (na + f.variadic()) + " argument(s) in call to "
            + GoStrings.quote(f.name()) + ", got " + c.args().size());
      }
    }
    List<Expr> args = new ArrayList<>(c.args().size());
    boolean stopTyping = false;
    for (int i = 0; i < c.args().size(); i++) {
      Expr arg = c.args().get(i);
      int typeIndex = i;
      if (!stopTyping && i >= nargs) {
        if (f.variadic() == 0) {
          stopTyping = true;
        } else {
          typeIndex = nargs - 1;
        }
      }
      if (stopTyping) {
        args.add(arg);
      } else {
        args.add(expectType(arg, f.argTypes().get(typeIndex), "call to function " + GoStrings.quote(f.name())));
      }
    }
    return new Call(f, args, c.positionRange());
  }

  private Expr checkBinary(BinaryExpr b) {
    Expr lhs = check(b.lhs());
    Expr rhs = check(b.rhs());
    ValueType lt = lhs.type();
    ValueType rt = rhs.type();
    VectorMatching vm = b.matching();
    PositionRange whole = PositionRange.merge(lhs.positionRange(), rhs.positionRange());
    if (b.returnBool() && !b.op().isComparison()) {
      error(opRange(lhs, rhs), "bool modifier can only be used on comparison operators");
    }
    if (b.op().isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      error(opRange(lhs, rhs), "comparisons between scalars must use BOOL modifier");
    }
    if (b.op().isSetOperator() && vm != null && vm.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
      vm = vm.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
    }
    if (vm != null && vm.on()) {
      for (String l1 : vm.matchingLabels()) {
        for (String l2 : vm.include()) {
          if (l1.equals(l2)) {
            error(opRange(lhs, rhs), "label " + GoStrings.quote(l1) + " must not occur in ON and GROUP clause at once");
          }
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      error(lhs.positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      error(rhs.positionRange(), "binary expression must contain only scalar and instant vector types");
    }
    if ((lt != ValueType.VECTOR || rt != ValueType.VECTOR) && vm != null) {
      if (!vm.matchingLabels().isEmpty()) {
        error(whole, "vector matching only allowed between instant vectors");
      }
      vm = null;
    } else if (b.op().isSetOperator() && vm != null) {
      if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY || vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
        error(whole, "no grouping allowed for " + GoStrings.quote(b.op().text()) + " operation");
      }
      if (vm.card() != VectorMatching.Cardinality.MANY_TO_MANY) {
        error(whole, "set operations must always be many-to-many");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
      error(whole, "set operator " + GoStrings.quote(b.op().text()) + " not allowed in binary scalar expression");
    }
    return new BinaryExpr(b.op(), lhs, rhs, vm, b.returnBool());
  }

  /** The operator's span: from the end of the left side to the start of the right, trimmed of spaces. */
  private PositionRange opRange(Expr lhs, Expr rhs) {
    int start = lhs.positionRange().end();
    while (start < input.length() && Lexer.isSpace(input.charAt(start))) {
      start++;
    }
    int end = rhs.positionRange().start() - 1;
    while (end > 0 && Lexer.isSpace(input.charAt(end))) {
      end--;
    }
    return new PositionRange(start, end);
  }
}
