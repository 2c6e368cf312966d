package io.thanosj.promql.parser;

/** Token types of the PromQL lexer, with the categories Prometheus uses when describing them. */
enum ItemType {
  ERROR(Kind.OTHER, null),
  EOF(Kind.OTHER, null),
  COMMENT(Kind.OTHER, null),
  IDENTIFIER(Kind.OTHER, null),
  METRIC_IDENTIFIER(Kind.OTHER, null),
  NUMBER(Kind.OTHER, null),
  STRING(Kind.OTHER, null),
  DURATION(Kind.OTHER, null),
  LEFT_PAREN(Kind.OTHER, "("),
  RIGHT_PAREN(Kind.OTHER, ")"),
  LEFT_BRACE(Kind.OTHER, "{"),
  RIGHT_BRACE(Kind.OTHER, "}"),
  LEFT_BRACKET(Kind.OTHER, "["),
  RIGHT_BRACKET(Kind.OTHER, "]"),
  COMMA(Kind.OTHER, ","),
  EQL(Kind.OTHER, "="),
  COLON(Kind.OTHER, ":"),
  // Operators.
  ADD(Kind.OPERATOR, "+"),
  DIV(Kind.OPERATOR, "/"),
  EQLC(Kind.OPERATOR, "=="),
  EQL_REGEX(Kind.OPERATOR, "=~"),
  GTE(Kind.OPERATOR, ">="),
  GTR(Kind.OPERATOR, ">"),
  LAND(Kind.OPERATOR, "and"),
  LOR(Kind.OPERATOR, "or"),
  LSS(Kind.OPERATOR, "<"),
  LTE(Kind.OPERATOR, "<="),
  LUNLESS(Kind.OPERATOR, "unless"),
  MOD(Kind.OPERATOR, "%"),
  MUL(Kind.OPERATOR, "*"),
  NEQ(Kind.OPERATOR, "!="),
  NEQ_REGEX(Kind.OPERATOR, "!~"),
  POW(Kind.OPERATOR, "^"),
  SUB(Kind.OPERATOR, "-"),
  AT(Kind.OPERATOR, "@"),
  ATAN2(Kind.OPERATOR, "atan2"),
  // Aggregators.
  AVG(Kind.AGGREGATOR, "avg"),
  BOTTOMK(Kind.AGGREGATOR, "bottomk"),
  COUNT(Kind.AGGREGATOR, "count"),
  COUNT_VALUES(Kind.AGGREGATOR, "count_values"),
  GROUP(Kind.AGGREGATOR, "group"),
  MAX(Kind.AGGREGATOR, "max"),
  MIN(Kind.AGGREGATOR, "min"),
  QUANTILE(Kind.AGGREGATOR, "quantile"),
  STDDEV(Kind.AGGREGATOR, "stddev"),
  STDVAR(Kind.AGGREGATOR, "stdvar"),
  SUM(Kind.AGGREGATOR, "sum"),
  TOPK(Kind.AGGREGATOR, "topk"),
  // Keywords.
  BOOL(Kind.KEYWORD, "bool"),
  BY(Kind.KEYWORD, "by"),
  GROUP_LEFT(Kind.KEYWORD, "group_left"),
  GROUP_RIGHT(Kind.KEYWORD, "group_right"),
  IGNORING(Kind.KEYWORD, "ignoring"),
  OFFSET(Kind.KEYWORD, "offset"),
  ON(Kind.KEYWORD, "on"),
  WITHOUT(Kind.KEYWORD, "without"),
  // Preprocessors of the @ modifier.
  START(Kind.PREPROCESSOR, "start"),
  END(Kind.PREPROCESSOR, "end");

  enum Kind {
    OTHER,
    OPERATOR,
    AGGREGATOR,
    KEYWORD,
    PREPROCESSOR
  }

  final Kind kind;
  /** Prometheus' ItemTypeStr entry, or null when the type has none. */
  final String text;

  ItemType(Kind kind, String text) {
    this.kind = kind;
    this.text = text;
  }

  /** Keyword lookup as the lexer does it (on the lower-cased word); inf and nan are numbers. */
  static ItemType keyword(String lowerWord) {
    return switch (lowerWord) {
      case "and" -> LAND;
      case "or" -> LOR;
      case "unless" -> LUNLESS;
      case "atan2" -> ATAN2;
      case "sum" -> SUM;
      case "avg" -> AVG;
      case "count" -> COUNT;
      case "min" -> MIN;
      case "max" -> MAX;
      case "group" -> GROUP;
      case "stddev" -> STDDEV;
      case "stdvar" -> STDVAR;
      case "topk" -> TOPK;
      case "bottomk" -> BOTTOMK;
      case "count_values" -> COUNT_VALUES;
      case "quantile" -> QUANTILE;
      case "offset" -> OFFSET;
      case "by" -> BY;
      case "without" -> WITHOUT;
      case "on" -> ON;
      case "ignoring" -> IGNORING;
      case "group_left" -> GROUP_LEFT;
      case "group_right" -> GROUP_RIGHT;
      case "bool" -> BOOL;
      case "start" -> START;
      case "end" -> END;
      case "inf", "nan" -> NUMBER;
      default -> null;
    };
  }

  /** Prometheus' ItemType.desc(), used for types without an ItemTypeStr entry. */
  String describe() {
    return switch (this) {
      case ERROR -> "error";
      case EOF -> "end of input";
      case COMMENT -> "comment";
      case IDENTIFIER -> "identifier";
      case METRIC_IDENTIFIER -> "metric identifier";
      case STRING -> "string";
      case NUMBER -> "number";
      case DURATION -> "duration";
      default -> "\"" + name() + "\"";
    };
  }

  boolean isAggregator() {
    return kind == Kind.AGGREGATOR;
  }
}
