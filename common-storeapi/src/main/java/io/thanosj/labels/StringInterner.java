package io.thanosj.labels;

/**
 * A bounded, lock-free interner for label names and values decoded from the wire. Series from many
 * stores repeat the same few hundred names and values millions of times; interning lets a querier
 * that holds many series keep one copy of each string instead of one per series.
 *
 * <p>It is a direct-mapped cache, not a canonicalising map: a slot keeps the last string whose hash
 * landed there, so memory stays bounded at {@code capacity} references whatever the input, and two
 * threads racing on a slot at worst both keep their own (equal) copy. Reads and writes of a
 * reference are atomic in Java, so no lock is needed for correctness.
 *
 * <p>Used by {@link io.thanosj.storeapi.StoreProtos#labels} when it decodes series labels received by
 * the gRPC client; stores that build labels themselves (from an index symbol table) do not need it.
 */
public final class StringInterner {

  /** The process-wide interner for label strings decoded from StoreAPI responses. */
  public static final StringInterner LABELS = new StringInterner(1 << 16);

  private final String[] slots;
  private final int mask;

  /** @param capacity number of slots, rounded up to a power of two */
  public StringInterner(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    slots = new String[Math.max(size, 1)];
    mask = slots.length - 1;
  }

  /** Returns a previously seen string equal to {@code s}, or remembers and returns {@code s}. */
  public String intern(String s) {
    if (s.isEmpty()) {
      return "";
    }
    int h = s.hashCode();
    int i = (h ^ (h >>> 16)) & mask;
    String cached = slots[i];
    if (cached != null && cached.equals(s)) {
      return cached;
    }
    slots[i] = s;
    return s;
  }

  public int capacity() {
    return slots.length;
  }
}
