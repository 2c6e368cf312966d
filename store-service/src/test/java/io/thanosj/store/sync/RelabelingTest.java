package io.thanosj.store.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.labels.Labels;
import org.junit.jupiter.api.Test;

class RelabelingTest {

  private static final Labels BLOCK = Labels.of("cluster", "eu-1", "replica", "a", "__block_id", "01HQZK5X0000000000000000AB");

  @Test
  void keepAndDropSelectOnExternalLabels() {
    Relabeling keep = Relabeling.parse("""
        - action: keep
          source_labels: [cluster]
          regex: eu-.*
        """);
    assertThat(keep.apply(BLOCK)).isNotNull();
    assertThat(keep.apply(Labels.of("cluster", "us-1"))).isNull();
    Relabeling drop = Relabeling.parse("- {action: drop, source_labels: [cluster, replica], regex: 'eu-1;a'}");
    assertThat(drop.apply(BLOCK)).isNull();
    assertThat(drop.apply(Labels.of("cluster", "eu-1", "replica", "b"))).isNotNull();
  }

  @Test
  void hashmodOnTheBlockIdShardsBlocksAcrossStores() {
    int kept = 0;
    for (int shard = 0; shard < 3; shard++) {
      Relabeling r = Relabeling.parse("""
          - action: hashmod
            source_labels: [__block_id]
            target_label: shard
            modulus: 3
          - action: keep
            source_labels: [shard]
            regex: %d
          """.formatted(shard));
      if (r.apply(BLOCK) != null) {
        kept++;
      }
    }
    assertThat(kept).as("exactly one of three shards serves the block").isEqualTo(1);
    // Prometheus' sum64: the last 8 bytes of the MD5, big-endian (md5("a") = 0cc175b9c0f1b6a8 31c399e269772661).
    assertThat(Relabeling.sum64("a")).isEqualTo(0x31c399e269772661L);
  }

  @Test
  void replaceAndLabelmapRewriteLabels() {
    Relabeling r = Relabeling.parse("""
        - source_labels: [cluster]
          regex: (\\w+)-(\\d)
          target_label: region
          replacement: ${1}
        - action: labelmap
          regex: re(.*)
          replacement: x_$1
        - action: labeldrop
          regex: replica
        """);
    assertThat(r.apply(Labels.of("cluster", "eu-1", "replica", "a")))
        .isEqualTo(Labels.of("cluster", "eu-1", "region", "eu", "x_gion", "eu", "x_plica", "a"));
  }

  @Test
  void badConfigsFailWithTheRuleAndField() {
    assertThatThrownBy(() -> Relabeling.parse("- {action: keepequal, source_labels: [a]}")).hasMessageContaining("rule 1").hasMessageContaining("keepequal");
    assertThatThrownBy(() -> Relabeling.parse("- {action: hashmod, source_labels: [a], target_label: s}")).hasMessageContaining("modulus");
    assertThatThrownBy(() -> Relabeling.parse("- {action: keep, regex: '(a'}")).hasMessageContaining("bad regex");
    assertThatThrownBy(() -> Relabeling.parse("action: keep")).hasMessageContaining("list");
  }
}
