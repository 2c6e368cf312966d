package io.thanosj.tsdb.encoding;

import io.thanosj.tsdb.CorruptBlockException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A bounds-checked cursor over a slice of a TSDB file, like Prometheus' {@code encoding.Decbuf}. It
 * knows which file the slice came from and where the slice starts, so every failure is a {@link
 * CorruptBlockException} naming the file and the absolute offset, and no length read from the file
 * is trusted before it is checked against the bytes that remain (no huge allocations, no loops over
 * garbage counts).
 */
public final class DecodeBuffer {

  private final ByteBuffer buf;
  private final String file;
  private final long baseOffset;
  private final int limit;
  private int pos;

  /**
   * @param buf the slice; read from index 0 to its limit, independent of its position
   * @param file file name for messages
   * @param baseOffset absolute file offset of index 0 of {@code buf}
   */
  public DecodeBuffer(ByteBuffer buf, String file, long baseOffset) {
    this.buf = buf;
    this.file = file;
    this.baseOffset = baseOffset;
    this.limit = buf.limit();
  }

  public String file() {
    return file;
  }

  /** Absolute file offset of index 0 of the slice. */
  public long baseOffset() {
    return baseOffset;
  }

  /** A fresh cursor over the same slice, at {@code position}. */
  public DecodeBuffer at(int position) {
    DecodeBuffer d = new DecodeBuffer(buf, file, baseOffset);
    d.position(position);
    return d;
  }

  /** A cursor over {@code length} bytes starting at slice index {@code from}. */
  public DecodeBuffer sub(int from, int length) {
    if (from < 0 || length < 0 || from > limit - length) {
      throw corrupt("sub-range [" + from + ", +" + length + ") outside the " + limit + "-byte section");
    }
    return new DecodeBuffer(buf.slice(from, length), file, baseOffset + from);
  }

  /** Current position within the slice. */
  public int position() {
    return pos;
  }

  public void position(int p) {
    if (p < 0 || p > limit) {
      throw corrupt("position " + p + " outside the " + limit + "-byte section");
    }
    pos = p;
  }

  /** Absolute file offset of the current position. */
  public long offset() {
    return baseOffset + pos;
  }

  public int remaining() {
    return limit - pos;
  }

  public int limit() {
    return limit;
  }

  public ByteBuffer buffer() {
    return buf;
  }

  public CorruptBlockException corrupt(String detail) {
    return new CorruptBlockException(file, offset(), detail);
  }

  public CorruptBlockException corruptAt(long absoluteOffset, String detail) {
    return new CorruptBlockException(file, absoluteOffset, detail);
  }

  private void need(int n, String what) {
    if (n > limit - pos) {
      throw corrupt(what + " needs " + n + " bytes but only " + (limit - pos) + " remain");
    }
  }

  public int u8() {
    need(1, "byte");
    return buf.get(pos++) & 0xFF;
  }

  public int be32() {
    need(4, "BE32");
    int v = buf.getInt(pos);
    pos += 4;
    return v;
  }

  /** A BE32 that must be a non-negative int (lengths and counts). */
  public int be32Length(String what) {
    long at = offset();
    int v = be32();
    if (v < 0) {
      throw corruptAt(at, what + " " + Integer.toUnsignedString(v) + " is larger than 2^31-1");
    }
    return v;
  }

  public long be64() {
    need(8, "BE64");
    long v = buf.getLong(pos);
    pos += 8;
    return v;
  }

  public long uvarint() {
    long x = 0;
    int start = pos;
    for (int shift = 0; ; shift += 7) {
      if (pos >= limit) {
        pos = start;
        throw corrupt("uvarint runs past the end of the section");
      }
      int b = buf.get(pos++) & 0xFF;
      if (shift == 63 && b > 1) {
        pos = start;
        throw corrupt("uvarint overflows 64 bits");
      }
      x |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return x;
      }
    }
  }

  /** A uvarint that must fit in a non-negative int (counts, lengths, symbol refs). */
  public int uvarintInt(String what) {
    long at = offset();
    long v = uvarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw corruptAt(at, what + " " + Long.toUnsignedString(v) + " is out of range");
    }
    return (int) v;
  }

  public long varint() {
    long x = uvarint();
    return (x >>> 1) ^ -(x & 1);
  }

  /** uvarint length then that many UTF-8 bytes. */
  public String uvarintString() {
    long at = offset();
    int n = uvarintInt("string length");
    if (n > limit - pos) {
      throw corruptAt(at, "string of " + n + " bytes runs past the end (" + (limit - pos) + " remain)");
    }
    String s = utf8(pos, n);
    pos += n;
    return s;
  }

  /** Skips a uvarint-prefixed string without decoding it. */
  public void skipUvarintString() {
    long at = offset();
    int n = uvarintInt("string length");
    if (n > limit - pos) {
      throw corruptAt(at, "string of " + n + " bytes runs past the end (" + (limit - pos) + " remain)");
    }
    pos += n;
  }

  public void skip(int n) {
    need(n, "skip");
    pos += n;
  }

  /** Decodes {@code n} UTF-8 bytes at slice index {@code at} (no cursor movement). */
  public String utf8(int at, int n) {
    if (buf.hasArray()) {
      return new String(buf.array(), buf.arrayOffset() + at, n, StandardCharsets.UTF_8);
    }
    byte[] b = new byte[n];
    buf.get(at, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * Checks that the BE32 at the current position is the CRC32C of slice bytes {@code [from, pos)},
   * and moves past it.
   */
  public void checkCrc(int from, String what) {
    int end = pos;
    long at = offset();
    int stored = be32();
    int actual = crc32c(buf, from, end - from);
    if (stored != actual) {
      throw corruptAt(
          at,
          String.format(
              "%s checksum mismatch: stored %08x, computed %08x over %d bytes",
              what, stored, actual, end - from));
    }
  }

  /** CRC32-Castagnoli over {@code length} bytes of {@code buf} starting at index {@code from}. */
  public static int crc32c(ByteBuffer buf, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().limit(from + length).position(from));
    return (int) crc.getValue();
  }
}
