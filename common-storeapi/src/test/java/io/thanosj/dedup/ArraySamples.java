package io.thanosj.dedup;

import io.thanosj.chunk.SampleIterator;
import java.util.ArrayList;
import java.util.List;

/** Samples in arrays, for building replicas in tests. */
final class ArraySamples implements SampleIterator {

  private final long[] t;
  private final double[] v;
  private int i = -1;

  ArraySamples(long[] t, double[] v) {
    this.t = t;
    this.v = v;
  }

  /** Samples every {@code step} ms from {@code from} to {@code to} (inclusive) with value f(t). */
  static ArraySamples every(long from, long to, long step, java.util.function.LongToDoubleFunction f) {
    List<Long> ts = new ArrayList<>();
    for (long x = from; x <= to; x += step) {
      ts.add(x);
    }
    long[] t = new long[ts.size()];
    double[] v = new double[t.length];
    for (int k = 0; k < t.length; k++) {
      t[k] = ts.get(k);
      v[k] = f.applyAsDouble(t[k]);
    }
    return new ArraySamples(t, v);
  }

  /** The same samples without those in [from, to]. */
  ArraySamples withGap(long from, long to) {
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < t.length; k++) {
      if (t[k] < from || t[k] > to) {
        keep.add(k);
      }
    }
    long[] nt = new long[keep.size()];
    double[] nv = new double[keep.size()];
    for (int k = 0; k < nt.length; k++) {
      nt[k] = t[keep.get(k)];
      nv[k] = v[keep.get(k)];
    }
    return new ArraySamples(nt, nv);
  }

  @Override
  public boolean next() {
    if (i < t.length) {
      i++;
    }
    return i < t.length;
  }

  @Override
  public boolean seek(long target) {
    if (i < 0) {
      i = 0;
    }
    while (i < t.length && t[i] < target) {
      i++;
    }
    return i < t.length;
  }

  @Override
  public long atT() {
    return t[i];
  }

  @Override
  public double atV() {
    return v[i];
  }

  record Drained(long[] t, double[] v) {}

  static Drained drain(SampleIterator it) {
    List<long[]> out = new ArrayList<>();
    while (it.next()) {
      out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atV())});
    }
    long[] t = new long[out.size()];
    double[] v = new double[out.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = out.get(k)[0];
      v[k] = Double.longBitsToDouble(out.get(k)[1]);
    }
    return new Drained(t, v);
  }
}
