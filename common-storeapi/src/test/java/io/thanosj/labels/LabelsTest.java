package io.thanosj.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void sortedUniqueAndEmptyValuesAreAbsent() {
    Labels l = Labels.of("b", "2", "a", "1", "c", "", "b", "3");
    assertThat(l.names()).containsExactly("a", "b");
    assertThat(l.get("b")).isEqualTo("3");
    assertThat(l.get("c")).isEmpty();
    assertThat(l.has("c")).isFalse();
    assertThat(l.toString()).isEqualTo("{a=\"1\", b=\"3\"}");
  }

  @Test
  void orderIsPrometheusLabelsCompare() {
    List<Labels> sorted = new ArrayList<>(List.of(
        Labels.of("a", "2"),
        Labels.of("a", "1", "b", "1"),
        Labels.of("a", "1"),
        Labels.of("b", "0"),
        Labels.EMPTY));
    sorted.sort(null);
    assertThat(sorted).containsExactly(
        Labels.EMPTY, Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), Labels.of("a", "2"), Labels.of("b", "0"));
  }

  @Test
  void stringOrderIsUtf8ByteOrderNotUtf16() {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 9F 98 80), although its
    // UTF-16 code unit is greater than the surrogate D83D.
    String fullwidth = "\uFF5E";
    String emoji = "\uD83D\uDE00";
    assertThat(fullwidth.compareTo(emoji)).isPositive();
    assertThat(StringOrder.compare(fullwidth, emoji)).isNegative();
    assertThat(Labels.compare(Labels.of("a", fullwidth), Labels.of("a", emoji))).isNegative();
  }

  @Test
  void equalityAndHashIgnoreConstructionOrder() {
    Labels x = Labels.of("a", "1", "b", "2");
    Labels y = new Labels.Builder().set("b", "2").set("a", "1").build();
    assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
    assertThat(x).isNotEqualTo(Labels.of("a", "1", "b", "3"));
  }

  @Test
  void withoutAndKeepOnly() {
    Labels l = Labels.of("__name__", "up", "replica", "a", "job", "api");
    assertThat(l.without(Set.of("replica"))).isEqualTo(Labels.of("__name__", "up", "job", "api"));
    assertThat(l.without(Set.of("nope"))).isSameAs(l);
    assertThat(l.keepOnly(Set.of("job"))).isEqualTo(Labels.of("job", "api"));
  }

  @Test
  void internerIsBoundedAndReturnsEqualStrings() {
    StringInterner interner = new StringInterner(16);
    assertThat(interner.capacity()).isEqualTo(16);
    String first = interner.intern(new String("job".toCharArray()));
    assertThat(interner.intern(new String("job".toCharArray()))).isSameAs(first);
    for (int i = 0; i < 10_000; i++) {
      assertThat(interner.intern("v" + i)).isEqualTo("v" + i);
    }
  }
}
