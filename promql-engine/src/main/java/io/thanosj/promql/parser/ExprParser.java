package io.thanosj.promql.parser;

import io.thanosj.labels.InvalidMatcherException;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.AggregationOp;
import io.thanosj.promql.ast.AtModifier;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.BinaryOp;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.Function;
import io.thanosj.promql.ast.Functions;
import io.thanosj.promql.ast.MatrixSelector;
import io.thanosj.promql.ast.NumberLiteral;
import io.thanosj.promql.ast.ParenExpr;
import io.thanosj.promql.ast.PositionRange;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.ast.SubqueryExpr;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.VectorMatching;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.format.Durations;
import io.thanosj.promql.format.GoFloats;
import io.thanosj.promql.format.GoStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for PromQL that reports errors the way Prometheus' yacc grammar does.
 *
 * <p>Prometheus' LALR parser recovers from a syntax error by unwinding to the innermost rule that
 * has an {@code error} alternative, and that rule decides the message ("in grouping opts",
 * "in label matching", "in offset", "in @", "in subquery selector", "in aggregation"). Each
 * parse method below reports the message its grammar counterpart would. Semantic errors found while
 * parsing (unknown function, bad duration, invalid regexp, …) are collected and parsing goes on,
 * as in Prometheus; the first error recorded is the one reported.
 */
final class ExprParser {

  /** Unwinds the parse after a syntax error; the error itself is already recorded. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super(null, null, false, false);
    }
  }

  private record PendingError(PositionRange range, String message) {}

  private final String input;
  private final ParserOptions options;
  private final Lexer lexer;
  private final List<PendingError> errors = new ArrayList<>();
  private Item lookahead;
  private int lastClosing;
  private int aggregationDepth;

  ExprParser(String input, ParserOptions options) {
    this.input = input;
    this.options = options;
    this.lexer = new Lexer(input);
  }

  Expr parseExpression() {
    Expr expr = null;
    try {
      if (peek().type() == ItemType.EOF) {
        addError(new PositionRange(0, 0), "no expression found in input");
      } else {
        expr = parseExpr(0);
        if (peek().type() != ItemType.EOF) {
          unexpected("", "");
        }
      }
    } catch (SyntaxError e) {
      // recorded
    }
    if (errors.isEmpty()) {
      TypeChecker checker = new TypeChecker(input);
      expr = checker.check(expr);
      for (TypeChecker.Problem p : checker.problems()) {
        addError(p.range(), p.message());
      }
    }
    throwIfErrors();
    return expr;
  }

  /** A series description's metric part: {@code name{l="v", …}} or {@code {…}} → labels. */
  Labels parseMetric() {
    Labels.Builder b = new Labels.Builder();
    try {
      Item t = peek();
      if (isMetricIdentifier(t.type())) {
        consume();
        b.set(Labels.METRIC_NAME, t.val());
      }
      if (peek().type() == ItemType.LEFT_BRACE) {
        parseLabelSet(b);
      }
      if (peek().type() != ItemType.EOF) {
        unexpected("", "");
      }
    } catch (SyntaxError e) {
      // recorded
    }
    throwIfErrors();
    return b.build();
  }

  private void parseLabelSet(Labels.Builder b) {
    consume(); // {
    if (peek().type() == ItemType.RIGHT_BRACE) {
      consume();
      return;
    }
    while (true) {
      Item name = peek();
      if (name.type() != ItemType.IDENTIFIER) {
        unexpected("label set", "identifier or \"}\"");
      }
      consume();
      if (peek().type() != ItemType.EQL) {
        unexpected("label set", "\"=\"");
      }
      consume();
      if (peek().type() != ItemType.STRING) {
        unexpected("label set", "string");
      }
      b.set(name.val(), unquote(consume()));
      Item sep = peek();
      if (sep.type() == ItemType.COMMA) {
        consume();
        if (peek().type() == ItemType.RIGHT_BRACE) {
          consume();
          return;
        }
      } else if (sep.type() == ItemType.RIGHT_BRACE) {
        consume();
        return;
      } else {
        unexpected("label set", "\",\" or \"}\"");
      }
    }
  }

