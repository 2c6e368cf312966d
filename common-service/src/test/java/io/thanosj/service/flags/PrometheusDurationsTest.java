package io.thanosj.service.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusDurationsTest {

  @Test
  void parsesPrometheusSyntax() {
    assertThat(PrometheusDurations.parse("0")).isZero();
    assertThat(PrometheusDurations.parse("0s")).isZero();
    assertThat(PrometheusDurations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(PrometheusDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(PrometheusDurations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(PrometheusDurations.parse("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(PrometheusDurations.parse("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(PrometheusDurations.parse("1m1s1ms")).isEqualTo(Duration.ofMillis(61_001));
  }

  @Test
  void rejectsWhatPrometheusRejects() {
    for (String bad : new String[] {"", "1", "1.5h", "-1s", "1s1m", "1m1m", "1x", "h", " 1s"}) {
      assertThatThrownBy(() -> PrometheusDurations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void formatsTheShortestForm() {
    assertThat(PrometheusDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(PrometheusDurations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(PrometheusDurations.format(Duration.ofDays(14))).isEqualTo("2w");
    assertThat(PrometheusDurations.format(Duration.ofDays(90))).isEqualTo("90d");
    assertThat(PrometheusDurations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
  }
}
