package io.thanosj.chunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an XOR chunk (TSDB encoding 1) sample by sample without allocating: timestamps and value
 * bits live in primitive fields, and the bit stream is read 64 bits at a time straight from the
 * buffer (heap or memory-mapped). One instance can be {@link #reset reset} onto chunk after chunk.
 *
 * <p>The BE16 sample count at the start of the chunk is the only end marker (the last byte carries up
 * to seven padding bits). A chunk whose bits run out before the declared count, or whose value window
 * is impossible, raises {@link CorruptChunkException} instead of returning invented samples.
 */
public final class XorIterator implements SampleIterator {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(2);

  private ByteBuffer buf = EMPTY;
  private int base;
  private int len = 2;
  private long bitEnd = 16;
  private long bitPos = 16;

  private int numTotal;
  private int numRead;
  private boolean exhausted;

  private long t;
  private long tDelta;
  private long vBits;
  // Go's reader starts with a zero window (64 significant bits), which matters for chunks whose
  // appender was re-created mid-chunk; we start the same way.
  private int leading;
  private int trailing;

  public XorIterator() {}

  /** An iterator over the given chunk data. */
  public XorIterator(byte[] chunk) {
    reset(chunk, 0, chunk.length);
  }

  public XorIterator reset(byte[] chunk, int offset, int length) {
    ByteBuffer b = buf;
    if (!b.hasArray() || b.array() != chunk || b.arrayOffset() != 0 || b == EMPTY) {
      b = ByteBuffer.wrap(chunk);
    }
    return reset(b, offset, length);
  }

  /**
   * Points the iterator at {@code length} bytes of chunk data starting at absolute index {@code
   * offset} of {@code data} (position and limit are ignored and left untouched).
   */
  public XorIterator reset(ByteBuffer data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.capacity() - length) {
      throw new IndexOutOfBoundsException(
          "chunk range [" + offset + ", " + offset + "+" + length + ") outside buffer of " + data.capacity());
    }
    if (length < 2) {
      throw new CorruptChunkException("XOR chunk of " + length + " bytes has no sample count", 0);
    }
    buf = data.order() == ByteOrder.BIG_ENDIAN ? data : data.duplicate().order(ByteOrder.BIG_ENDIAN);
    base = offset;
    len = length;
    bitEnd = (long) length << 3;
    bitPos = 16;
    numTotal = buf.getShort(offset) & 0xFFFF;
    numRead = 0;
    exhausted = false;
    t = 0;
    tDelta = 0;
    vBits = 0;
    leading = 0;
    trailing = 0;
    return this;
  }

  /** The sample count the chunk declares. */
  public int numSamples() {
    return numTotal;
  }

  @Override
  public boolean next() {
    if (numRead >= numTotal) {
      exhausted = true;
      return false;
    }
    if (numRead >= 2) {
      readTimestampDelta();
      readValue();
    } else if (numRead == 0) {
      t = readVarintAligned(true);
      vBits = readBits(64);
    } else {
      tDelta = readVarintAligned(false);
      t += tDelta;
      readValue();
    }
    numRead++;
    if (bitPos > bitEnd) {
      throw truncated();
    }
    return true;
  }

  @Override
  public boolean seek(long target) {
    if (exhausted) {
      return false;
    }
    if (numRead > 0 && t >= target) {
      return true;
    }
    while (next()) {
      if (t >= target) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atV() {
    return Double.longBitsToDouble(vBits);
  }

  private void readTimestampDelta() {
    long w = peek();
    if (w >= 0) { // '0': same delta as before
      bitPos++;
    } else {
      int ones = Long.numberOfLeadingZeros(~w);
      if (ones >= 4) { // '1111' + 64 raw bits
        bitPos += 4;
        tDelta += readBits(64);
      } else { // '10' + 14, '110' + 17, '1110' + 20 bits, two's complement with +2^(n-1) positive
        int prefix = ones + 1;
        int size = ones == 1 ? 14 : ones == 2 ? 17 : 20;
        long u = (w << prefix) >>> (64 - size);
        if (u > (1L << (size - 1))) {
          u -= 1L << size;
        }
        tDelta += u;
        bitPos += prefix + size;
      }
    }
    t += tDelta;
  }

  private void readValue() {
    long w = peek();
    if (w >= 0) { // '0': unchanged value
      bitPos++;
      return;
    }
    long xor;
    if ((w << 1) >= 0) { // '10': reuse the previous window
      int significant = 64 - leading - trailing;
      if (significant <= 55) {
        xor = (w << 2) >>> (64 - significant);
        bitPos += 2 + significant;
      } else {
        bitPos += 2;
        xor = readBits(significant);
      }
    } else { // '11': 5 bits leading zeros, 6 bits significant (0 means 64), then the bits
      int lead = (int) ((w << 2) >>> 59);
      int significant = (int) ((w << 7) >>> 58);
      if (significant == 0) {
        significant = 64;
      }
      if (lead + significant > 64) {
        throw new CorruptChunkException(
            "XOR chunk value window of " + lead + " leading zeros and " + significant
                + " significant bits exceeds 64 bits in sample " + numRead,
            bitPos >>> 3);
      }
      leading = lead;
      trailing = 64 - lead - significant;
      if (significant <= 44) {
        xor = (w << 13) >>> (64 - significant);
        bitPos += 13 + significant;
      } else {
        bitPos += 13;
        xor = readBits(significant);
      }
    }
    vBits ^= xor << trailing;
  }

  /** Reads 1 ≤ n ≤ 64 bits. */
  private long readBits(int n) {
    if (n <= 57) {
      long w = peek();
      bitPos += n;
      return w >>> (64 - n);
    }
    long hi = readBits(n - 32);
    long lo = readBits(32);
    return (hi << 32) | lo;
  }

  /**
   * The next 64 bits from the current position, most significant first. At least 57 of them are
   * real stream bits; bits past the end of the chunk read as zero (next() then detects the overrun).
   */
  private long peek() {
    long bp = bitPos;
    int byteIdx = (int) (bp >>> 3);
    if (byteIdx <= len - 8) {
      return buf.getLong(base + byteIdx) << (bp & 7);
    }
    return peekTail(byteIdx, (int) (bp & 7));
  }

  private long peekTail(int byteIdx, int shift) {
    if (byteIdx >= len) {
      return 0;
    }
    if (len >= 8 && byteIdx >= 0) {
      // The chunk's last 8 bytes in one read, shifted so that byteIdx comes first; zeros follow the end.
      return (buf.getLong(base + len - 8) << ((byteIdx - (len - 8)) << 3)) << shift;
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      int idx = byteIdx + i;
      w = (w << 8) | (idx < len && idx >= 0 ? buf.get(base + idx) & 0xFFL : 0);
    }
    return w << shift;
  }

  /** The first timestamp (zig-zag varint) or the second's delta (uvarint); byte-aligned there. */
  private long readVarintAligned(boolean zigZag) {
    int idx = (int) (bitPos >>> 3);
    long x = 0;
    for (int shift = 0; ; shift += 7) {
      if (idx >= len) {
        throw truncated();
      }
      int b = buf.get(base + idx++) & 0xFF;
      if (shift == 63 && b > 1) {
        throw new CorruptChunkException("XOR chunk timestamp varint overflows 64 bits", idx - 1);
      }
      x |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        break;
      }
    }
    bitPos = (long) idx << 3;
    return zigZag ? (x >>> 1) ^ -(x & 1) : x;
  }

  private CorruptChunkException truncated() {
    return new CorruptChunkException(
        "XOR chunk declares " + numTotal + " samples but its " + len + " bytes end inside sample "
            + numRead,
        Math.min(bitPos >>> 3, len));
  }
}
