package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UlidTest {

  @Test
  void parsesAndFormatsCrockfordBase32() {
    Ulid u = Ulid.parse("01M82KT49BY05TG38EFH4FX71S");
    assertThat(u.toString()).isEqualTo("01M82KT49BY05TG38EFH4FX71S");
    assertThat(Ulid.parse("01m82kt49by05tg38efh4fx71s")).isEqualTo(u);
    assertThat(Ulid.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").toString()).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    assertThat(Ulid.parse("00000000000000000000000000")).isEqualTo(new Ulid(0, 0));
  }

  @Test
  void timestampIsTheFirst48Bits() {
    Ulid u = new Ulid.Generator().next(1_700_000_000_000L);
    assertThat(u.timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(u.toString()).startsWith("01HF7YAT00");
  }

  @Test
  void generatorIsStrictlyMonotonicWithinAMillisecond() {
    Ulid.Generator g = new Ulid.Generator();
    Ulid prev = g.next(5);
    for (int i = 0; i < 1000; i++) {
      Ulid u = g.next(5);
      assertThat(u).isGreaterThan(prev);
      assertThat(u.timestamp()).isEqualTo(5);
      prev = u;
    }
    assertThat(g.next(6)).isGreaterThan(prev);
  }

  @Test
  void rejectsMalformedIds() {
    assertThatThrownBy(() -> Ulid.parse("01M82KT49BY05TG38EFH4FX71")).hasMessageContaining("26 characters");
    assertThatThrownBy(() -> Ulid.parse("01M82KT49BY05TG38EFH4FX71U")).hasMessageContaining("invalid character 'U'");
    assertThatThrownBy(() -> Ulid.parse("81M82KT49BY05TG38EFH4FX71S")).hasMessageContaining("overflows");
    assertThat(Ulid.isValid("debug")).isFalse();
  }
}
