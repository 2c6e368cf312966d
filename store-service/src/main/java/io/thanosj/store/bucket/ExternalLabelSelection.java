package io.thanosj.store.bucket;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * How a request's matchers relate to one block's external labels (Thanos' {@code
 * FilterExtLabelsMatchers}): a matcher naming an external label is decided against the external
 * value; if it fails the block has no matching series, if it holds it is dropped. Matchers on other
 * labels go to the block's index.
 *
 * @param matches false when some matcher rules the block out entirely
 * @param remaining the matchers for the index (empty: every series of the block)
 */
record ExternalLabelSelection(boolean matches, List<Matcher> remaining) {

  static ExternalLabelSelection of(List<Matcher> matchers, Labels externalLabels) {
    List<Matcher> remaining = new ArrayList<>(matchers.size());
    for (Matcher m : matchers) {
      String external = externalLabels.get(m.name());
      if (external.isEmpty()) {
        remaining.add(m);
      } else if (!m.matches(external)) {
        return new ExternalLabelSelection(false, List.of());
      }
    }
    return new ExternalLabelSelection(true, List.copyOf(remaining));
  }
}
