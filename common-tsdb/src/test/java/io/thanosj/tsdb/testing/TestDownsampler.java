package io.thanosj.tsdb.testing;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.XorChunk;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.downsample.AggrChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes downsampled chunks from raw float samples the way the facts sheet describes Thanos'
 * compactor (pkg/compact/downsample): samples are cut into batches of {@code windowsPerChunk}
 * windows; a sample at t falls in the window ending at {@code t - t%res + res - 1}, and the batch's
 * last window is stamped with its last raw timestamp; count, sum, min and max are per window; the
 * counter is reset-adjusted and cumulative within the batch, starting with the batch's first raw
 * sample and ending with its last timestamp again carrying the last raw value. NaN samples are
 * skipped. For tests only: the compactor has its own downsampler.
 */
public final class TestDownsampler {

  private TestDownsampler() {}

  /** The aggregate chunks of samples {@code [0, n)}, in time order. */
  public static List<BlockWriter.EncodedChunkData> downsample(long[] ts, double[] vs, int n, long res, int windowsPerChunk) {
    List<BlockWriter.EncodedChunkData> out = new ArrayList<>();
    int i = 0;
    while (i < n) {
      while (i < n && Double.isNaN(vs[i])) {
        i++;
      }
      if (i == n) {
        break;
      }
      long firstWindow = window(ts[i], res);
      int end = i;
      while (end < n && window(ts[end], res) - firstWindow < (long) windowsPerChunk * res) {
        end++;
      }
      out.add(batch(ts, vs, i, end, res));
      i = end;
    }
    return out;
  }

  private static long window(long t, long res) {
    return t - Math.floorMod(t, res) + res - 1;
  }

  private static BlockWriter.EncodedChunkData batch(long[] ts, double[] vs, int from, int to, long res) {
    XorChunk count = new XorChunk();
    XorChunk sum = new XorChunk();
    XorChunk min = new XorChunk();
    XorChunk max = new XorChunk();
    XorChunk counter = new XorChunk();
    long lastT = Long.MIN_VALUE;
    for (int i = to - 1; i >= from; i--) {
      if (!Double.isNaN(vs[i])) {
        lastT = ts[i];
        break;
      }
    }
    long windowEnd = Long.MIN_VALUE;
    double c = 0;
    double s = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double total = 0;
    double last = 0;
    boolean started = false;
    for (int i = from; i < to; i++) {
      double v = vs[i];
      if (Double.isNaN(v)) {
        continue;
      }
      long w = Math.min(window(ts[i], res), lastT);
      if (w != windowEnd && windowEnd != Long.MIN_VALUE) {
        append(windowEnd, c, s, lo, hi, count, sum, min, max);
        counter.append(windowEnd, total);
        c = 0;
        s = 0;
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
      }
      windowEnd = w;
      if (!started) {
        counter.append(ts[i], v); // the first raw sample, for resets across chunks
        total = v;
        started = true;
      } else {
        total += v < last ? v : v - last;
      }
      last = v;
      c++;
      s += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    append(windowEnd, c, s, lo, hi, count, sum, min, max);
    counter.append(windowEnd, total);
    counter.append(windowEnd, last); // the true last raw value, at the same timestamp
    byte[] data = AggrChunk.encodeXor(count.bytes(), sum.bytes(), min.bytes(), max.bytes(), counter.bytes());
    return new BlockWriter.EncodedChunkData(firstNonNaN(ts, vs, from, to), windowEnd, ChunkEncoding.AGGREGATED, data);
  }

  private static long firstNonNaN(long[] ts, double[] vs, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Double.isNaN(vs[i])) {
        return ts[i];
      }
    }
    throw new IllegalArgumentException("no samples");
  }

  private static void append(long t, double c, double s, double lo, double hi, XorChunk count, XorChunk sum, XorChunk min, XorChunk max) {
    count.append(t, c);
    sum.append(t, s);
    min.append(t, lo);
    max.append(t, hi);
  }
}
