package io.thanosj.tsdb.downsample;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.CorruptChunkException;
import io.thanosj.tsdb.chunks.EncodedChunk;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A downsampled chunk (on-disk encoding {@link ChunkEncoding#AGGREGATED}, 0xFF): up to five
 * sub-chunks, one per {@link AggrType}, laid out as Thanos' {@code downsample.EncodeAggrChunk}
 * writes them. For each aggregate in the order count, sum, min, max, counter: {@code uvarint(n)};
 * {@code n = 0} marks the aggregate absent, otherwise one byte of the sub-chunk's on-disk encoding
 * (XOR = 1, …) follows and then its {@code n} data bytes ({@code n} does not count the encoding
 * byte).
 *
 * <p>{@link #wrap} checks the whole layout once and remembers where each sub-chunk lies; {@link
 * #get} then hands out views of the original buffer without copying.
 */
public final class AggrChunk {

  private final ByteBuffer data;
  // Per aggregate: absolute index of the encoding byte in data, or -1 when absent; and data length.
  private final int[] at = new int[AggrType.COUNT_OF_TYPES];
  private final int[] length = new int[AggrType.COUNT_OF_TYPES];

  private AggrChunk(ByteBuffer data) {
    this.data = data;
  }

  /**
   * Reads the layout of the chunk data between {@code data}'s position and limit (the buffer itself
   * is not moved; the sub-chunks returned by {@link #get} share its content).
   *
   * @throws CorruptChunkException when a length is malformed or runs past the data, naming the
   *     offset within the chunk data
   */
  public static AggrChunk wrap(ByteBuffer data) {
    AggrChunk c = new AggrChunk(data.duplicate());
    c.parse();
    return c;
  }

  /** {@link #wrap(ByteBuffer)} over an array. */
  public static AggrChunk wrap(byte[] data) {
    return wrap(ByteBuffer.wrap(data));
  }

  private void parse() {
    int base = data.position();
    int end = data.limit();
    int p = base;
    for (int i = 0; i < AggrType.COUNT_OF_TYPES; i++) {
      AggrType t = AggrType.ofPosition(i);
      if (p >= end) {
        throw new CorruptChunkException("aggregate chunk ends before the length of " + t.wireName(), p - base);
      }
      long n = 0;
      int shift = 0;
      int start = p;
      while (true) {
        if (p >= end || shift > 28) {
          throw new CorruptChunkException("malformed length of " + t.wireName() + " sub-chunk", start - base);
        }
        int b = data.get(p++) & 0xFF;
        n |= (long) (b & 0x7F) << shift;
        if (b < 0x80) {
          break;
        }
        shift += 7;
      }
      if (n == 0) {
        at[i] = -1;
        continue;
      }
      if (n + 1 > end - p) {
        throw new CorruptChunkException(t.wireName() + " sub-chunk of " + n + " bytes (plus its encoding byte) runs past the "
            + (end - base) + "-byte aggregate chunk", start - base);
      }
      at[i] = p;
      length[i] = (int) n;
      p += 1 + (int) n;
    }
  }

  /** Whether the chunk carries this aggregate. */
  public boolean has(AggrType t) {
    return at[t.ordinal()] >= 0;
  }

  /**
   * The sub-chunk of one aggregate: its on-disk encoding and a read-only view of its data (no
   * copy), or null when the aggregate is absent.
   */
  public EncodedChunk get(AggrType t) {
    int i = t.ordinal();
    int p = at[i];
    if (p < 0) {
      return null;
    }
    ByteBuffer view = data.duplicate();
    view.limit(p + 1 + length[i]).position(p + 1);
    return new EncodedChunk(data.get(p) & 0xFF, view.slice().asReadOnlyBuffer());
  }

  /**
   * Samples in the chunk, counted as Thanos counts them: those of the count sub-chunk (0 when it is
   * absent or not XOR). Block stats of downsampled blocks use this number.
   */
  public int numSamples() {
    int p = at[AggrType.COUNT.ordinal()];
    if (p < 0 || (data.get(p) & 0xFF) != ChunkEncoding.XOR || length[AggrType.COUNT.ordinal()] < 2) {
      return 0;
    }
    return ((data.get(p + 1) & 0xFF) << 8) | (data.get(p + 2) & 0xFF);
  }

  /**
   * Encodes sub-chunks into one aggregate chunk's data.
   *
   * @param parts five entries in {@link AggrType} order; null (or empty data) marks an aggregate
   *     absent, as Thanos writes a zero length for it
   */
  public static byte[] encode(EncodedChunk... parts) {
    if (parts.length != AggrType.COUNT_OF_TYPES) {
      throw new IllegalArgumentException("an aggregate chunk has " + AggrType.COUNT_OF_TYPES + " slots, got " + parts.length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (EncodedChunk c : parts) {
      if (c == null || c.length() == 0) {
        out.write(0);
        continue;
      }
      if (c.encoding() == ChunkEncoding.AGGREGATED || c.encoding() <= 0 || c.encoding() > 0xFF) {
        throw new IllegalArgumentException("sub-chunk encoding " + ChunkEncoding.name(c.encoding()) + " cannot be nested in an aggregate chunk");
      }
      long n = c.length();
      while (n >= 0x80) {
        out.write((int) (n & 0x7F) | 0x80);
        n >>>= 7;
      }
      out.write((int) n);
      out.write(c.encoding());
      byte[] bytes = c.toByteArray();
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /** {@link #encode(EncodedChunk...)} for float series: every present aggregate is an XOR chunk. */
  public static byte[] encodeXor(byte[] count, byte[] sum, byte[] min, byte[] max, byte[] counter) {
    return encode(xor(count), xor(sum), xor(min), xor(max), xor(counter));
  }

  private static EncodedChunk xor(byte[] data) {
    return data == null ? null : new EncodedChunk(ChunkEncoding.XOR, ByteBuffer.wrap(data));
  }
}
