package io.thanosj.dedup;

/**
 * Merges two replicas of one series with Thanos' penalty algorithm (pkg/dedup dedupSeriesIterator):
 * the merge follows one replica and switches to the other only when the followed one has a gap.
 *
 * <p>As in Thanos, the replica not followed carries a penalty of twice the last emitted step (5000 ms
 * after the first sample): it can win only when the followed replica's next sample lies beyond that
 * penalty, i.e. when the followed one has a gap, so two replicas scraping at offset moments never
 * interleave into a doubled sampling rate. Ties go to A on the first sample; three or more replicas
 * are folded pairwise, left to right.
 *
 * <p>One deliberate difference: at a switch, Thanos takes the other replica's first sample beyond the
 * penalty, which drops the samples it has between half a step and two steps after the last emitted
 * one. Replicas with the same scrape timestamps then lose a sample at every failover (the first one
 * of the gap), and rate() over the gap edge differs from the complete replica's. Here the other replica
 * is read from half a step after the last sample, so the gap is filled from its first sample that
 * does not double the sampling rate.
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
  /** Thanos' penalty of the replica not followed: twice the last emitted step. */
  private long penalty;
  /** Whether two samples were emitted, so that penalty is twice a real step and not the initial guess. */
  private boolean stepKnown;
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
    boolean first = lastT == Long.MIN_VALUE;
    long followedFrom = first ? Long.MIN_VALUE : lastT + 1;
    // Half a step once the step is known; before that, Thanos' initial penalty.
    long otherFrom = first ? Long.MIN_VALUE : lastT + 1 + (stepKnown ? penalty / 4 : penalty);
    if (aOk) {
      aOk = a.seek(useA ? followedFrom : otherFrom);
    }
    if (bOk) {
      bOk = b.seek(useA ? otherFrom : followedFrom);
    }
    boolean takeA;
    if (!aOk && !bOk) {
      return false;
    } else if (!aOk || !bOk) {
      takeA = aOk;
    } else if (first) {
      takeA = a.atT() <= b.atT();
    } else {
      long followedT = useA ? a.atT() : b.atT();
      long otherT = useA ? b.atT() : a.atT();
      // Thanos' condition for a switch: the followed replica's next sample is beyond the penalty.
      boolean followedHasGap = followedT > lastT + 1 + penalty;
      takeA = useA != (followedHasGap && otherT < followedT);
    }
    long t = takeA ? a.atT() : b.atT();
    penalty = first ? INITIAL_PENALTY : 2 * (t - lastT);
    stepKnown = !first;
    lastT = t;
    useA = takeA;
    current = takeA ? a : b;
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
