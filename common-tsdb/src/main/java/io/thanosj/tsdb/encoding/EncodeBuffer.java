package io.thanosj.tsdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** A growable byte array with the TSDB's primitive encodings (big-endian fixed width, varints). */
public final class EncodeBuffer {

  private byte[] buf;
  private int len;

  public EncodeBuffer() {
    this(256);
  }

  public EncodeBuffer(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public int length() {
    return len;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public EncodeBuffer reset() {
    len = 0;
    return this;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
    }
  }

  public EncodeBuffer u8(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  public EncodeBuffer be32(int v) {
    ensure(4);
    buf[len] = (byte) (v >>> 24);
    buf[len + 1] = (byte) (v >>> 16);
    buf[len + 2] = (byte) (v >>> 8);
    buf[len + 3] = (byte) v;
    len += 4;
    return this;
  }

  /** Overwrites four bytes at {@code at} (for lengths known only after the body). */
  public EncodeBuffer be32At(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
    return this;
  }

  public EncodeBuffer be64(long v) {
    be32((int) (v >>> 32));
    return be32((int) v);
  }

  public EncodeBuffer uvarint(long x) {
    ensure(10);
    while ((x & ~0x7FL) != 0) {
      buf[len++] = (byte) ((x & 0x7F) | 0x80);
      x >>>= 7;
    }
    buf[len++] = (byte) x;
    return this;
  }

  public EncodeBuffer varint(long x) {
    return uvarint((x << 1) ^ (x >> 63));
  }

  public EncodeBuffer bytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  public EncodeBuffer uvarintString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    return bytes(b, 0, b.length);
  }

  /** Appends zero bytes. */
  public EncodeBuffer zeros(int n) {
    ensure(n);
    Arrays.fill(buf, len, len + n, (byte) 0);
    len += n;
    return this;
  }

  /** CRC32-Castagnoli of bytes {@code [from, length())}. */
  public int crc32c(int from) {
    CRC32C crc = new CRC32C();
    crc.update(buf, from, len - from);
    return (int) crc.getValue();
  }

  /** Number of bytes {@link #uvarint} writes for {@code x}. */
  public static int uvarintSize(long x) {
    int n = 1;
    while ((x & ~0x7FL) != 0) {
      x >>>= 7;
      n++;
    }
    return n;
  }
}
