package io.thanosj.dedup;

/**
 * Merges two replicas of one series with Thanos' penalty algorithm (pkg/dedup dedupSeriesIterator):
 * the merge follows one replica and switches to the other only when the followed one has a gap.
 *
 * <p>Each step seeks every replica to {@code lastT + 1 + penalty} and takes the earlier sample (ties
 * go to A). The replica not taken gets a penalty of twice the distance from the previous emitted
 * sample (5000 ms before anything was emitted), the taken one none. Two replicas scraping the same
 * target at offset moments therefore do not interleave into a doubled sampling rate: the other
 * replica only wins when the followed one's next sample is more than about two scrape intervals
 * away, i.e. when it has a gap. Three or more replicas are folded pairwise, left to right.
 *
 * <p>After a switch of replica, both replicas are told the last emitted value, which the counter
 * variant ({@link CounterAdjustingIterator}) uses to hide the switch from rate().
 */
final class PenaltyDedupIterator implements AdjustableIterator {

  /** The penalty before a step is known: timestamps are ms and scrape intervals several seconds. */
  static final long INITIAL_PENALTY = 5000;

  private final AdjustableIterator a;
  private final AdjustableIterator b;
  private boolean aOk;
  private boolean bOk;
  private long lastT = Long.MIN_VALUE;
  private long penA;
  private long penB;
  private boolean useA = true;
  private AdjustableIterator current;
  private boolean started;
  private boolean exhausted;

  PenaltyDedupIterator(AdjustableIterator a, AdjustableIterator b) {
    this.a = a;
    this.b = b;
    this.current = a;
    this.aOk = a.next();
    this.bOk = b.next();
  }

  @Override
  public boolean next() {
    if (exhausted) {
      return false;
    }
    // Thanos reads "the last value" from the replica in use before stepping, even on the first step.
    boolean hadFloat = useA ? aOk : bOk;
    double lastV = hadFloat ? current.atV() : 0;
    boolean lastUseA = useA;
    boolean ok = step();
    if (useA != lastUseA && hadFloat) {
      adjustAtValue(lastV);
    }
    started = true;
    exhausted = !ok;
    return ok;
  }

  private boolean step() {
    if (aOk) {
      aOk = a.seek(lastT + 1 + penA);
    }
    if (bOk) {
      bOk = b.seek(lastT + 1 + penB);
    }
    if (!aOk) {
      useA = false;
      if (bOk) {
        lastT = b.atT();
        current = b;
        penB = 0;
      }
      return bOk;
    }
    if (!bOk) {
      useA = true;
      lastT = a.atT();
      current = a;
      penA = 0;
      return true;
    }
    long ta = a.atT();
    long tb = b.atT();
    useA = ta <= tb;
    if (useA) {
      penB = lastT != Long.MIN_VALUE ? 2 * (ta - lastT) : INITIAL_PENALTY;
      penA = 0;
      lastT = ta;
      current = a;
      return true;
    }
    penA = lastT != Long.MIN_VALUE ? 2 * (tb - lastT) : INITIAL_PENALTY;
    penB = 0;
    lastT = tb;
    current = b;
    return true;
  }

  @Override
  public void adjustAtValue(double lastEmitted) {
    if (aOk) {
      a.adjustAtValue(lastEmitted);
    }
    if (bOk) {
      b.adjustAtValue(lastEmitted);
    }
  }

  /** Walks with {@link #next()} rather than seeking the replicas, so no gap filler is skipped over. */
  @Override
  public boolean seek(long t) {
    if (exhausted) {
      return false;
    }
    if (!started && !next()) {
      return false;
    }
    while (current.atT() < t) {
      if (!next()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long atT() {
    return current.atT();
  }

  @Override
  public double atV() {
    return current.atV();
  }
}
