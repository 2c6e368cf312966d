package io.thanosj.promql.format;

import io.thanosj.labels.Labels;

/** Prometheus' {@code labels.Labels.String()}: {@code {a="1", b="2"}} with Go-quoted values. */
public final class LabelsText {

  private LabelsText() {}

  public static String format(Labels l) {
    StringBuilder sb = new StringBuilder(16 * l.size() + 2).append('{');
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append('=').append(GoStrings.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }
}
