package io.thanosj.tsdb.downsample;

/**
 * The aggregates a downsampled chunk holds, in the order their sub-chunks are laid out (Thanos'
 * {@code downsample.AggrType}: count, sum, min, max, counter).
 */
public enum AggrType {
  /** Raw samples per window. */
  COUNT,
  /** Sum of the raw values per window. */
  SUM,
  /** Smallest raw value per window. */
  MIN,
  /** Largest raw value per window. */
  MAX,
  /**
   * Reset-adjusted running counter: starts with the first raw sample and ends with a repeat of the
   * last timestamp carrying the last raw value, so that rate() can find resets across chunks.
   */
  COUNTER;

  private static final AggrType[] VALUES = values();

  /** Number of aggregates, i.e. of sub-chunk slots in every AggrChunk. */
  public static final int COUNT_OF_TYPES = VALUES.length;

  /** The aggregate in layout position {@code i} (0 = count … 4 = counter). */
  public static AggrType ofPosition(int i) {
    return VALUES[i];
  }

  /** The lowercase name Thanos uses in messages ("aggregate sum does not exist"). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
