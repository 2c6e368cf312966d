package io.thanosj.dedup;

import io.thanosj.chunk.SampleIterator;
import java.util.List;

/**
 * How replicas of one series become one ({@code --deduplication.func}): {@code penalty}, the default,
 * follows one replica and fills its gaps from the others; {@code chain} merges all samples by time.
 */
public enum DedupFunction {
  PENALTY,
  CHAIN;

  /**
   * The merged iterator over {@code replicas} (at least one, none advanced yet).
   *
   * @param func the function enclosing the selector (from the query's select hints): for rate,
   *     increase, irate and resets the penalty merge shifts counters so a replica switch is no reset
   */
  public SampleIterator merge(List<SampleIterator> replicas, String func) {
    if (replicas.size() == 1) {
      return replicas.get(0);
    }
    if (this == CHAIN) {
      return new ChainMergeIterator(replicas);
    }
    boolean counter = isCounterFunction(func);
    AdjustableIterator it = wrap(replicas.get(0), counter);
    for (int i = 1; i < replicas.size(); i++) {
      it = new PenaltyDedupIterator(it, wrap(replicas.get(i), counter));
    }
    return it;
  }

  private static AdjustableIterator wrap(SampleIterator it, boolean counter) {
    return counter ? new CounterAdjustingIterator(it) : AdjustableIterator.plain(it);
  }

  /** The functions Thanos treats as reading counters (xrate/xincrease are Thanos-engine only). */
  public static boolean isCounterFunction(String func) {
    return "rate".equals(func) || "increase".equals(func) || "irate".equals(func) || "resets".equals(func);
  }

  /** The flag value ({@code penalty} or {@code chain}, case-insensitive). */
  public static DedupFunction parse(String s) {
    for (DedupFunction f : values()) {
      if (f.name().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown deduplication function " + s + ", expected penalty or chain");
  }
}
