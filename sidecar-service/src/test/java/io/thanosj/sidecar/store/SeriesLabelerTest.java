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

  @Test
  void messagesCarryEveryLabelAndReuseTheExternalOnes() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("cluster", "eu", "replica", "ä"), Set.of());
    Labels a = l.fromRemoteRead(wire("__name__", "up", "cluster", "us", "job", "x"));
    Labels b = l.fromRemoteRead(wire("__name__", "down"));
    List<Label> messages = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      messages.add(l.message(a, i));
    }
    assertThat(messages).isEqualTo(wire("__name__", "up", "cluster", "eu", "job", "x", "replica", "ä"));
    // One message per external label, shared by every series.
    assertThat(l.message(b, 1)).isSameAs(l.message(a, 1));
    assertThat(l.message(b, 2)).isSameAs(l.message(a, 3));
    assertThat(l.message(a, 3).toByteArray()).isEqualTo(wire("replica", "ä").get(0).toByteArray());
  }
}