  /** A bare vector selector such as {@code up{job="x"}}, as used by the series API's match[]. */
  VectorSelector parseVectorSelectorOnly() {
    VectorSelector vs = null;
    try {
      Item t = peek();
      if (isMetricIdentifier(t.type()) || t.type() == ItemType.LEFT_BRACE) {
        vs = parseVectorSelector();
      } else {
        unexpected("", "");
      }
      if (peek().type() != ItemType.EOF) {
        unexpected("", "");
      }
    } catch (SyntaxError e) {
      // recorded
    }
    if (errors.isEmpty()) {
      TypeChecker checker = new TypeChecker(input);
      checker.check(vs);
      for (TypeChecker.Problem p : checker.problems()) {
        addError(p.range(), p.message());
      }
    }
    throwIfErrors();
    return vs;
  }

  private void throwIfErrors() {
    if (!errors.isEmpty()) {
      PendingError first = errors.get(0);
      throw new ParseException(first.range(), first.message(), input);
    }
  }

  // ---------------------------------------------------------------- tokens

  private Item peek() {
    if (lookahead == null) {
      lookahead = lex();
    }
    return lookahead;
  }

  private Item consume() {
    Item t = peek();
    lookahead = null;
    return t;
  }

  private Item lex() {
    Item t;
    do {
      t = lexer.nextItem();
    } while (t.type() == ItemType.COMMENT);
    switch (t.type()) {
      case ERROR -> {
        addError(new PositionRange(lexer.start(), input.length()), t.val());
        throw new SyntaxError();
      }
      case RIGHT_BRACE, RIGHT_PAREN, RIGHT_BRACKET, DURATION, NUMBER -> lastClosing = t.pos() + t.val().length();
      default -> {
        // nothing to track
      }
    }
    return t;
  }

  private void addError(PositionRange range, String message) {
    errors.add(new PendingError(range, message));
  }

