package io.thanosj.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.promql.ast.AggregateExpr;
import io.thanosj.promql.ast.BinaryExpr;
import io.thanosj.promql.ast.BinaryOp;
import io.thanosj.promql.ast.Expr;
import io.thanosj.promql.ast.NumberLiteral;
import io.thanosj.promql.ast.UnaryExpr;
import io.thanosj.promql.ast.VectorMatching;
import io.thanosj.promql.ast.VectorSelector;
import io.thanosj.promql.engine.ErrorType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PromqlParserTest {

  private static Expr parse(String q) {
    return PromqlParser.parse(q, ParserOptions.EXPERIMENTAL);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      ~~                                  | unknown position: parse error: no expression found in input
      ~# just a comment~                  | 1:1: parse error: no expression found in input
      1+                                  | 1:3: parse error: unexpected end of input
      .                                   | 1:1: parse error: unexpected character: '.'
      2.5.                                | 1:4: parse error: unexpected character: '.'
      100..4                              | 1:5: parse error: unexpected number ".4"
      0deadbeef                           | 1:1: parse error: bad number or duration syntax: "0de"
      *1                                  | 1:1: parse error: unexpected <op:*>
      (1))                                | 1:5: parse error: unexpected right parenthesis ')'
      ((1)                                | 1:5: parse error: unclosed left parenthesis
      (                                   | 1:2: parse error: unclosed left parenthesis
      1 and 1                             | 1:1: parse error: set operator "and" not allowed in binary scalar expression
      1 == 1                              | 1:3: parse error: comparisons between scalars must use BOOL modifier
      1 !~ 1                              | 1:3: parse error: unexpected character after '!': '~'
      1 =~ 1                              | 1:3: parse error: unexpected character after '=': '~'
      -"string"                           | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"
      -test[5m]                           | 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"
      1 offset 1d                         | 1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
      foo offset 1s offset 2s             | 1:1: parse error: offset may not be set multiple times
      a - on(b) ignoring(c) d             | 1:11: parse error: unexpected <ignoring>
      foo + group_left(baz) bar           | 1:7: parse error: unexpected <group_left>
      foo and on(bar) group_left(baz) bar | 1:1: parse error: no grouping allowed for "and" operation
      foo + bool bar                      | 1:5: parse error: bool modifier can only be used on comparison operators
      1 or on(bar) foo                    | 1:1: parse error: vector matching only allowed between instant vectors
      {                                   | 1:2: parse error: unexpected end of input inside braces
      }                                   | 1:1: parse error: unexpected character: '}'
      some_metric{a=b}                    | 1:15: parse error: unexpected identifier "b" in label matching, expected string
      some_metric{a:b="b"}                | 1:14: parse error: unexpected character inside braces: ':'
      foo{gibberish}                      | 1:14: parse error: unexpected "}" in label matching, expected label matching operator
      foo{1}                              | 1:5: parse error: unexpected character inside braces: '1'
      {}                                  | 1:1: parse error: vector selector must contain at least one non-empty matcher
      ~foo{__name__="bar"}~               | 1:1: parse error: metric name must not be set twice: "foo" or "bar"
      ~foo{__name__= =}~                  | 1:15: parse error: unexpected "=" in label matching, expected string
      ~foo{,}~                            | 1:5: parse error: unexpected "," in label matching, expected identifier or "}"
      ~foo{__name__="bar" lol}~           | 1:20: parse error: unexpected identifier "lol" in label matching, expected "," or "}"
      ~foo{"a"=}~                         | 1:9: parse error: unexpected "}" in label matching, expected string
      foo[5mm]                            | 1:5: parse error: bad duration syntax: "5mm"
      foo[5m1]                            | 1:5: parse error: bad duration syntax: "5m1"
      foo[5m:1m1]                         | 1:8: parse error: bad number or duration syntax: "1m1"
      foo[5y1hs]                          | 1:5: parse error: unknown unit "hs" in duration "5y1hs"
      foo[5m1h]                           | 1:5: parse error: not a valid duration string: "5m1h"
      foo[0m]                             | 1:5: parse error: duration must be greater than 0
      foo[]                               | 1:5: parse error: missing unit character in duration
      some_metric[5m] OFFSET 1            | 1:24: parse error: unexpected number "1" in offset, expected duration
      some_metric[5m] OFFSET              | 1:23: parse error: unexpected end of input in offset, expected duration
      some_metric OFFSET 1m[5m]           | 1:22: parse error: no offset modifiers allowed before range
      some_metric[5m] @ 1m                | 1:19: parse error: unexpected duration "1m" in @, expected timestamp
      some_metric[5m] @                   | 1:18: parse error: unexpected end of input in @, expected timestamp
      some_metric @ 1234 [5m]             | 1:20: parse error: no @ modifiers allowed before range
      (foo + bar)[5m]                     | 1:12: parse error: ranges only allowed for vector selectors
      sum without(==)(some_metric)        | 1:13: parse error: unexpected <op:==> in grouping opts, expected label
      sum without(foo,,)(some_metric)     | 1:17: parse error: unexpected "," in grouping opts, expected label
      sum (some_metric) by test           | 1:22: parse error: unexpected identifier "test" in grouping opts, expected "("
      sum () by (test)                    | 1:1: parse error: no arguments for aggregate expression provided
      MIN keep_common (some_metric)       | 1:5: parse error: unexpected identifier "keep_common"
      sum (some_metric) without (test) by (test) | 1:34: parse error: unexpected <by>
      topk(some_metric)                   | 1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1
      topk(some_metric,)                  | 1:17: parse error: trailing commas not allowed in function call args
      topk(some_metric, other_metric)     | 1:6: parse error: expected type scalar in aggregation parameter, got instant vector
      count_values(5, other_metric)       | 1:14: parse error: expected type string in aggregation parameter, got scalar
      rate(some_metric[5m]) @ 1234        | 1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery
      floor()                             | 1:1: parse error: expected 1 argument(s) in call to "floor", got 0
      floor(1)                            | 1:7: parse error: expected type instant vector in call to function "floor", got scalar
      hour(some_metric, some_metric, some_metric) | 1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3
      time(some_metric)                   | 1:1: parse error: expected 0 argument(s) in call to "time", got 1
      non_existent_function_far_bar()     | 1:1: parse error: unknown function with name "non_existent_function_far_bar"
      rate(some_metric)                   | 1:6: parse error: expected type range vector in call to function "rate", got instant vector
      -=                                  | 1:2: parse error: unexpected "="
      ++-++-+-+-<                         | 1:11: parse error: unexpected <op:<>
      e-+=/(0)                            | 1:4: parse error: unexpected "="
      ~`\\``~                             | 1:4: parse error: unterminated raw string
      ~"\\c"~                             | 1:1: parse error: unknown escape sequence U+0063 'c'
      ~"\\x."~                            | 1:1: parse error: illegal character U+002E '.' in escape sequence
      test[5d] OFFSET 10s [10m:5s]        | 1:1: parse error: subquery is only allowed on instant vector, got matrix instead
      rate(food[1m])[1h] offset 1h        | 1:15: parse error: ranges only allowed for vector selectors
      start()                             | 1:6: parse error: unexpected "("
      end()                               | 1:4: parse error: unexpected "("
      sum(1 +)                            | 1:8: parse error: unexpected ")" in aggregation
      foo @ +Inf                          | 1:1: parse error: timestamp out of bounds for @ modifier: +Inf
      sort_by_label(1)                    | 1:15: parse error: expected type instant vector in call to function "sort_by_label", got scalar
      """)
  void errors(String query, String message) {
    assertThatThrownBy(() -> parse(query))
        .isInstanceOf(ParseException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((ParseException) e).errorType()).isEqualTo(ErrorType.BAD_DATA));
  }

  @Test
  void regexMatchers() {
    assertThatThrownBy(() -> parse("{x=~\".*\"}"))
        .hasMessage("1:1: parse error: vector selector must contain at least one non-empty matcher");
    assertThatThrownBy(() -> parse("foo{a=~\"(bar\"}"))
        .hasMessage("1:5: parse error: error parsing regexp: missing closing ): `(bar`");
  }

  @Test
  void experimentalFunctionsAreOffByDefault() {
    assertThatThrownBy(() -> PromqlParser.parse("sort_by_label(up, \"job\")"))
        .hasMessage("1:1: parse error: function \"sort_by_label\" is not enabled");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      1                                      | 1
      +1                                     | 1
      -1                                     | -1
      0x1F                                   | 31
      010                                    | 8
      1e6                                    | 1e+06
      123456                                 | 123456
      .5                                     | 0.5
      Inf                                    | +Inf
      -inf                                   | -Inf
      NaN                                    | NaN
      ~"a\\nb"~                              | ~"a\\nb"~
      ~'single'~                             | ~"single"~
      ~`raw\\n`~                             | ~"raw\\\\n"~
      foo                                    | foo
      ~foo{b="2", a="1"}~                    | ~foo{a="1",b="2"}~
      ~{__name__="foo"}~                     | ~{__name__="foo"}~
      foo offset 5m                          | foo offset 5m
      foo offset -1h30m                      | foo offset -1h30m
      foo @ 1603775019                       | foo @ 1603775019.000
      foo @ start()                          | foo @ start()
      foo[5m] @ end() offset 1m              | foo[5m] @ end() offset 1m
      foo[90d]                               | foo[90d]
      foo[14d]                               | foo[2w]
      foo[1h:]                               | foo[1h:]
      rate(foo[5m])[30m:1m] offset 10m       | rate(foo[5m])[30m:1m] offset 10m
      sum by (job) (rate(x[5m]))             | sum by (job) (rate(x[5m]))
      sum(x) by (job)                        | sum by (job) (x)
      sum without () (x)                     | sum without () (x)
      sum by () (x)                          | sum(x)
      topk(3, x)                             | topk(3, x)
      ~count_values("v", x)~                 | ~count_values("v", x)~
      a + on(b) group_left(c) d              | a + on (b) group_left (c) d
      a * ignoring(b) group_right d          | a * ignoring (b) group_right () d
      a == bool b                            | a == bool b
      a and on() b                           | a and on () b
      1 + on() foo                           | 1 + foo
      a or b unless c                        | a or b unless c
      -(1)                                   | -(1)
      -foo ^ 2                               | -foo ^ 2
      2 ^ 3 ^ 2                              | 2 ^ 3 ^ 2
      sum                                    | sum
      by                                     | by
      foo:bar:baz                            | foo:bar:baz
      ~label_replace(up, "a", "$1", "b", "(.*)")~ | ~label_replace(up, "a", "$1", "b", "(.*)")~
      ~{"foo"}~                              | ~{__name__="foo"}~
      """)
  void printsCanonicalForm(String query, String printed) {
    assertThat(parse(query).toString()).isEqualTo(printed);
  }

  @Test
  void precedenceAndAssociativity() {
    BinaryExpr e = (BinaryExpr) parse("a + b * c ^ d ^ e - f");
    assertThat(e.op()).isEqualTo(BinaryOp.SUB);
    BinaryExpr add = (BinaryExpr) e.lhs();
    assertThat(add.op()).isEqualTo(BinaryOp.ADD);
    BinaryExpr mul = (BinaryExpr) add.rhs();
    assertThat(mul.op()).isEqualTo(BinaryOp.MUL);
    BinaryExpr pow = (BinaryExpr) mul.rhs();
    assertThat(pow.op()).isEqualTo(BinaryOp.POW);
    assertThat(pow.rhs()).isInstanceOf(BinaryExpr.class); // right-associative

    UnaryExpr neg = (UnaryExpr) parse("-a ^ b");
    assertThat(neg.expr()).isInstanceOf(BinaryExpr.class);
    BinaryExpr m = (BinaryExpr) parse("-a * b");
    assertThat(m.lhs()).isInstanceOf(UnaryExpr.class);
    assertThat(((NumberLiteral) parse("-2")).value()).isEqualTo(-2);

    BinaryExpr or = (BinaryExpr) parse("a or b and c");
    assertThat(or.op()).isEqualTo(BinaryOp.LOR);
    assertThat(or.matching().card()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    BinaryExpr off = (BinaryExpr) parse("a + b offset 5m");
    assertThat(((VectorSelector) off.rhs()).offsetMs()).isEqualTo(300_000);
  }

  @Test
  void aggregationsWithParameters() {
    AggregateExpr q = (AggregateExpr) parse("quantile without (a, b) (0.9, x)");
    assertThat(q.without()).isTrue();
    assertThat(q.grouping()).containsExactly("a", "b");
    assertThat(q.param()).isInstanceOf(NumberLiteral.class);
  }

  @Test
  void prettyPrintsLongExpressions() {
    String q = "sum by (job, instance) (rate(http_requests_total{job=\"api-server\","
        + "handler=\"/api/comments/very/long/path\"}[5m])) / on (job, instance) group_left "
        + "sum by (job, instance) (rate(http_requests_total[5m]))";
    assertThat(parse(q).pretty()).isEqualTo(
        "  sum by (job, instance) (\n"
            + "    rate(http_requests_total{handler=\"/api/comments/very/long/path\",job=\"api-server\"}[5m])\n"
            + "  )\n"
            + "/ on (job, instance) group_left ()\n"
            + "  sum by (job, instance) (rate(http_requests_total[5m]))");
    assertThat(parse("sum(rate(x[5m]))").pretty()).isEqualTo("sum(rate(x[5m]))");
  }
}
