package io.thanosj.tsdb.block;

import java.security.SecureRandom;

/**
 * A ULID (block ID): 48 bits of milliseconds since the epoch then 80 random bits, written as 26
 * Crockford base32 characters. Ordering by ID is ordering by creation time, which is why Prometheus
 * and Thanos name blocks this way.
 */
public record Ulid(long hi, long lo) implements Comparable<Ulid> {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final byte[] DECODE = new byte[128];

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      DECODE[ALPHABET[i]] = (byte) i;
      DECODE[Character.toLowerCase(ALPHABET[i])] = (byte) i;
    }
  }

  /** Milliseconds since the epoch encoded in the ID. */
  public long timestamp() {
    return hi >>> 16;
  }

  /**
   * Parses a 26-character ULID (case-insensitive).
   *
   * @throws IllegalArgumentException with the reason when {@code s} is not a ULID
   */
  public static Ulid parse(String s) {
    if (s.length() != 26) {
      throw new IllegalArgumentException("ULID \"" + s + "\" is not 26 characters long");
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 26; i++) {
      char c = s.charAt(i);
      int v = c < 128 ? DECODE[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException("ULID \"" + s + "\" has invalid character '" + c + "'");
      }
      if (i == 0 && v > 7) {
        throw new IllegalArgumentException("ULID \"" + s + "\" overflows 128 bits");
      }
      hi = (hi << 5) | (lo >>> 59);
      lo = (lo << 5) | v;
    }
    return new Ulid(hi, lo);
  }

  /** Whether {@code s} parses as a ULID. */
  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    char[] out = new char[26];
    long h = hi;
    long l = lo;
    for (int i = 25; i >= 0; i--) {
      out[i] = ALPHABET[(int) (l & 31)];
      l = (l >>> 5) | (h << 59);
      h >>>= 5;
    }
    return new String(out);
  }

  @Override
  public int compareTo(Ulid o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  /**
   * Generates IDs that increase strictly even within one millisecond (the random part is
   * incremented), like oklog/ulid's monotonic entropy. Thread-safe.
   */
  public static final class Generator {
    private final SecureRandom random = new SecureRandom();
    private long lastMs = -1;
    private long lastHi;
    private long lastLo;

    public synchronized Ulid next(long epochMs) {
      if (epochMs < 0 || epochMs >= (1L << 48)) {
        throw new IllegalArgumentException("ULID time " + epochMs + " out of range");
      }
      if (epochMs <= lastMs) {
        // Same (or earlier) millisecond: keep the time of the previous ID and add one.
        long lo = lastLo + 1;
        long hi = lo == 0 ? lastHi + 1 : lastHi;
        if ((hi >>> 16) != lastMs) {
          throw new IllegalStateException("ULID random part exhausted within one millisecond");
        }
        lastHi = hi;
        lastLo = lo;
        return new Ulid(hi, lo);
      }
      lastMs = epochMs;
      lastHi = (epochMs << 16) | (random.nextInt() & 0xFFFF);
      lastLo = random.nextLong();
      return new Ulid(lastHi, lastLo);
    }

    public Ulid next() {
      return next(System.currentTimeMillis());
    }
  }
}
