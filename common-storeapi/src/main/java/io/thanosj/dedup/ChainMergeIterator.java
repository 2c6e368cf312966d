package io.thanosj.dedup;

import io.thanosj.chunk.SampleIterator;
import java.util.List;

/**
 * Merges replicas by time, one sample per timestamp, the first replica winning a tie (Prometheus'
 * ChainedSeriesMerge; Thanos' {@code --deduplication.func=chain}). Suited to replicas that hold the
 * very same samples, e.g. receivers written with the same remote-write stream.
 */
final class ChainMergeIterator implements SampleIterator {

  private final SampleIterator[] its;
  private final boolean[] ok;
  private boolean started;
  private int cur = -1;

  ChainMergeIterator(List<SampleIterator> replicas) {
    this.its = replicas.toArray(new SampleIterator[0]);
    this.ok = new boolean[its.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        ok[i] = its[i].next();
      }
    } else if (cur >= 0) {
      long t = its[cur].atT();
      for (int i = 0; i < its.length; i++) {
        // Every replica holding a sample at the emitted time moves past it.
        if (ok[i] && its[i].atT() <= t) {
          ok[i] = its[i].next();
        }
      }
    } else {
      return false;
    }
    return pick();
  }

  private boolean pick() {
    cur = -1;
    long best = Long.MAX_VALUE;
    for (int i = 0; i < its.length; i++) {
      if (ok[i] && (cur < 0 || its[i].atT() < best)) {
        cur = i;
        best = its[i].atT();
      }
    }
    return cur >= 0;
  }

  @Override
  public boolean seek(long t) {
    if (!started && !next()) {
      return false;
    }
    if (cur < 0) {
      return false;
    }
    if (its[cur].atT() >= t) {
      return true;
    }
    for (int i = 0; i < its.length; i++) {
      if (ok[i]) {
        ok[i] = its[i].seek(t);
      }
    }
    return pick();
  }

  @Override
  public long atT() {
    return its[cur].atT();
  }

  @Override
  public double atV() {
    return its[cur].atV();
  }
}
