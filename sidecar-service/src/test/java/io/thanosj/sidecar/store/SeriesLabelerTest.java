package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesLabelerTest {

  private static List<Label> wire(String... pairs) {
    List<Label> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(Label.newBuilder().setName(pairs[i]).setValue(pairs[i + 1]).build());
    }
    return out;
  }

  @Test
  void externalLabelsAreAddedAndWinAClashWithAStoredLabel() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("cluster", "eu", "replica", "a"), Set.of());
    // Prometheus let the stored cluster="us" win; the sidecar serves its own external value.
    assertThat(l.fromRemoteRead(wire("__name__", "up", "cluster", "us", "job", "x")))
        .isEqualTo(Labels.of("__name__", "up", "cluster", "eu", "job", "x", "replica", "a"));
  }

  @Test
  void withoutReplicaLabelsAreDroppedWhetherExternalOrStored() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("cluster", "eu", "replica", "a"), Set.of("replica", "pod"));
    assertThat(l.fromRemoteRead(wire("__name__", "up", "pod", "p1", "replica", "a")))
        .isEqualTo(Labels.of("__name__", "up", "cluster", "eu"));
    assertThat(l.fromStored(Labels.of("__name__", "up", "replica", "stored")))
        .isEqualTo(Labels.of("__name__", "up", "cluster", "eu"));
  }

  @Test
  void unsortedWireLabelsAreSortedFirst() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("replica", "a"), Set.of());
    assertThat(l.fromRemoteRead(wire("job", "x", "__name__", "up")))
        .isEqualTo(Labels.of("__name__", "up", "job", "x", "replica", "a"));
  }

  @Test
  void storedLabelsAloneGetTheExternalLabels() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("a", "1", "z", "9"), Set.of());
    assertThat(l.fromStored(Labels.of("m", "5"))).isEqualTo(Labels.of("a", "1", "m", "5", "z", "9"));
  }
}
