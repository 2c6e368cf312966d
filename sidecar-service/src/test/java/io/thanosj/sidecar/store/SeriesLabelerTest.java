package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The labels of skip_chunks answers; remote-read series are covered by StoreSeriesEncoderTest. */
class SeriesLabelerTest {

  @Test
  void externalLabelsWinAClashAndWithoutReplicaLabelsAreDropped() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("cluster", "eu", "replica", "a"), Set.of("replica", "pod"));
    assertThat(l.fromStored(Labels.of("__name__", "up", "cluster", "us", "pod", "p1", "replica", "stored")))
        .isEqualTo(Labels.of("__name__", "up", "cluster", "eu"));
  }

  @Test
  void storedLabelsAloneGetTheExternalLabels() {
    SeriesLabeler l = new SeriesLabeler(Labels.of("a", "1", "z", "9"), Set.of());
    assertThat(l.fromStored(Labels.of("m", "5"))).isEqualTo(Labels.of("a", "1", "m", "5", "z", "9"));
  }
}
