package io.thanosj.query.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code --query.max-concurrent} queries evaluate at once; others wait, and the wait counts
 * towards their timeout, as in Prometheus' query queue.
 */
public final class QueryGate {

  private final Semaphore permits;

  public QueryGate(int maxConcurrent) {
    if (maxConcurrent <= 0) {
      throw new IllegalArgumentException("--query.max-concurrent must be positive, got " + maxConcurrent);
    }
    this.permits = new Semaphore(maxConcurrent, true);
  }

  /** Waits for a turn until the deadline (System.nanoTime based); false when it passed first. */
  boolean enter(long deadlineNanos) {
    try {
      return permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void leave() {
    permits.release();
  }
}
