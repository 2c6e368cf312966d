package io.thanosj.tsdb.downsample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.CorruptChunkException;
import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import io.thanosj.tsdb.chunks.EncodedChunk;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AggrChunkTest {

  private static EncodedChunk chunk(int encoding, byte... data) {
    return new EncodedChunk(encoding, ByteBuffer.wrap(data));
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void layoutIsLengthThenEncodingThenDataInCountSumMinMaxCounterOrderWithZeroForAbsent() {
    byte[] counter = new byte[200];
    Arrays.fill(counter, (byte) 0x5A);
    byte[] encoded = AggrChunk.encode(
        chunk(ChunkEncoding.XOR, bytes(0xAA, 0xBB)),   // count
        null,                                          // sum absent
        chunk(ChunkEncoding.XOR, bytes(0xCC)),         // min
        null,                                          // max absent
        chunk(ChunkEncoding.XOR, counter));            // counter: 200 bytes, a two-byte uvarint

    // Hand-computed from aggr.go: uvarint(len) excludes the encoding byte; absent = a single 0x00.
    byte[] head = bytes(
        0x02, 0x01, 0xAA, 0xBB,
        0x00,
        0x01, 0x01, 0xCC,
        0x00,
        0xC8, 0x01, 0x01);
    assertThat(encoded).hasSize(head.length + 200);
    assertThat(Arrays.copyOf(encoded, head.length)).isEqualTo(head);
    assertThat(Arrays.copyOfRange(encoded, head.length, encoded.length)).isEqualTo(counter);
  }

  @Test
  void allAbsentIsFiveZeroBytes() {
    assertThat(AggrChunk.encode(null, null, null, null, null)).isEqualTo(new byte[5]);
    AggrChunk c = AggrChunk.wrap(new byte[5]);
    for (AggrType t : AggrType.values()) {
      assertThat(c.has(t)).isFalse();
      assertThat(c.get(t)).isNull();
    }
    assertThat(c.numSamples()).isZero();
  }

  @Test
  void xorSubChunksRoundTripAndDecodeToTheirSamples() {
    long[] ts = {299_999, 599_999, 899_999, 1_000_000};
    double[] count = {30, 30, 30, 10};
    double[] sum = {45, 135.5, 225, 80};
    double[] min = {0, 3, 6, 7.5};
    double[] max = {2.5, 5, 8, 9};
    long[] cts = {1, 299_999, 599_999, 899_999, 1_000_000, 1_000_000};
    double[] cvs = {0, 30, 60, 90, 100, 4};
    byte[] data = AggrChunk.encodeXor(
        XorChunk.encode(ts, count, 0, 4), XorChunk.encode(ts, sum, 0, 4), XorChunk.encode(ts, min, 0, 4),
        XorChunk.encode(ts, max, 0, 4), XorChunk.encode(cts, cvs, 0, 6));

    // Decode from the middle of a larger buffer, as from a mapped segment file.
    ByteBuffer segment = ByteBuffer.allocate(data.length + 20);
    segment.position(7);
    segment.put(data);
    segment.position(7).limit(7 + data.length);
    AggrChunk c = AggrChunk.wrap(segment);

    assertThat(c.numSamples()).isEqualTo(4);
    assertSamples(c.get(AggrType.COUNT), ts, count);
    assertSamples(c.get(AggrType.SUM), ts, sum);
    assertSamples(c.get(AggrType.MIN), ts, min);
    assertSamples(c.get(AggrType.MAX), ts, max);
    assertSamples(c.get(AggrType.COUNTER), cts, cvs);
    assertThat(segment.position()).isEqualTo(7); // wrapping does not move the caller's buffer

    // Sub-chunks are views into the given buffer, not copies.
    segment.put(7 + 2, (byte) 0x7F); // first data byte of the count sub-chunk
    assertThat(c.get(AggrType.COUNT).data().get(0)).isEqualTo((byte) 0x7F);
  }

  @Test
  void partialAggregatesKeepTheirPositions() {
    long[] ts = {10, 20};
    byte[] data = AggrChunk.encodeXor(null, XorChunk.encode(ts, new double[] {1, 2}, 0, 2), null, null,
        XorChunk.encode(ts, new double[] {5, 6}, 0, 2));
    AggrChunk c = AggrChunk.wrap(data);
    assertThat(c.has(AggrType.COUNT)).isFalse();
    assertThat(c.numSamples()).isZero();
    assertSamples(c.get(AggrType.SUM), ts, new double[] {1, 2});
    assertThat(c.get(AggrType.MIN)).isNull();
    assertSamples(c.get(AggrType.COUNTER), ts, new double[] {5, 6});
  }

  @Test
  void truncatedOrOverlongDataIsRejectedWithTheOffset() {
    byte[] good = AggrChunk.encode(chunk(ChunkEncoding.XOR, bytes(0, 1, 2)), null, null, null, null);
    assertThatThrownBy(() -> AggrChunk.wrap(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("ends before the length of counter")
        .hasMessageContaining("at byte 8");
    assertThatThrownBy(() -> AggrChunk.wrap(bytes(0x09, 0x01, 0x00)))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("count sub-chunk of 9 bytes")
        .hasMessageContaining("at byte 0");
    assertThatThrownBy(() -> AggrChunk.wrap(bytes(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("malformed length of sum")
        .hasMessageContaining("at byte 1");
    assertThatThrownBy(() -> AggrChunk.wrap(new byte[0]))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("count");
  }

  @Test
  void nestedAggregateChunksAndWrongSlotCountsAreRefused() {
    assertThatThrownBy(() -> AggrChunk.encode(chunk(ChunkEncoding.AGGREGATED, bytes(0)), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AggrChunk.encode(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static void assertSamples(EncodedChunk c, long[] ts, double[] vs) {
    assertThat(c).isNotNull();
    assertThat(c.encoding()).isEqualTo(ChunkEncoding.XOR);
    XorIterator it = new XorIterator().reset(c.data(), c.data().position(), c.length());
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("sample %d", i).isTrue();
      assertThat(it.atT()).isEqualTo(ts[i]);
      assertThat(it.atV()).isEqualTo(vs[i]);
    }
    assertThat(it.next()).isFalse();
  }
}
