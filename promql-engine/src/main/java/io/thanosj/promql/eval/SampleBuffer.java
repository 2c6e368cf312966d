package io.thanosj.promql.eval;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.StaleMarker;
import java.util.Arrays;

/**
 * A growable pair of timestamp/value columns, reused from series to series so that decoding a
 * series' samples allocates nothing once the buffer is large enough.
 */
final class SampleBuffer {

  long[] t = new long[256];
  double[] v = new double[256];
  int size;

  void clear() {
    size = 0;
  }

  void add(long ts, double val) {
    if (size == t.length) {
      t = Arrays.copyOf(t, size * 2);
      v = Arrays.copyOf(v, size * 2);
    }
    t[size] = ts;
    v[size] = val;
    size++;
  }

  /** Loads the samples in [mint, maxt]; stale markers are kept or dropped as asked. */
  void load(SampleIterator it, long mint, long maxt, boolean keepStale) {
    clear();
    if (!it.seek(mint)) {
      return;
    }
    do {
      long ts = it.atT();
      if (ts > maxt) {
        return;
      }
      double val = it.atV();
      if (keepStale || !StaleMarker.is(val)) {
        add(ts, val);
      }
    } while (it.next());
  }
}
