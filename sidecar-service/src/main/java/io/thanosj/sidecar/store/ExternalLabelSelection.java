package io.thanosj.sidecar.store;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * How a request's matchers relate to this sidecar's external labels (Thanos' {@code
 * matchesExternalLabels}). A matcher that names an external label is decided here, against the
 * external value, and is not sent to Prometheus: if it fails the sidecar has no matching series at
 * all; if it holds it is dropped. Matchers on other labels go to Prometheus unchanged.
 *
 * @param matches false when some matcher rules this sidecar out entirely
 * @param remaining the matchers to send to Prometheus (empty when {@code matches} is false)
 */
public record ExternalLabelSelection(boolean matches, List<Matcher> remaining) {

  public static ExternalLabelSelection of(List<Matcher> matchers, Labels externalLabels) {
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
