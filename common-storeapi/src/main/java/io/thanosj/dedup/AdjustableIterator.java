package io.thanosj.dedup;

import io.thanosj.chunk.SampleIterator;

/**
 * A replica's iterator that can be told the last value emitted before the merge switched to it, so
 * that a counter can be shifted up instead of appearing to reset (Thanos' adjustableSeriesIterator).
 */
interface AdjustableIterator extends SampleIterator {

  void adjustAtValue(double lastEmitted);

  /** No adjustment: gauges and everything that is not a counter function. */
  static AdjustableIterator plain(SampleIterator it) {
    return new AdjustableIterator() {
      @Override
      public void adjustAtValue(double lastEmitted) {}

      @Override
      public boolean next() {
        return it.next();
      }

      @Override
      public boolean seek(long t) {
        return it.seek(t);
      }

      @Override
      public long atT() {
        return it.atT();
      }

      @Override
      public double atV() {
        return it.atV();
      }
    };
  }
}
