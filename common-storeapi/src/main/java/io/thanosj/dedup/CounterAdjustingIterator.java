package io.thanosj.dedup;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.StaleMarker;

/**
 * A counter replica whose values are raised by the amount it lagged behind the replica the merge
 * switched away from (Thanos' counterErrAdjustSeriesIterator). Replicas scrape at different moments,
 * so at a switch the new replica's counter is often slightly lower than the last value emitted;
 * without the offset rate() would see a counter reset and report a huge spike.
 *
 * <p>Unlike Thanos, staleness markers pass through with their exact bits: adding an offset to the
 * marker's NaN would turn it into an ordinary NaN, which range functions do not drop.
 */
final class CounterAdjustingIterator implements AdjustableIterator {

  private final SampleIterator it;
  private double offset;

  CounterAdjustingIterator(SampleIterator it) {
    this.it = it;
  }

  @Override
  public void adjustAtValue(double lastEmitted) {
    double v = atV();
    if (lastEmitted > v) {
      offset += lastEmitted - v;
    }
  }

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
    double v = it.atV();
    return StaleMarker.is(v) ? v : v + offset;
  }
}
