package io.thanosj.sidecar.store;

import io.thanosj.labels.Labels;
import io.thanosj.labels.StringOrder;
import java.util.Arrays;
import java.util.Set;

/**
 * Turns the stored labels of a series (from Prometheus' series API) into the labels the sidecar
 * serves; {@link StoreSeriesEncoder} does the same on bytes for remote-read series. Prometheus
 * merges its external labels in with the stored labels winning a name clash; Thanos' sidecar wants
 * the external label to win, and drops the request's {@code without_replica_labels}. Both inputs
 * are sorted, so this is one linear merge per series.
 */
final class SeriesLabeler {

  private final String[] external; // sorted name/value pairs, without the dropped names
  private final Set<String> dropped;

  SeriesLabeler(Labels externalLabels, Set<String> withoutReplicaLabels) {
    Labels kept = externalLabels.without(withoutReplicaLabels);
    this.external = new String[kept.size() * 2];
    for (int i = 0; i < kept.size(); i++) {
      external[2 * i] = kept.name(i);
      external[2 * i + 1] = kept.value(i);
    }
    this.dropped = Set.copyOf(withoutReplicaLabels);
  }

  /** Labels of a series from the HTTP series API, which has only the stored labels. */
  Labels fromStored(Labels stored) {
    String[] series = new String[stored.size() * 2];
    for (int i = 0; i < stored.size(); i++) {
      series[2 * i] = stored.name(i);
      series[2 * i + 1] = stored.value(i);
    }
    return merge(series);
  }

  private Labels merge(String[] series) {
    String[] out = new String[series.length + external.length];
    int i = 0;
    int j = 0;
    int o = 0;
    while (i < series.length || j < external.length) {
      int c;
      if (i >= series.length) {
        c = 1;
      } else if (j >= external.length) {
        c = -1;
      } else {
        c = StringOrder.compare(series[i], external[j]);
      }
      if (c < 0) {
        String name = series[i];
        // Dropped names go whether they are external labels (whose value would have replaced a
        // stored one) or stored labels.
        if (!dropped.contains(name)) {
          out[o++] = name;
          out[o++] = series[i + 1];
        }
        i += 2;
      } else {
        out[o++] = external[j];
        out[o++] = external[j + 1];
        j += 2;
        if (c == 0) {
          i += 2; // external wins the clash
        }
      }
    }
    return Labels.fromSortedPairs(o == out.length ? out : Arrays.copyOf(out, o));
  }
}
