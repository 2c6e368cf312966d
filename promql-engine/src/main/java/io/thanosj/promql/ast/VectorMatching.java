package io.thanosj.promql.ast;

import java.util.List;

/** How two instant vectors are matched: on/ignoring labels, and group_left/group_right includes. */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {

  public enum Cardinality {
    ONE_TO_ONE("one-to-one"),
    MANY_TO_ONE("many-to-one"),
    ONE_TO_MANY("one-to-many"),
    MANY_TO_MANY("many-to-many");

    private final String text;

    Cardinality(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  public static VectorMatching oneToOne() {
    return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
  }

  public VectorMatching withCard(Cardinality c) {
    return new VectorMatching(c, matchingLabels, on, include);
  }
}
