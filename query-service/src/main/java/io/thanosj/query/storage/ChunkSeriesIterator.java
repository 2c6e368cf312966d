package io.thanosj.query.storage;

import io.thanosj.chunk.CorruptChunkException;
import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.XorIterator;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The samples of one series' chunks in order, trimmed to [mint, maxt] (Thanos' chunkSeriesIterator
 * under a boundedSeriesIterator). Moving to the next chunk skips samples not after the last one
 * returned, so chunks that overlap a little (from overlapping blocks) never make time go backwards.
 * One decoder is reused for all chunks; nothing is allocated per sample.
 *
 * <p>Downsampled chunks are read as Thanos' querier reads them: an average is sum / count sample by
 * sample ({@code AverageChunkIterator}); counter aggregates go through {@code
 * ApplyCounterResetsSeriesIterator}, which turns resets into a monotonic series and uses each
 * chunk's trailing duplicate-timestamp sample as the true last raw value. Unlike Thanos, a series
 * whose chunks are all raw is left as it is, so rate() over raw data stays identical to Prometheus'.
 */
final class ChunkSeriesIterator implements SampleIterator {

  private final List<AggrChunk> chunks;
  private final ChunkPart part;
  private final long mint;
  private final long maxt;
  private final XorIterator xor = new XorIterator();
  private final XorIterator divisor = new XorIterator();
  private final boolean counter;
  private boolean dividing;
  private long curT;
  private double curV;
  // Counter-reset state (Thanos' ApplyCounterResetsSeriesIterator), over all samples read.
  private boolean counterStarted;
  private long rawT = Long.MIN_VALUE;
  private double rawV;
  private double totalV;
  private int index = -1;
  private boolean inChunk;
  private boolean started;
  private boolean exhausted;
  private long lastT = Long.MIN_VALUE;
  private long floor = Long.MIN_VALUE;

  /** Which of an AggrChunk's encodings to read (raw, or one downsampled aggregate). */
  interface ChunkPart {
    /** The chunk to decode, or null when this AggrChunk lacks it. */
    Chunk of(AggrChunk c);

    /** A chunk whose values divide those of {@link #of} sample by sample (count for an average), or null. */
    default Chunk divisorOf(AggrChunk c) {
      return null;
    }

    /** Whether samples are counters whose resets are applied as Thanos does for downsampled data. */
    default boolean appliesCounterResets() {
      return false;
    }
  }

  ChunkSeriesIterator(List<AggrChunk> chunks, ChunkPart part, long mint, long maxt) {
    this.chunks = chunks;
    this.part = part;
    this.mint = mint;
    this.maxt = maxt;
    this.counter = part.appliesCounterResets() && anyDownsampled(chunks);
  }

  private static boolean anyDownsampled(List<AggrChunk> chunks) {
    for (int i = 0; i < chunks.size(); i++) {
      if (!chunks.get(i).hasRaw()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean next() {
    if (exhausted) {
      return false;
    }
    started = true;
    while (true) {
      if (inChunk && xor.next()) {
        long t = xor.atT();
        double v = xor.atV();
        if (dividing) {
          if (!divisor.next() || divisor.atT() != t) {
            throw new CorruptChunkException("sum and count of a downsampled chunk are not aligned at " + t, 0);
          }
          v /= divisor.atV();
        }
        if (counter) {
          if (!countSample(t, v)) {
            continue;
          }
          v = totalV;
        }
        if (t <= lastT || t < mint) {
          continue;
        }
        if (t > maxt) {
          return end();
        }
        lastT = t;
        curT = t;
        curV = v;
        return true;
      }
      if (!openNext()) {
        return end();
      }
    }
  }

  private boolean openNext() {
    while (++index < chunks.size()) {
      AggrChunk c = chunks.get(index);
      if (c.getMaxTime() < mint || c.getMaxTime() <= lastT || c.getMaxTime() < floor) {
        continue;
      }
      if (c.getMinTime() > maxt) {
        return false;
      }
      Chunk data = part.of(c);
      if (data == null || data.getType() != Chunk.Encoding.XOR) {
        // Histogram chunks are not evaluated yet; the caller has reported them.
        continue;
      }
      ByteBuffer b = data.getData().asReadOnlyByteBuffer();
      xor.reset(b, b.position(), b.remaining());
      Chunk div = part.divisorOf(c);
      dividing = div != null;
      if (dividing) {
        ByteBuffer d = div.getData().asReadOnlyByteBuffer();
        divisor.reset(d, d.position(), d.remaining());
      }
      inChunk = true;
      return true;
    }
    return false;
  }

  /**
   * Feeds one counter sample through Thanos' reset handling; false when it yields no sample (NaN,
   * the duplicate-timestamp "true last value" sample, or time going backwards).
   */
  private boolean countSample(long t, double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    if (!counterStarted) {
      counterStarted = true;
      rawT = t;
      rawV = v;
      totalV = v;
      return true;
    }
    if (t > rawT) {
      totalV += v >= rawV ? v - rawV : v;
      rawT = t;
      rawV = v;
      return true;
    }
    if (t == rawT) {
      rawV = v; // the true last raw value, to detect a reset at the next chunk
    }
    return false;
  }

  private boolean end() {
    exhausted = true;
    inChunk = false;
    return false;
  }

  @Override
  public boolean seek(long t) {
    if (exhausted) {
      return false;
    }
    if (started && inChunk && curT >= t) {
      return true;
    }
    // Chunks that end before t need not be decoded at all.
    floor = t;
    if (inChunk && chunks.get(index).getMaxTime() < t) {
      inChunk = false;
    }
    while (next()) {
      if (curT >= t) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long atT() {
    return curT;
  }

  @Override
  public double atV() {
    return curV;
  }
}
