package io.thanosj.promql.eval;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.thanosj.promql.ast.Call;
import io.thanosj.promql.ast.StringLiteral;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** label_replace and label_join: they rewrite series labels and never look at values. */
final class LabelFunctions {

  private LabelFunctions() {}

  private static String stringArg(Call c, int i) {
    return ((StringLiteral) Evaluator.unwrapParens(c.args().get(i))).value();
  }

  static SeriesList labelReplace(Evaluator ev, Call c, StepGrid g) {
    String dst = stringArg(c, 1);
    String replacement = stringArg(c, 2);
    String src = stringArg(c, 3);
    String regex = stringArg(c, 4);
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new PromqlException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
    }
    if (!Calls.isValidLabelName(dst)) {
      throw new PromqlException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + dst);
    }
    SeriesList in = ev.evalVector(c.args().get(0), g);
    List<StepSeries> out = new ArrayList<>(in.series.size());
    for (StepSeries s : in.series) {
      String srcVal = s.labels.get(src);
      Matcher m = pattern.matcher(srcVal);
      if (m.find()) {
        String value = expand(replacement, m, pattern.namedGroups());
        out.add(new StepSeries(s.labels.toBuilder().set(dst, value).build(), s.values, s.present));
      } else {
        out.add(s);
      }
    }
    LabelSets.requireDistinct(out);
    return new SeriesList(out);
  }

  /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; unknown groups expand to "". */
  static String expand(String template, Matcher m, Map<String, Integer> named) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      sb.append(template, i, dollar);
      i = dollar + 1;
      if (i < n && template.charAt(i) == '$') {
        sb.append('$');
        i++;
        continue;
      }
      // Parse a name: letters, digits and underscores, optionally in braces.
      int p = i;
      boolean brace = p < n && template.charAt(p) == '{';
      if (brace) {
        p++;
      }
      int nameStart = p;
      while (p < n) {
        int cp = template.codePointAt(p);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        p += Character.charCount(cp);
      }
      if (p == nameStart || (brace && (p >= n || template.charAt(p) != '}'))) {
        sb.append('$'); // malformed: the dollar is literal text
        continue;
      }
      String name = template.substring(nameStart, p);
      i = brace ? p + 1 : p;
      int num = groupNumber(name);
      if (num >= 0) {
        if (num <= m.groupCount()) {
          String g = m.group(num);
          if (g != null) {
            sb.append(g);
          }
        }
      } else {
        Integer idx = named.get(name);
        if (idx != null) {
          String g = m.group(idx);
          if (g != null) {
            sb.append(g);
          }
        }
      }
    }
    sb.append(template, i, n);
    return sb.toString();
  }

  /** Go: a name of ASCII digits without a leading zero below 1e8 is a group number, else -1. */
  private static int groupNumber(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char ch = name.charAt(k);
      if (ch < '0' || ch > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (ch - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return num;
  }

  static SeriesList labelJoin(Evaluator ev, Call c, StepGrid g) {
    String dst = stringArg(c, 1);
    String sep = stringArg(c, 2);
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < c.args().size(); i++) {
      String src = stringArg(c, i);
      if (!Calls.isValidLabelName(src)) {
        throw new PromqlException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!Calls.isValidLabelName(dst)) {
      throw new PromqlException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + dst);
    }
    SeriesList in = ev.evalVector(c.args().get(0), g);
    List<StepSeries> out = new ArrayList<>(in.series.size());
    for (StepSeries s : in.series) {
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          joined.append(sep);
        }
        joined.append(s.labels.get(srcs.get(i)));
      }
      out.add(new StepSeries(s.labels.toBuilder().set(dst, joined.toString()).build(), s.values, s.present));
    }
    // Prometheus 2.53 does not check label_join's output for duplicate label sets.
    return new SeriesList(out);
  }
}
