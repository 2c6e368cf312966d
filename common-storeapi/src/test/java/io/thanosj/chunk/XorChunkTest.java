package io.thanosj.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XorChunkTest {

  /** The "temp" chunk of a promtool-made block (facts sheet §4), bytes after the record header. */
  private static final String PROMTOOL_TEMP_CHUNK = "000480a0abfef9624034800000000000 9875e20dbc3e88";

  @Test
  void encodesPrometheusTestVectorByteForByte() {
    XorChunk c = new XorChunk();
    long t0 = 1_700_000_000_000L;
    c.append(t0, 20.5);
    c.append(t0 + 15_000, 20.75);
    c.append(t0 + 30_000, 21);
    c.append(t0 + 45_000, 21.25);
    assertThat(HexFormat.of().formatHex(c.bytes())).isEqualTo(PROMTOOL_TEMP_CHUNK.replace(" ", ""));
  }

  @Test
  void decodesPrometheusTestVector() {
    XorIterator it = new XorIterator(HexFormat.of().parseHex(PROMTOOL_TEMP_CHUNK.replace(" ", "")));
    long t0 = 1_700_000_000_000L;
    double[] want = {20.5, 20.75, 21, 21.25};
    for (int i = 0; i < 4; i++) {
      assertThat(it.next()).isTrue();
      assertThat(it.atT()).isEqualTo(t0 + 15_000L * i);
      assertThat(it.atV()).isEqualTo(want[i]);
    }
    assertThat(it.next()).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void keepsGoBstreamTrailingZeroByteAfterByteAlignedWrites() {
    // Go's bstream leaves a fresh zero byte after each whole byte written: a one-sample chunk (varint
    // time and 64 value bits, all whole bytes) is header + 6 + 8 + 1 bytes in Prometheus.
    XorChunk c = new XorChunk();
    c.append(1_700_000_000_000L, 20.5);
    assertThat(HexFormat.of().formatHex(c.bytes())).isEqualTo("000180a0abfef962403480000000000000");
    c.append(1_700_000_015_000L, 20.5); // uvarint delta (whole bytes) then a single '0' bit
    assertThat(HexFormat.of().formatHex(c.bytes())).isEqualTo("000280a0abfef9624034800000000000987500");
    XorIterator it = new XorIterator(c.bytes());
    assertThat(it.next() && it.next()).isTrue();
    assertThat(it.atT()).isEqualTo(1_700_000_015_000L);
    assertThat(it.next()).isFalse();
  }

  @Test
  void emptyChunkIsTwoZeroBytes() {
    XorChunk c = new XorChunk();
    assertThat(c.bytes()).containsExactly(0, 0);
    assertThat(new XorIterator(c.bytes()).next()).isFalse();
  }

  @Test
  void roundTripsRandomSeriesBitExactly() {
    SplittableRandom rnd = new SplittableRandom(42);
    XorChunk c = new XorChunk();
    XorIterator it = new XorIterator();
    for (int round = 0; round < 2_000; round++) {
      int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400);
      long[] ts = new long[n];
      double[] vs = new double[n];
      fill(rnd, ts, vs);
      c.reset();
      for (int i = 0; i < n; i++) {
        c.append(ts[i], vs[i]);
      }
      byte[] bytes = c.bytes();
      assertThat(bytes).isEqualTo(XorChunk.encode(ts, vs, 0, n));
      it.reset(bytes, 0, bytes.length);
      assertThat(it.numSamples()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(it.next()).as("sample %d of round %d", i, round).isTrue();
        assertThat(it.atT()).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(it.atV())).isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(it.next()).isFalse();
    }
  }

  /** Timestamps with every dod width and values that exercise every window case. */
  static void fill(SplittableRandom rnd, long[] ts, double[] vs) {
    long t = rnd.nextLong(-1L << 45, 1L << 45);
    double v = rnd.nextDouble() * 1000;
    long step = 1 + rnd.nextInt(60_000);
    for (int i = 0; i < ts.length; i++) {
      switch (rnd.nextInt(8)) {
        case 0 -> step += rnd.nextInt(-8191, 8193);
        case 1 -> step += rnd.nextInt(-65535, 65537);
        case 2 -> step += rnd.nextInt(-524287, 524289);
        case 3 -> step += rnd.nextLong(1L << 40);
        default -> { } // same delta
      }
      if (step < 1) {
        step = 1;
      }
      t += step;
      ts[i] = t;
      v = switch (rnd.nextInt(12)) {
        case 0 -> Double.NaN;
        case 1 -> StaleMarker.VALUE;
        case 2 -> Double.POSITIVE_INFINITY;
        case 3 -> Double.NEGATIVE_INFINITY;
        case 4 -> -0.0;
        case 5 -> rnd.nextDouble();
        case 6 -> Double.longBitsToDouble(rnd.nextLong());
        case 7 -> v + 1;
        default -> v;
      };
      vs[i] = v;
    }
  }

  @Test
  void seekStaysPutMovesForwardAndReportsExhaustion() {
    long[] ts = {10, 20, 30, 40};
    double[] vs = {1, 2, 3, 4};
    XorIterator it = new XorIterator(XorChunk.encode(ts, vs, 0, 4));
    assertThat(it.seek(15)).isTrue();
    assertThat(it.atT()).isEqualTo(20);
    assertThat(it.seek(5)).isTrue();
    assertThat(it.atT()).isEqualTo(20);
    assertThat(it.seek(40)).isTrue();
    assertThat(it.atV()).isEqualTo(4);
    assertThat(it.seek(41)).isFalse();
    assertThat(it.seek(0)).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void decodesFromAnOffsetInsideADirectBuffer() {
    byte[] chunk = XorChunk.encode(new long[] {1, 2, 3}, new double[] {7, 8, 9}, 0, 3);
    ByteBuffer direct = ByteBuffer.allocateDirect(chunk.length + 13);
    direct.put(13, chunk);
    XorIterator it = new XorIterator().reset(direct, 13, chunk.length);
    assertThat(it.seek(3)).isTrue();
    assertThat(it.atV()).isEqualTo(9);
  }

  @Test
  void rejectsMoreSamplesThanTheCountFieldHolds() {
    XorChunk c = new XorChunk();
    for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
      c.append(i, i);
    }
    assertThatThrownBy(() -> c.append(1 << 20, 0)).isInstanceOf(IllegalStateException.class);
    XorIterator it = new XorIterator(c.bytes());
    int n = 0;
    while (it.next()) {
      assertThat(it.atT()).isEqualTo(n);
      n++;
    }
    assertThat(n).isEqualTo(XorChunk.MAX_SAMPLES);
  }

  @Test
  void declaredCountBeyondTheDataThrowsInsteadOfInventingSamples() {
    byte[] chunk = XorChunk.encode(new long[] {1000, 2000, 3000}, new double[] {1.5, 2.5, 3.5}, 0, 3);
    chunk[0] = (byte) 0xFF; // claims 65280+ samples
    XorIterator it = new XorIterator(chunk);
    assertThatThrownBy(() -> {
          while (it.next()) {
            // drain
          }
        })
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("declares 65283 samples");
  }

  @Test
  void everyTruncationOfAChunkThrows() {
    SplittableRandom rnd = new SplittableRandom(7);
    long[] ts = new long[200];
    double[] vs = new double[200];
    fill(rnd, ts, vs);
    byte[] chunk = XorChunk.encode(ts, vs, 0, ts.length);
    XorIterator it = new XorIterator();
    for (int len = 0; len < chunk.length; len++) {
      int cut = len;
      assertThatThrownBy(() -> {
            it.reset(chunk, 0, cut);
            while (it.next()) {
              // drain
            }
          })
          .as("truncated to %d bytes", len)
          .isInstanceOf(CorruptChunkException.class);
    }
  }

  @Test
  void impossibleValueWindowThrows() {
    // count 2, t0 = 0, v0 = 0.0, delta 1, then '11' + leading 31 + significant 63 (> 64 in total)
    byte[] chunk = HexFormat.of().parseHex("0002" + "00" + "0000000000000000" + "01" + "fffe" + "000000000000000000");
    XorIterator it = new XorIterator(chunk);
    assertThat(it.next()).isTrue();
    assertThatThrownBy(it::next)
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("31 leading zeros and 63 significant bits");
  }

  @Test
  void overlongTimestampVarintThrows() {
    byte[] chunk = HexFormat.of().parseHex("0001" + "ffffffffffffffffff7f" + "0000000000000000");
    assertThatThrownBy(() -> new XorIterator(chunk).next())
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("overflows");
  }
}
