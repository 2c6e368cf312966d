package io.thanosj.sidecar.store;

import com.google.protobuf.ByteString;
import io.thanosj.labels.Labels;
import io.thanosj.labels.StringOrder;
import io.thanosj.storeapi.proto.Label;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns the labels of a series as Prometheus' remote read returns them into the labels the sidecar
 * serves. Prometheus merges its external labels in with the stored labels winning a name clash;
 * Thanos' sidecar wants the external label to win, and drops the request's
 * {@code without_replica_labels}. Both inputs are sorted, so this is one linear merge per series.
 */
final class SeriesLabeler {

  private final String[] external; // sorted name/value pairs, without the dropped names
  private final Set<String> dropped;
  // The StoreAPI messages of the external labels, built once with their UTF-8 bytes: every series
  // carries them, and a message holding bytes is sent without encoding its strings again.
  private final Label[] externalMessages;

  SeriesLabeler(Labels externalLabels, Set<String> withoutReplicaLabels) {
    Labels kept = externalLabels.without(withoutReplicaLabels);
    this.external = new String[kept.size() * 2];
    for (int i = 0; i < kept.size(); i++) {
      external[2 * i] = kept.name(i);
      external[2 * i + 1] = kept.value(i);
    }
    this.dropped = Set.copyOf(withoutReplicaLabels);
    this.externalMessages = new Label[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      externalMessages[i] = Label.newBuilder()
          .setNameBytes(ByteString.copyFromUtf8(kept.name(i)))
          .setValueBytes(ByteString.copyFromUtf8(kept.value(i)))
          .build();
    }
  }

  /** Labels of a remote-read series (sorted by name, as Prometheus sends them; re-sorted if not). */
  Labels fromRemoteRead(List<Label> wire) {
    int n = wire.size();
    String[] series = new String[n * 2];
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      Label l = wire.get(i);
      series[2 * i] = l.getName();
      series[2 * i + 1] = l.getValue();
      if (i > 0 && StringOrder.compare(series[2 * i - 2], series[2 * i]) >= 0) {
        sorted = false;
      }
    }
    if (!sorted) {
      series = sortedPairs(series);
    }
    return merge(series);
  }

  /**
   * The StoreAPI message of label {@code i} of labels this labeler made. External labels are the
   * labeler's own strings (compared by reference), so they map to the messages built once.
   */
  Label message(Labels labels, int i) {
    String name = labels.name(i);
    String value = labels.value(i);
    for (int j = 0; j < externalMessages.length; j++) {
      if (external[2 * j] == name && external[2 * j + 1] == value) {
        return externalMessages[j];
      }
    }
    return Label.newBuilder().setName(name).setValue(value).build();
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

  private static String[] sortedPairs(String[] pairs) {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.set(pairs[i], pairs[i + 1]);
    }
    Labels l = b.build();
    String[] out = new String[l.size() * 2];
    for (int i = 0; i < l.size(); i++) {
      out[2 * i] = l.name(i);
      out[2 * i + 1] = l.value(i);
    }
    return out;
  }
}