  /** Records Prometheus' "unexpected X in context, expected Y" for the lookahead and unwinds. */
  private SyntaxError unexpected(String context, String expected) {
    Item t = peek();
    StringBuilder sb = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      sb.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      sb.append(", expected ").append(expected);
    }
    addError(t.range(), sb.toString());
    throw new SyntaxError();
  }

  /** An error inside an expression: yacc unwinds to an enclosing aggregation if there is one. */
  private SyntaxError unexpectedInExpression() {
    return aggregationDepth > 0 ? unexpected("aggregation", "") : unexpected("", "");
  }

  // ---------------------------------------------------------------- expressions

  private static BinaryOp binaryOp(ItemType t) {
    return switch (t) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case ATAN2 -> BinaryOp.ATAN2;
      case EQLC -> BinaryOp.EQLC;
      case NEQ -> BinaryOp.NEQ;
      case LTE -> BinaryOp.LTE;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case GTR -> BinaryOp.GTR;
      case LAND -> BinaryOp.LAND;
      case LOR -> BinaryOp.LOR;
      case LUNLESS -> BinaryOp.LUNLESS;
      default -> null;
    };
  }

  /** Precedence climbing over binary operators; postfix modifiers bind tighter than any of them. */
  private Expr parseExpr(int minPrecedence) {
    Expr lhs = parseUnary();
    while (true) {
      BinaryOp op = binaryOp(peek().type());
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      consume();
      boolean returnBool = false;
      if (peek().type() == ItemType.BOOL) {
        consume();
        returnBool = true;
      }
      VectorMatching matching = VectorMatching.oneToOne();
      ItemType t = peek().type();
      if (t == ItemType.ON || t == ItemType.IGNORING) {
        consume();
        List<String> labels = parseGroupingLabels();
        matching = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, labels, t == ItemType.ON, List.of());
        ItemType g = peek().type();
        if (g == ItemType.GROUP_LEFT || g == ItemType.GROUP_RIGHT) {
          consume();
          // A "(" right after group_x always starts its label list (yacc prefers the shift).
          List<String> include = peek().type() == ItemType.LEFT_PAREN ? parseGroupingLabels() : List.of();
          VectorMatching.Cardinality card = g == ItemType.GROUP_LEFT
              ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
          matching = new VectorMatching(card, labels, t == ItemType.ON, include);
        }
      }
      Expr rhs = parseExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = new BinaryExpr(op, lhs, rhs, matching, returnBool);
    }
  }

  private Expr parseUnary() {
    Item t = peek();
    if (t.type() == ItemType.ADD || t.type() == ItemType.SUB) {
      consume();
      // Unary operators have the precedence of multiplication: only ^ binds tighter.
      Expr operand = parseExpr(BinaryOp.POW.precedence());
      boolean negate = t.type() == ItemType.SUB;
      if (operand instanceof NumberLiteral n) {
        double v = negate ? -n.value() : n.value();
        return new NumberLiteral(v, new PositionRange(t.pos(), n.positionRange().end()));
      }
      return new UnaryExpr(negate, operand, t.pos());
    }
    return parsePostfix(parsePrimary());
  }

  private Expr parsePostfix(Expr e) {
    while (true) {
      switch (peek().type()) {
        case OFFSET -> e = parseOffset(e);
        case AT -> e = parseAt(e);
        case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
        default -> {
          return e;
        }
      }
    }
  }

  private Expr parsePrimary() {
    Item t = peek();
    switch (t.type()) {
      case NUMBER -> {
        consume();
        return new NumberLiteral(number(t), t.range());
      }
      case STRING -> {
        consume();
        return new StringLiteral(unquote(t), t.range());
      }
      case LEFT_PAREN -> {
        consume();
        Expr inner = parseExpr(0);
        Item close = peek();
        if (close.type() != ItemType.RIGHT_PAREN) {
          throw unexpectedInExpression();
        }
        consume();
        return new ParenExpr(inner, new PositionRange(t.pos(), close.pos() + 1));
      }
      case LEFT_BRACE -> {
        return parseVectorSelector();
      }
      case IDENTIFIER -> {
        consume();
        if (peek().type() == ItemType.LEFT_PAREN) {
          return parseCall(t);
        }
        return finishVectorSelector(t);
      }
      default -> {
        if (t.type().isAggregator()) {
          consume();
          ItemType next = peek().type();
          if (next == ItemType.LEFT_PAREN || next == ItemType.BY || next == ItemType.WITHOUT) {
            return parseAggregation(t);
          }
          return finishVectorSelector(t);
        }
        if (isMetricIdentifier(t.type())) {
          consume();
          return finishVectorSelector(t);
        }
        throw unexpectedInExpression();
      }
    }
  }

  private static boolean isMetricIdentifier(ItemType t) {
    return switch (t) {
      case AVG, BOTTOMK, BY, COUNT, COUNT_VALUES, GROUP, IDENTIFIER, LAND, LOR, LUNLESS, MAX, METRIC_IDENTIFIER,
          MIN, OFFSET, QUANTILE, STDDEV, STDVAR, SUM, TOPK, WITHOUT, START, END -> true;
      default -> false;
    };
  }

  private static boolean isMaybeLabel(ItemType t) {
    return switch (t) {
      case AVG, BOOL, BOTTOMK, BY, COUNT, COUNT_VALUES, GROUP, GROUP_LEFT, GROUP_RIGHT, IDENTIFIER, IGNORING, LAND,
          LOR, LUNLESS, MAX, METRIC_IDENTIFIER, MIN, OFFSET, ON, QUANTILE, STDDEV, STDVAR, SUM, TOPK, START, END,
          ATAN2 -> true;
      default -> false;
    };
  }

  // ---------------------------------------------------------------- selectors

  private VectorSelector parseVectorSelector() {
    Item t = peek();
    if (t.type() == ItemType.LEFT_BRACE) {
      int start = t.pos();
      List<Matcher> matchers = parseLabelMatchers();
      return new VectorSelector("", matchers, 0, AtModifier.NONE, new PositionRange(start, lastClosing));
    }
    consume();
    return finishVectorSelector(t);
  }

  /** The metric name has been consumed; optional braces follow. */
  private VectorSelector finishVectorSelector(Item name) {
    List<Matcher> matchers = new ArrayList<>();
    int end = name.pos() + name.val().length();
    if (peek().type() == ItemType.LEFT_BRACE) {
      matchers.addAll(parseLabelMatchers());
      end = lastClosing;
    }
    matchers.add(Matcher.equal(Labels.METRIC_NAME, name.val()));
    return new VectorSelector(name.val(), matchers, 0, AtModifier.NONE, new PositionRange(name.pos(), end));
  }

  private List<Matcher> parseLabelMatchers() {
    consume(); // {
    List<Matcher> out = new ArrayList<>();
    if (peek().type() == ItemType.RIGHT_BRACE) {
      consume();
      return out;
    }
    while (true) {
      Matcher m = parseLabelMatcher();
      if (m != null) {
        out.add(m);
      }
      Item sep = peek();
      if (sep.type() == ItemType.COMMA) {
        consume();
        if (peek().type() == ItemType.RIGHT_BRACE) {
          consume();
          return out;
        }
      } else if (sep.type() == ItemType.RIGHT_BRACE) {
        consume();
        return out;
      } else {
        throw unexpected("label matching", "\",\" or \"}\"");
      }
    }
  }

  private Matcher parseLabelMatcher() {
    Item name = peek();
    if (name.type() == ItemType.IDENTIFIER) {
      consume();
      Matcher.Type type = matchType(peek().type());
      if (type == null) {
        throw unexpected("label matching", "label matching operator");
      }
      consume();
      if (peek().type() != ItemType.STRING) {
        throw unexpected("label matching", "string");
      }
      Item value = consume();
      return newMatcher(type, name.val(), name.range(), value);
    }
    if (name.type() == ItemType.STRING) {
      consume();
      String unquotedName = unquote(name);
      Matcher.Type type = matchType(peek().type());
      if (type == null) {
        return Matcher.equal(Labels.METRIC_NAME, unquotedName);
      }
      consume();
      if (peek().type() != ItemType.STRING) {
        throw unexpected("label matching", "string");
      }
      Item value = consume();
      return newMatcher(type, unquotedName, name.range(), value);
    }
    throw unexpected("label matching", "identifier or \"}\"");
  }

  private static Matcher.Type matchType(ItemType t) {
    return switch (t) {
      case EQL -> Matcher.Type.EQ;
      case NEQ -> Matcher.Type.NEQ;
      case EQL_REGEX -> Matcher.Type.RE;
      case NEQ_REGEX -> Matcher.Type.NRE;
      default -> null;
    };
  }

  private Matcher newMatcher(Matcher.Type type, String name, PositionRange nameRange, Item valueItem) {
    String value = unquote(valueItem);
    PositionRange range = PositionRange.merge(nameRange, valueItem.range());
    if (type == Matcher.Type.RE || type == Matcher.Type.NRE) {
      // Prometheus reports the error of parsing the regexp as written, before anchoring it.
      try {
        com.google.re2j.Pattern.compile(value);
      } catch (com.google.re2j.PatternSyntaxException e) {
        addError(range, "error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
        return null;
      }
    }
    try {
      return Matcher.of(type, name, value);
    } catch (InvalidMatcherException e) {
      addError(range, e.getMessage());
      return null;
    }
  }

  private Expr parseRangeOrSubquery(Expr e) {
    Item open = consume(); // [
    Item rangeItem = peek();
    if (rangeItem.type() != ItemType.DURATION) {
      throw unexpected("subquery selector", "duration");
    }
    consume();
    long range = duration(rangeItem);
    Item t = peek();
    if (t.type() == ItemType.RIGHT_BRACKET) {
      consume();
      String problem = null;
      if (!(e instanceof VectorSelector vs)) {
        problem = "ranges only allowed for vector selectors";
      } else if (vs.offsetMs() != 0) {
        problem = "no offset modifiers allowed before range";
      } else if (vs.at().isSet()) {
        problem = "no @ modifiers allowed before range";
      }
      if (problem != null) {
        addError(new PositionRange(open.pos(), t.pos() + 1), problem);
        return e;
      }
      return new MatrixSelector((VectorSelector) e, range, lastClosing);
    }
    if (t.type() != ItemType.COLON) {
      throw unexpected("subquery or range", "\":\" or \"]\"");
    }
    consume();
    long step = 0;
    Item s = peek();
    if (s.type() == ItemType.DURATION) {
      consume();
      step = duration(s);
      if (peek().type() != ItemType.RIGHT_BRACKET) {
        throw unexpected("subquery selector", "\"]\"");
      }
    } else if (s.type() != ItemType.RIGHT_BRACKET) {
      throw unexpected("subquery selector", "duration or \"]\"");
    }
    Item close = consume();
    return new SubqueryExpr(e, range, step, 0, AtModifier.NONE, close.pos() + 1);
  }

  private Expr parseOffset(Expr e) {
    consume(); // offset
    boolean negative = false;
    if (peek().type() == ItemType.SUB) {
      consume();
      negative = true;
    }
    Item d = peek();
    if (d.type() != ItemType.DURATION) {
      throw unexpected("offset", "duration");
    }
    consume();
    long offset = duration(d);
    return applyOffset(e, negative ? -offset : offset);
  }

  private Expr applyOffset(Expr e, long offset) {
    long existing;
    if (e instanceof VectorSelector vs) {
      existing = vs.offsetMs();
    } else if (e instanceof MatrixSelector ms) {
      existing = ms.selector().offsetMs();
    } else if (e instanceof SubqueryExpr sq) {
      existing = sq.offsetMs();
    } else {
      addError(e.positionRange(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
      return e;
    }
    if (existing != 0) {
      addError(e.positionRange(), "offset may not be set multiple times");
      return e;
    }
    if (e instanceof VectorSelector vs) {
      return vs.withOffset(offset, lastClosing);
    } else if (e instanceof MatrixSelector ms) {
      return new MatrixSelector(ms.selector().withOffset(offset, ms.selector().positionRange().end()),
          ms.rangeMs(), lastClosing);
    }
    return ((SubqueryExpr) e).withOffset(offset, lastClosing);
  }

  private Expr parseAt(Expr e) {
    consume(); // @
    Item t = peek();
    switch (t.type()) {
      case NUMBER -> {
        consume();
        return applyTimestamp(e, number(t));
      }
      case ADD, SUB -> {
        consume();
        Item n = peek();
        if (n.type() != ItemType.NUMBER) {
          throw unexpected("@", "timestamp");
        }
        consume();
        double v = number(n);
        return applyTimestamp(e, t.type() == ItemType.SUB ? -v : v);
      }
      case START, END -> {
        consume();
        if (peek().type() != ItemType.LEFT_PAREN) {
          throw unexpected("@", "timestamp");
        }
        consume();
        if (peek().type() != ItemType.RIGHT_PAREN) {
          throw unexpected("@", "timestamp");
        }
        consume();
        return applyAt(e, t.type() == ItemType.START ? AtModifier.START : AtModifier.END);
      }
      default -> throw unexpected("@", "timestamp");
    }
  }

  private Expr applyTimestamp(Expr e, double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds >= 0x1p63 || seconds <= -0x1p63) {
      addError(e.positionRange(), "timestamp out of bounds for @ modifier: " + GoFloats.formatFixed(seconds, 6));
    }
    return applyAt(e, AtModifier.at(secondsToMillis(seconds)));
  }

  /** Prometheus' timestamp.FromFloatSeconds: round half away from zero to milliseconds. */
  static long secondsToMillis(double seconds) {
    double ms = seconds * 1000;
    double r = ms < 0 ? -Math.floor(-ms + 0.5) : Math.floor(ms + 0.5);
    return (long) r;
  }

  private Expr applyAt(Expr e, AtModifier at) {
    AtModifier existing;
    if (e instanceof VectorSelector vs) {
      existing = vs.at();
    } else if (e instanceof MatrixSelector ms) {
      existing = ms.selector().at();
    } else if (e instanceof SubqueryExpr sq) {
      existing = sq.at();
    } else {
      addError(e.positionRange(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
      return e;
    }
    if (existing.isSet()) {
      addError(e.positionRange(), "@ <timestamp> may not be set multiple times");
      return e;
    }
    if (e instanceof VectorSelector vs) {
      return vs.withAt(at, lastClosing);
    } else if (e instanceof MatrixSelector ms) {
      return new MatrixSelector(ms.selector().withAt(at), ms.rangeMs(), lastClosing);
    }
    return ((SubqueryExpr) e).withAt(at, lastClosing);
  }

  // ---------------------------------------------------------------- calls and aggregations

  private Expr parseCall(Item name) {
    List<Expr> args = parseCallArgs();
    PositionRange range = new PositionRange(name.pos(), lastClosing);
    Function f = Functions.get(name.val());
    if (f == null) {
      addError(name.range(), "unknown function with name " + GoStrings.quote(name.val()));
      return new NumberLiteral(0, range);
    }
    if (f.experimental() && !options.experimentalFunctions()) {
      addError(name.range(), "function " + GoStrings.quote(name.val()) + " is not enabled");
    }
    return new Call(f, args, range);
  }

  /** {@code ( expr, expr, … )}; a trailing comma is reported and tolerated, as in Prometheus. */
  private List<Expr> parseCallArgs() {
    if (peek().type() != ItemType.LEFT_PAREN) {
      throw unexpectedInExpression();
    }
    consume();
    List<Expr> args = new ArrayList<>();
    if (peek().type() == ItemType.RIGHT_PAREN) {
      consume();
      return args;
    }
    while (true) {
      args.add(parseExpr(0));
      Item t = peek();
      if (t.type() == ItemType.COMMA) {
        consume();
        if (peek().type() == ItemType.RIGHT_PAREN) {
          addError(t.range(), "trailing commas not allowed in function call args");
          consume();
          return args;
        }
      } else if (t.type() == ItemType.RIGHT_PAREN) {
        consume();
        return args;
      } else {
        throw unexpectedInExpression();
      }
    }
  }

  private Expr parseAggregation(Item opItem) {
    AggregationOp op = AggregationOp.valueOf(opItem.type().name());
    aggregationDepth++;
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    ItemType t = peek().type();
    if (t == ItemType.BY || t == ItemType.WITHOUT) {
      consume();
      without = t == ItemType.WITHOUT;
      grouping = parseGroupingLabels();
      modifierSeen = true;
    }
    List<Expr> args = parseCallArgs();
    if (!modifierSeen) {
      t = peek().type();
      if (t == ItemType.BY || t == ItemType.WITHOUT) {
        consume();
        without = t == ItemType.WITHOUT;
        grouping = parseGroupingLabels();
      }
    }
    aggregationDepth--;
    PositionRange range = new PositionRange(opItem.pos(), lastClosing);
    if (args.isEmpty()) {
      addError(range, "no arguments for aggregate expression provided");
      return new NumberLiteral(0, range);
    }
    int desired = op.hasParam() ? 2 : 1;
    if (args.size() != desired) {
      addError(range, "wrong number of arguments for aggregate expression provided, expected " + desired
          + ", got " + args.size());
      return new NumberLiteral(0, range);
    }
    Expr param = op.hasParam() ? args.get(0) : null;
    return new AggregateExpr(op, args.get(desired - 1), param, grouping, without, range);
  }

  private List<String> parseGroupingLabels() {
    if (peek().type() != ItemType.LEFT_PAREN) {
      throw unexpected("grouping opts", "\"(\"");
    }
    consume();
    List<String> labels = new ArrayList<>();
    if (peek().type() == ItemType.RIGHT_PAREN) {
      consume();
      return labels;
    }
    while (true) {
      Item l = peek();
      if (!isMaybeLabel(l.type())) {
        throw unexpected("grouping opts", "label");
      }
      consume();
      if (!Lexer.isLabel(l.val())) {
        // Prometheus reduces this rule without reading ahead, so the label itself is "unexpected".
        addError(l.range(), "unexpected " + l.describe() + " in grouping opts, expected label");
        throw new SyntaxError();
      }
      labels.add(l.val());
      Item sep = peek();
      if (sep.type() == ItemType.COMMA) {
        consume();
        if (peek().type() == ItemType.RIGHT_PAREN) {
          consume();
          return labels;
        }
      } else if (sep.type() == ItemType.RIGHT_PAREN) {
        consume();
        return labels;
      } else {
        throw unexpected("grouping opts", "\",\" or \")\"");
      }
    }
  }

  // ---------------------------------------------------------------- literals

  private double number(Item t) {
    try {
      return GoFloats.parseNumber(t.val());
    } catch (NumberFormatException e) {
      addError(t.range(), "error parsing number: " + e.getMessage());
      return 0;
    }
  }

  private long duration(Item t) {
    try {
      long ms = Durations.parseMillis(t.val());
      if (ms == 0) {
        addError(t.range(), "duration must be greater than 0");
      }
      return ms;
    } catch (IllegalArgumentException e) {
      addError(t.range(), e.getMessage());
      return 0;
    }
  }

  private String unquote(Item t) {
    try {
      return GoStrings.unquote(t.val());
    } catch (IllegalArgumentException e) {
      addError(t.range(), "error unquoting string " + GoStrings.quote(t.val()) + ": " + e.getMessage());
      return "";
    }
  }
}
