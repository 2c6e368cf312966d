package io.thanosj.storeapi.acceptance;

import java.io.ByteArrayOutputStream;

/**
 * A minimal Prometheus XOR chunk codec for the acceptance suite's own use: building chunks for the
 * in-memory store and checking the chunks any store returns. It is checked byte for byte against
 * chunks written by promtool ({@code XorChunksWithPromtoolTest}). Production code uses the TSDB
 * module's iterator; this one favours brevity over speed.
 */
public final class XorChunks {

  /** Prometheus cuts a chunk at 120 samples. */
  public static final int SAMPLES_PER_CHUNK = 120;

  private XorChunks() {}

  /** Receives decoded samples. */
  public interface SampleConsumer {
    void accept(long t, double v);
  }

  /** Encodes samples {@code [from, to)} as one XOR chunk (without the encoding byte and CRC). */
  public static byte[] encode(long[] ts, double[] vs, int from, int to) {
    int n = to - from;
    if (n < 0 || n > 0xFFFF) {
      throw new IllegalArgumentException("bad sample count " + n);
    }
    BitWriter w = new BitWriter();
    w.writeBits(n, 16);
    long prevT = 0;
    long prevDelta = 0;
    long prevBits = 0;
    int leading = 0xff;
    int trailing = 0;
    for (int i = from; i < to; i++) {
      long t = ts[i];
      long bits = Double.doubleToRawLongBits(vs[i]);
      int k = i - from;
      if (k == 0) {
        w.writeVarint(t);
        w.writeBits(bits, 64);
      } else {
        long delta = t - prevT;
        if (k == 1) {
          w.writeUvarint(delta);
        } else {
          long dod = delta - prevDelta;
          if (dod == 0) {
            w.writeBits(0, 1);
          } else if (fits(dod, 14)) {
            w.writeBits(0b10, 2);
            w.writeBits(dod, 14);
          } else if (fits(dod, 17)) {
            w.writeBits(0b110, 3);
            w.writeBits(dod, 17);
          } else if (fits(dod, 20)) {
            w.writeBits(0b1110, 4);
            w.writeBits(dod, 20);
          } else {
            w.writeBits(0b1111, 4);
            w.writeBits(dod, 64);
          }
        }
        long xor = bits ^ prevBits;
        if (xor == 0) {
          w.writeBits(0, 1);
        } else {
          w.writeBits(1, 1);
          int newLeading = Math.min(Long.numberOfLeadingZeros(xor), 31);
          int newTrailing = Long.numberOfTrailingZeros(xor);
          if (leading != 0xff && newLeading >= leading && newTrailing >= trailing) {
            w.writeBits(0, 1);
            w.writeBits(xor >>> trailing, 64 - leading - trailing);
          } else {
            leading = newLeading;
            trailing = newTrailing;
            int sig = 64 - leading - trailing;
            w.writeBits(1, 1);
            w.writeBits(leading, 5);
            w.writeBits(sig, 6); // 64 wraps to 0 in six bits; the reader maps it back
            w.writeBits(xor >>> trailing, sig);
          }
        }
        prevDelta = delta;
      }
      prevT = t;
      prevBits = bits;
    }
    return w.toByteArray();
  }

  private static boolean fits(long x, int nbits) {
    return -((1L << (nbits - 1)) - 1) <= x && x <= 1L << (nbits - 1);
  }

  /** Decodes a whole XOR chunk. */
  public static void decode(byte[] chunk, SampleConsumer out) {
    BitReader r = new BitReader(chunk);
    int n = (int) r.readBits(16);
    long t = 0;
    long delta = 0;
    long bits = 0;
    int leading = 0;
    int trailing = 0;
    for (int k = 0; k < n; k++) {
      if (k == 0) {
        t = r.readVarint();
        bits = r.readBits(64);
      } else {
        if (k == 1) {
          delta = r.readUvarint();
        } else {
          int ones = 0;
          while (ones < 4 && r.readBits(1) == 1) {
            ones++;
          }
          int size = switch (ones) {
            case 0 -> 0;
            case 1 -> 14;
            case 2 -> 17;
            case 3 -> 20;
            default -> 64;
          };
          long dod = size == 0 ? 0 : r.readBits(size);
          if (size > 0 && size < 64 && dod > (1L << (size - 1))) {
            dod -= 1L << size;
          }
          delta += dod;
        }
        t += delta;
        if (r.readBits(1) == 1) {
          if (r.readBits(1) == 1) {
            leading = (int) r.readBits(5);
            int sig = (int) r.readBits(6);
            if (sig == 0) {
              sig = 64;
            }
            trailing = 64 - leading - sig;
          }
          int sig = 64 - leading - trailing;
          bits ^= r.readBits(sig) << trailing;
        }
      }
      out.accept(t, Double.longBitsToDouble(bits));
    }
  }

  private static final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int used; // bits used in `current`

    void writeBits(long value, int n) {
      for (int i = n - 1; i >= 0; i--) {
        current = (current << 1) | (int) ((value >>> i) & 1);
        if (++used == 8) {
          out.write(current);
          current = 0;
          used = 0;
        }
      }
    }

    void writeUvarint(long v) {
      while ((v & ~0x7FL) != 0) {
        writeBits((v & 0x7F) | 0x80, 8);
        v >>>= 7;
      }
      writeBits(v, 8);
    }

    void writeVarint(long v) {
      writeUvarint((v << 1) ^ (v >> 63));
    }

    byte[] toByteArray() {
      if (used > 0) {
        out.write(current << (8 - used));
        current = 0;
        used = 0;
      }
      return out.toByteArray();
    }
  }

  private static final class BitReader {
    private final byte[] data;
    private long pos; // bit position

    BitReader(byte[] data) {
      this.data = data;
    }

    long readBits(int n) {
      long v = 0;
      for (int i = 0; i < n; i++) {
        int byteIndex = (int) (pos >>> 3);
        if (byteIndex >= data.length) {
          throw new IllegalArgumentException("XOR chunk truncated at bit " + pos + " of " + data.length * 8);
        }
        int bit = (data[byteIndex] >>> (7 - (pos & 7))) & 1;
        v = (v << 1) | bit;
        pos++;
      }
      return v;
    }

    long readUvarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        long b = readBits(8);
        v |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint overflow in XOR chunk");
    }

    long readVarint() {
      long u = readUvarint();
      return (u >>> 1) ^ -(u & 1);
    }
  }
}
