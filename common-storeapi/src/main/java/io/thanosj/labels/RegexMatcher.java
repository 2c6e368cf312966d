package io.thanosj.labels;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fully anchored RE2 regular expression, as Prometheus 2.x matches label values: the pattern is
 * wrapped as {@code ^(?:PATTERN)$}, {@code .} does not match a newline, and matching runs in linear
 * time (RE2/J), so a pattern like {@code (a|a)*b} cannot back-track catastrophically.
 *
 * <p>Like Prometheus' FastRegexMatcher, common shapes skip the automaton: a literal, an alternation
 * of literals ({@code api|web|db}, a set lookup), a literal prefix, suffix or infix around
 * {@code .*}, a literal followed by a fixed number of {@code .} ({@code host-1..}), and {@code .*} /
 * {@code .+} themselves. Every pattern is still compiled first, so an
 * invalid one is rejected even when a shortcut would have applied.
 */
abstract class RegexMatcher {

  /** Characters that make a pattern more than a literal unless escaped. */
  private static final String META = "\\.+*?()|[]{}^$";

  abstract boolean matches(String s);

  /** A string every match starts with ("" when there is none), so callers can skip values cheaply. */
  abstract String prefix();

  static RegexMatcher compile(String re) {
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?:" + re + ")$");
    } catch (PatternSyntaxException e) {
      throw new InvalidMatcherException("invalid regular expression \"" + re + "\": " + e.getDescription(), e);
    }
    RegexMatcher fast = shortcut(re);
    return fast != null ? fast : new Automaton(pattern, literalPrefix(re));
  }

  /**
   * The literal every match of {@code re} starts with, or "" when none can be read off safely: the
   * plain (or escaped meta) characters at the very start, up to the first one a quantifier applies
   * to. A top-level alternation means no common prefix; so does any doubt (a pattern with both a
   * character class and a {@code |}, whose class might hide or fake the alternation).
   */
  static String literalPrefix(String re) {
    String body = stripGroup(re);
    if (mayAlternateAtTopLevel(body)) {
      return "";
    }
    StringBuilder prefix = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      int cp;
      int next;
      if (c == '\\') {
        if (i + 1 >= body.length() || META.indexOf(body.charAt(i + 1)) < 0) {
          break;
        }
        cp = body.charAt(i + 1);
        next = i + 2;
      } else if (META.indexOf(c) >= 0) {
        break;
      } else {
        cp = body.codePointAt(i);
        next = i + Character.charCount(cp);
      }
      if (next < body.length() && "*+?{".indexOf(body.charAt(next)) >= 0) {
        break; // the quantifier makes this character optional or repeated
      }
      prefix.appendCodePoint(cp);
      i = next;
    }
    return prefix.toString();
  }

  private static boolean mayAlternateAtTopLevel(String re) {
    if (re.indexOf('|') < 0) {
      return false;
    }
    if (re.indexOf('[') >= 0) {
      return true;
    }
    int depth = 0;
    for (int i = 0; i < re.length(); i++) {
      switch (re.charAt(i)) {
        case '\\' -> i++;
        case '(' -> depth++;
        case ')' -> depth--;
        case '|' -> {
          if (depth == 0) {
            return true;
          }
        }
        default -> { }
      }
    }
    return false;
  }

  /** The longest common prefix of {@code values}, never ending inside a surrogate pair. */
  private static String commonPrefix(List<String> values) {
    String first = values.get(0);
    int n = first.length();
    for (String v : values) {
      int k = 0;
      int max = Math.min(n, v.length());
      while (k < max && v.charAt(k) == first.charAt(k)) {
        k++;
      }
      n = k;
    }
    if (n > 0 && Character.isHighSurrogate(first.charAt(n - 1))) {
      n--;
    }
    return first.substring(0, n);
  }

  private static RegexMatcher shortcut(String re) {
    switch (re) {
      case ".*":
        return new AnyWithoutNewline(false);
      case ".+":
        return new AnyWithoutNewline(true);
      default:
        break;
    }
    String body = stripGroup(re);
    List<String> alternatives = literalAlternatives(body);
    if (alternatives != null) {
      return alternatives.size() == 1 ? new Literal(alternatives.get(0)) : new LiteralSet(alternatives, commonPrefix(alternatives));
    }
    boolean leadingAny = body.startsWith(".*");
    boolean trailingAny = body.endsWith(".*") && !body.endsWith("\\.*") && body.length() >= (leadingAny ? 4 : 2);
    if (leadingAny || trailingAny) {
      String middle = body.substring(leadingAny ? 2 : 0, body.length() - (trailingAny ? 2 : 0));
      String literal = literal(middle);
      if (literal != null && !literal.isEmpty()) {
        return new Surrounded(literal, leadingAny, trailingAny);
      }
    }
    int literalEnd = body.length();
    while (literalEnd > 0 && body.charAt(literalEnd - 1) == '.' && !escaped(body, literalEnd - 1)) {
      literalEnd--;
    }
    if (literalEnd < body.length()) {
      String literal = literal(body.substring(0, literalEnd));
      if (literal != null) {
        return new FixedTail(literal, body.length() - literalEnd);
      }
    }
    return null;
  }

  /** {@code (x)} or {@code (?:x)} enclosing the whole pattern with no other group inside: {@code x}. */
  private static String stripGroup(String re) {
    String inner = null;
    if (re.startsWith("(?:") && re.endsWith(")")) {
      inner = re.substring(3, re.length() - 1);
    } else if (re.startsWith("(") && !re.startsWith("(?") && re.endsWith(")")) {
      inner = re.substring(1, re.length() - 1);
    }
    if (inner == null || inner.indexOf('(') >= 0 || inner.indexOf(')') >= 0) {
      return re;
    }
    return inner;
  }

  /** The alternatives of {@code a|b|c} when every one is a literal, else null. */
  private static List<String> literalAlternatives(String re) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= re.length(); i++) {
      if (i == re.length() || (re.charAt(i) == '|' && !escaped(re, i))) {
        String lit = literal(re.substring(start, i));
        if (lit == null) {
          return null;
        }
        out.add(lit);
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean escaped(String s, int i) {
    int backslashes = 0;
    for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return (backslashes & 1) == 1;
  }

  /** The string a pattern matches when it is a literal (meta characters escaped), else null. */
  static String literal(String re) {
    StringBuilder sb = null;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length() || META.indexOf(re.charAt(i + 1)) < 0) {
          return null; // \d, \n, \pL and friends are classes or escapes, not literals
        }
        if (sb == null) {
          sb = new StringBuilder(re.length()).append(re, 0, i);
        }
        sb.append(re.charAt(++i));
      } else if (META.indexOf(c) >= 0) {
        return null;
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? re : sb.toString();
  }

  private static final class Automaton extends RegexMatcher {
    private final Pattern pattern;
    private final String prefix;

    Automaton(Pattern pattern, String prefix) {
      this.pattern = pattern;
      this.prefix = prefix;
    }

    @Override
    boolean matches(String s) {
      // The prefix test rejects most values of a label for a fraction of the automaton's cost.
      return s.startsWith(prefix) && pattern.matches(s);
    }

    @Override
    String prefix() {
      return prefix;
    }
  }

  private static final class Literal extends RegexMatcher {
    private final String value;

    Literal(String value) {
      this.value = value;
    }

    @Override
    boolean matches(String s) {
      return value.equals(s);
    }

    @Override
    String prefix() {
      return value;
    }
  }

  private static final class LiteralSet extends RegexMatcher {
    private final Set<String> values;
    private final String prefix;

    LiteralSet(List<String> values, String prefix) {
      this.values = new HashSet<>(values);
      this.prefix = prefix;
    }

    @Override
    boolean matches(String s) {
      return values.contains(s);
    }

    @Override
    String prefix() {
      return prefix;
    }
  }

  /** {@code .*} or {@code .+}: anything on one line, since {@code .} does not match a newline. */
  private static final class AnyWithoutNewline extends RegexMatcher {
    private final boolean nonEmpty;

    AnyWithoutNewline(boolean nonEmpty) {
      this.nonEmpty = nonEmpty;
    }

    @Override
    boolean matches(String s) {
      return (!nonEmpty || !s.isEmpty()) && s.indexOf('\n') < 0;
    }

    @Override
    String prefix() {
      return "";
    }
  }

  /**
   * {@code lit} and then {@code n} dots: the literal followed by exactly {@code n} code points (as
   * RE2 counts them on a Java string, an unpaired surrogate being one), none of them a newline.
   */
  private static final class FixedTail extends RegexMatcher {
    private final String literal;
    private final int count;

    FixedTail(String literal, int count) {
      this.literal = literal;
      this.count = count;
    }

    @Override
    String prefix() {
      return literal;
    }

    @Override
    boolean matches(String s) {
      int from = literal.length();
      int rest = s.length() - from;
      return rest >= count && rest <= 2 * count && s.startsWith(literal)
          && s.codePointCount(from, s.length()) == count && s.indexOf('\n', from) < 0;
    }
  }

  /** {@code lit.*}, {@code .*lit} or {@code .*lit.*}; the {@code .*} parts must not span a newline. */
  private static final class Surrounded extends RegexMatcher {
    private final String literal;
    private final boolean leadingAny;
    private final boolean trailingAny;

    Surrounded(String literal, boolean leadingAny, boolean trailingAny) {
      this.literal = literal;
      this.leadingAny = leadingAny;
      this.trailingAny = trailingAny;
    }

    @Override
    String prefix() {
      return leadingAny ? "" : literal;
    }

    @Override
    boolean matches(String s) {
      if (!leadingAny) {
        return s.startsWith(literal) && s.indexOf('\n', literal.length()) < 0;
      }
      if (!trailingAny) {
        int head = s.length() - literal.length();
        return s.endsWith(literal) && s.lastIndexOf('\n', head - 1) < 0;
      }
      // .*lit.* : some occurrence of the literal with no newline outside it. Newlines in the
      // literal itself are allowed, so an occurrence must span the first and last newline.
      int first = s.indexOf('\n');
      if (first < 0) {
        return s.contains(literal);
      }
      int last = s.lastIndexOf('\n');
      for (int i = s.indexOf(literal); i >= 0; i = s.indexOf(literal, i + 1)) {
        if (i <= first && i + literal.length() > last) {
          return true;
        }
        if (i > first) {
          break;
        }
      }
      return false;
    }
  }
}
