package io.thanosj.chunk;

import java.util.Arrays;

/**
 * Builds one XOR chunk (TSDB encoding 1) sample by sample, producing exactly the bytes Prometheus'
 * {@code xorAppender} produces for the same samples: a BE16 sample count, the first timestamp as a
 * zig-zag varint and the first value as 64 raw bits, the second timestamp as a uvarint delta, then
 * Gorilla delta-of-delta timestamps and XOR-compressed values, bits written most significant first.
 *
 * <p>Byte identity depends on the value-window rules Prometheus follows: the leading-zero count is
 * clamped to 31 before comparing, a fresh chunk has no window (Go's 0xff sentinel), and the previous
 * window is reused only if the new XOR fits inside it. A chunk holds at most 65535 samples.
 *
 * <p>Not thread-safe. {@link #reset()} makes it reusable.
 */
public final class XorChunk {

  /** The count field is 16 bits wide. */
  public static final int MAX_SAMPLES = 0xFFFF;

  private static final int NO_WINDOW = 0xFF;

  private byte[] buf = new byte[128];
  private int bitLen = 16; // the sample count occupies the first two bytes
  // Go's bstream appends a fresh zero byte after every whole byte it writes, so a stream whose last
  // write was a whole number of bytes ending on a byte boundary carries one extra zero byte. Chunks
  // are compared byte for byte, so we reproduce that.
  private boolean trailingZeroByte;
  private int numSamples;

  private long t;
  private long vBits;
  private long tDelta;
  private int leading = NO_WINDOW;
  private int trailing;

  public XorChunk() {}

  /** Encodes samples {@code [from, to)} of the given arrays into a fresh chunk's bytes. */
  public static byte[] encode(long[] ts, double[] vs, int from, int to) {
    XorChunk c = new XorChunk();
    for (int i = from; i < to; i++) {
      c.append(ts[i], vs[i]);
    }
    return c.bytes();
  }

  public int numSamples() {
    return numSamples;
  }

  /** Encoded size in bytes (the last byte may be partly padding). */
  public int byteLength() {
    return ((bitLen + 7) >>> 3) + (trailingZeroByte ? 1 : 0);
  }

  /** Timestamp of the last appended sample; meaningless when empty. */
  public long lastTimestamp() {
    return t;
  }

  /** A copy of the encoded chunk. */
  public byte[] bytes() {
    return Arrays.copyOf(buf, byteLength());
  }

  /** Empties the chunk for reuse, keeping its buffer. */
  public void reset() {
    Arrays.fill(buf, 0, byteLength(), (byte) 0);
    bitLen = 16;
    trailingZeroByte = false;
    numSamples = 0;
    t = 0;
    vBits = 0;
    tDelta = 0;
    leading = NO_WINDOW;
    trailing = 0;
  }

  /**
   * Appends a sample. Timestamps are expected to increase (Prometheus' head guarantees it); like
   * Prometheus, the encoding itself does not check.
   *
   * @throws IllegalStateException when the chunk already holds {@link #MAX_SAMPLES} samples
   */
  public void append(long ts, double v) {
    if (numSamples == MAX_SAMPLES) {
      throw new IllegalStateException("XOR chunk is full (" + MAX_SAMPLES + " samples)");
    }
    long bits = Double.doubleToRawLongBits(v);
    long delta = 0;
    if (numSamples == 0) {
      writeUvarint((ts << 1) ^ (ts >> 63));
      writeBits(bits, 64);
    } else if (numSamples == 1) {
      delta = ts - t;
      writeUvarint(delta);
      writeValue(bits);
    } else {
      delta = ts - t;
      long dod = delta - tDelta;
      if (dod == 0) {
        writeBits(0, 1);
      } else if (fits(dod, 14)) {
        writeBits(0b10, 2);
        writeBits(dod, 14);
      } else if (fits(dod, 17)) {
        writeBits(0b110, 3);
        writeBits(dod, 17);
      } else if (fits(dod, 20)) {
        writeBits(0b1110, 4);
        writeBits(dod, 20);
      } else {
        writeBits(0b1111, 4);
        writeBits(dod, 64);
      }
      writeValue(bits);
    }
    t = ts;
    vBits = bits;
    tDelta = delta;
    numSamples++;
    buf[0] = (byte) (numSamples >>> 8);
    buf[1] = (byte) numSamples;
  }

  /** Prometheus' bitRange: the asymmetric range -(2^(n-1) - 1) … 2^(n-1). */
  private static boolean fits(long x, int nbits) {
    long half = 1L << (nbits - 1);
    return -(half - 1) <= x && x <= half;
  }

  private void writeValue(long bits) {
    long xor = bits ^ vBits;
    if (xor == 0) {
      writeBits(0, 1);
      return;
    }
    int newLeading = Long.numberOfLeadingZeros(xor);
    int newTrailing = Long.numberOfTrailingZeros(xor);
    if (newLeading >= 32) {
      newLeading = 31; // the field is 5 bits wide; Prometheus clamps before comparing
    }
    if (leading != NO_WINDOW && newLeading >= leading && newTrailing >= trailing) {
      writeBits(0b10, 2);
      writeBits(xor >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = newLeading;
    trailing = newTrailing;
    int significant = 64 - newLeading - newTrailing;
    writeBits(0b11, 2);
    writeBits(newLeading, 5);
    writeBits(significant, 6); // 64 wraps to 0, which readers take as 64
    writeBits(xor >>> newTrailing, significant);
  }

  private void writeUvarint(long x) {
    // Only called while the stream is byte-aligned (samples 0 and 1), as in Prometheus.
    while ((x & ~0x7FL) != 0) {
      writeBits((x & 0x7F) | 0x80, 8);
      x >>>= 7;
    }
    writeBits(x, 8);
  }

  /** Writes the low {@code n} bits of {@code v} (1 ≤ n ≤ 64), most significant first. */
  private void writeBits(long v, int n) {
    int bits = n;
    int needBytes = ((bitLen + n + 7) >>> 3) + 1;
    if (needBytes > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needBytes, buf.length * 2));
    }
    while (n > 0) {
      int free = 8 - (bitLen & 7);
      int take = Math.min(free, n);
      int chunk = (int) ((v >>> (n - take)) & ((1 << take) - 1));
      buf[bitLen >>> 3] |= (byte) (chunk << (free - take));
      bitLen += take;
      n -= take;
    }
    trailingZeroByte = (bitLen & 7) == 0 && (bits & 7) == 0;
  }
}
