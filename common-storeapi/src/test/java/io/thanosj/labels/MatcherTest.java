package io.thanosj.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {

  private static boolean re(String pattern, String value) {
    return Matcher.of(Matcher.Type.RE, "l", pattern).matches(value);
  }

  @ParameterizedTest(name = "=~\"{0}\" on \"{1}\" -> {2}")
  @CsvSource(delimiterString = " ; ", value = {
      // Fully anchored: a regex must match the whole value.
      "2 ; 200 ; false",
      "2.. ; 200 ; true",
      "2.* ; 200 ; true",
      ".*0 ; 200 ; true",
      "0 ; 200 ; false",
      "api ; web-api ; false",
      ".*api ; web-api ; true",
      // The alternation is inside the anchors: ^(?:a|b)$, not ^a|b$.
      "a|b ; xb ; false",
      "a|b ; ax ; false",
      "a|b ; b ; true",
      "foo|bar ; foobar ; false",
      // Explicit anchors are allowed and redundant.
      "^foo$ ; foo ; true",
      "^foo ; foox ; false",
      // Empty pattern and empty value (an absent label).
      "'' ; '' ; true",
      "'' ; x ; false",
      ".* ; '' ; true",
      ".+ ; '' ; false",
      "a? ; '' ; true",
      // RE2 syntax: classes, counted repetition, Unicode classes, escaped meta characters.
      "\\d+ ; 123 ; true",
      "\\d+ ; 12a ; false",
      "[a-c]{2,3} ; abc ; true",
      "[a-c]{2,3} ; abcd ; false",
      "\\pL+ ; héllo ; true",
      "foo\\.bar ; foo.bar ; true",
      "foo\\.bar ; fooxbar ; false",
      "(?i)FOO ; foo ; true",
      "(?P<x>a)b ; ab ; true",
  })
  void anchoringAndSyntaxFollowPrometheus(String pattern, String value, boolean expected) {
    assertThat(re(pattern, value)).isEqualTo(expected);
    assertThat(Matcher.of(Matcher.Type.NRE, "l", pattern).matches(value)).isEqualTo(!expected);
  }

  @Test
  void dotDoesNotMatchNewlineAsInPrometheus2() {
    assertThat(re(".*", "a\nb")).isFalse();
    assertThat(re(".+", "a\nb")).isFalse();
    assertThat(re("a.*", "ab\nc")).isFalse();
    assertThat(re(".*c", "ab\nc")).isFalse();
    assertThat(re(".*b.*", "a\nbc")).isFalse();
    assertThat(re("a\nb", "a\nb")).isTrue();
    assertThat(re("(?s).*", "a\nb")).isTrue();
  }

  @Test
  void missingLabelsMatchAsEmptyString() {
    Labels l = Labels.of("job", "api");
    assertThat(Matcher.of(Matcher.Type.EQ, "env", "").matches(l)).isTrue();
    assertThat(Matcher.of(Matcher.Type.NEQ, "env", "").matches(l)).isFalse();
    assertThat(Matcher.of(Matcher.Type.RE, "env", ".*").matches(l)).isTrue();
    assertThat(Matcher.of(Matcher.Type.RE, "env", ".+").matches(l)).isFalse();
    assertThat(Matcher.of(Matcher.Type.NRE, "env", "prod").matches(l)).isTrue();
    assertThat(Matcher.of(Matcher.Type.EQ, "job", "api").matches(l)).isTrue();
    assertThat(Matcher.of(Matcher.Type.NEQ, "job", "api").matches(l)).isFalse();
  }

  @Test
  void invalidOrNonRe2PatternsAreRejectedWithTheirText() {
    for (String bad : List.of("(", "a(b", "[a-", "*a", "a{2,1}", "(?=a)", "(a)\\1", "a++")) {
      assertThatThrownBy(() -> Matcher.of(Matcher.Type.RE, "job", bad))
          .as(bad)
          .isInstanceOf(InvalidMatcherException.class)
          .hasMessageStartingWith("invalid regular expression \"" + bad + "\"");
    }
    // A shortcut shape must not let an invalid pattern through.
    assertThatThrownBy(() -> Matcher.of(Matcher.Type.RE, "job", "a|b)")).isInstanceOf(InvalidMatcherException.class);
  }

  /** Thousands of characters against patterns that are exponential for a back-tracking engine. */
  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS) // a hang guard, not a speed target
  void pathologicalPatternsRunInLinearTime() {
    String as = "a".repeat(10_000);
    // java.util.regex needs on the order of 2^n steps for these on n characters.
    assertThat(re("(a|a)*b", as)).isFalse();
    assertThat(re("(a+)+b", as)).isFalse();
    assertThat(re("(a*)*b", as)).isFalse();
    assertThat(re("(a|aa)+", as)).isTrue();
    assertThat(re("(.*a){20}", as)).isTrue();
  }

  /** Every shortcut must agree with the plain anchored automaton. */
  @Test
  void shortcutsAgreeWithTheAutomaton() {
    // The shapes below must not reach RE2 (the point of the shortcuts); the rest of the list must.
    assertThat(RegexMatcher.compile("host-1..").getClass().getSimpleName()).isEqualTo("FixedTail");
    assertThat(RegexMatcher.compile("foo.{2}").getClass().getSimpleName()).isEqualTo("Automaton");
    List<String> patterns = List.of("foo", "foo|bar|baz", "(foo|bar)", "(?:foo|bar)", "foo.*", ".*foo", ".*foo.*",
        ".*", ".+", "f\\.o", "a\\|b|c", "foo\\.*", "", "|a", "a||b", ".*a.*", "x.*", ".*\n.*", "foo..", "..", "f\\..",
        "f\\.", "(foo.)", "a\\\\..", "fo.o", "foo.|bar", "foo..*", "foo.{2}");
    List<String> values = List.of("", "foo", "bar", "baz", "foobar", "barfoo", "xfoox", "f.o", "fxo", "a|b", "c",
        "a", "b", "foo...", "fo", "\n", "foo\n", "\nfoo", "x\nfoo\ny", "xfoo\n", "a\na", "x", "xyz", "\n\n",
        "foo12", "foo1", "foo123", "foo\n1", "foo1\n", "foo\uD83D\uDE00x", "foo\uD83D\uDE00", "foo\uD83Dx", "foo\uDE00\uD83D",
        "f.o1", "f.", "fxo1", "a\\12", "fooo", "foox", "ab", "\uD83D\uDE00\uD83D\uDE00");
    for (String p : patterns) {
      Pattern reference = Pattern.compile("^(?:" + p + ")$");
      Matcher m = Matcher.of(Matcher.Type.RE, "l", p);
      for (String v : values) {
        assertThat(m.matches(v)).as("=~\"%s\" on \"%s\"", p, v).isEqualTo(reference.matches(v));
      }
    }
  }

  @ParameterizedTest(name = "prefix of \"{0}\" is \"{1}\"")
  @CsvSource(delimiterString = " ; ", value = {
      "host-1.. ; host-1",
      "host-1.*x ; host-1",
      "(host-1..) ; host-1",
      "(?:host-1..) ; host-1",
      "host\\.a.+ ; host.a",
      "ab* ; a",
      "ab+ ; a",
      "ab? ; a",
      "ab{2} ; a",
      "a\\.* ; a",
      "host-(a|b) ; host-",
      "a|b ; ''",
      "ab|ac ; a",
      "ab.|ac ; ''",
      "(ab)|(ac) ; ''",
      "[a]b|c ; ''",
      "(?i)host ; ''",
      "^host ; ''",
      "\\d+ ; ''",
      ".*host ; ''",
      "host.* ; host",
      "'' ; ''",
  })
  void literalPrefixIsSafe(String pattern, String prefix) {
    assertThat(Matcher.of(Matcher.Type.RE, "l", pattern).literalPrefix()).isEqualTo(prefix);
    assertThat(Matcher.of(Matcher.Type.NRE, "l", pattern).literalPrefix()).isEqualTo(prefix);
  }

  /** Whatever prefix is read off a pattern, every value the pattern matches starts with it. */
  @Test
  void everyMatchStartsWithTheLiteralPrefix() {
    List<String> patterns = List.of("host-1..", "ab*c", "a\\.b+", "x(y|z)w", "\uD83D\uDE00+a", "a\uD83D\uDE00*",
        "h(o)st.", "ho{1,2}st", "a.b|a.c", "ab|a", "[ab]c|d", "abc?", "a\\*b", "a\\", "\\(a\\)b");
    List<String> values = List.of("", "a", "ab", "abc", "ac", "abbc", "a.b", "a.bb", "xyw", "xzw", "\uD83D\uDE00a",
        "\uD83D\uDE00\uD83D\uDE00a", "a\uD83D\uDE00", "host", "hoost", "hosta", "host-100", "host-1a",
        "a.c", "bc", "d", "a*b", "a\\", "(a)b", "host-1000", "h", "hst");
    for (String p : patterns) {
      Pattern reference;
      try {
        reference = Pattern.compile("^(?:" + p + ")$");
      } catch (RuntimeException e) {
        continue;
      }
      Matcher m = Matcher.of(Matcher.Type.RE, "l", p);
      for (String v : values) {
        assertThat(m.matches(v)).as("=~\"%s\" on \"%s\"", p, v).isEqualTo(reference.matches(v));
        if (reference.matches(v)) {
          assertThat(v).as("match of %s", p).startsWith(m.literalPrefix());
        }
      }
    }
    assertThat(Matcher.of(Matcher.Type.RE, "l", "\uD83D\uDE00+a").literalPrefix()).isEmpty();
    assertThat(Matcher.of(Matcher.Type.RE, "l", "a\uD83D\uDE00*").literalPrefix()).isEqualTo("a");
    assertThat(Matcher.equal("l", "v").literalPrefix()).isEmpty();
  }

  @Test
  void textFormAndEquality() {
    assertThat(Matcher.of(Matcher.Type.NRE, "job", "a\"b").toString()).isEqualTo("job!~\"a\\\"b\"");
    assertThat(Matcher.of(Matcher.Type.RE, "a", "x|y")).isEqualTo(Matcher.of(Matcher.Type.RE, "a", "x|y"))
        .isNotEqualTo(Matcher.of(Matcher.Type.NRE, "a", "x|y"));
  }
}
