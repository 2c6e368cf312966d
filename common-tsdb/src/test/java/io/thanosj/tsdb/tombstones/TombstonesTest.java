package io.thanosj.tsdb.tombstones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.io.ByteArraySource;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TombstonesTest {

  @Test
  void emptyFileIsPrometheusNineBytes() {
    assertThat(HexFormat.of().formatHex(Tombstones.EMPTY.encode())).isEqualTo("0130ba300100000000");
    assertThat(Tombstones.read(new ByteArraySource("t", Tombstones.EMPTY.encode())).isEmpty()).isTrue();
  }

  @Test
  void roundTripsIntervalsPerSeries() {
    Tombstones t = Tombstones.EMPTY.with(5, -10, 20).with(5, 100, 200).with(1L << 40, Long.MIN_VALUE, Long.MAX_VALUE);
    Tombstones back = Tombstones.read(new ByteArraySource("t", t.encode()));
    assertThat(back.asMap()).isEqualTo(t.asMap());
    assertThat(back.get(5).contains(15)).isTrue();
    assertThat(back.get(5).contains(50)).isFalse();
    assertThat(back.get(6)).isSameAs(Intervals.NONE);
    assertThat(back.intervalCount()).isEqualTo(3);
  }

  @Test
  void intervalsMergeOverlappingAndAdjacentRanges() {
    Intervals in = Intervals.of(10, 20).add(30, 40).add(21, 25);
    assertThat(in.toString()).isEqualTo("[[10, 25], [30, 40]]");
    assertThat(in.add(26, 29).toString()).isEqualTo("[[10, 40]]");
    assertThat(in.add(0, 5).add(50, 60).toString()).isEqualTo("[[0, 5], [10, 25], [30, 40], [50, 60]]");
    assertThat(in.add(15, 35).toString()).isEqualTo("[[10, 40]]");
    assertThat(in.covers(11, 24)).isTrue();
    assertThat(in.covers(11, 31)).isFalse();
    assertThat(Intervals.of(Long.MIN_VALUE, 0).add(1, Long.MAX_VALUE).toString())
        .isEqualTo("[[" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]]");
  }

  @Test
  void badMagicAndChecksumAreReported() {
    byte[] b = Tombstones.EMPTY.with(1, 2, 3).encode();
    byte[] magic = b.clone();
    magic[0] ^= 1;
    assertThatThrownBy(() -> Tombstones.read(new ByteArraySource("blk/tombstones", magic)))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("blk/tombstones: corrupt at offset 0");
    byte[] crc = b.clone();
    crc[6] ^= 1;
    assertThatThrownBy(() -> Tombstones.read(new ByteArraySource("blk/tombstones", crc)))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("checksum mismatch");
  }
}
