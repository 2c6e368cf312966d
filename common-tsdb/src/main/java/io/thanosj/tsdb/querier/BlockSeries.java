package io.thanosj.tsdb.querier;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.chunks.EncodedChunk;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.tombstones.Intervals;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One selected series of a block: its labels, the metas of its chunks overlapping the query range,
 * and two ways to read the data — {@link #chunks()} with the encoded chunks for StoreAPI, {@link
 * #iterator()} with decoded samples for the engine.
 */
public final class BlockSeries {

  private final long ref;
  private final Labels labels;
  private final ChunkMetas metas;
  private final Intervals deleted;
  private final ChunkReader chunks;
  private final long mint;
  private final long maxt;

  BlockSeries(long ref, Labels labels, ChunkMetas metas, Intervals deleted, ChunkReader chunks, long mint, long maxt) {
    this.ref = ref;
    this.labels = labels;
    this.metas = metas;
    this.deleted = deleted;
    this.chunks = chunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  /** The series reference in the block's index. */
  public long ref() {
    return ref;
  }

  public Labels labels() {
    return labels;
  }

  /** Chunk metas (time range and reference) of the chunks overlapping the query range. */
  public ChunkMetas chunkMetas() {
    return metas;
  }

  /** Deleted intervals of this series; {@link Intervals#NONE} usually. */
  public Intervals deleted() {
    return deleted;
  }

  /** A chunk as StoreAPI serves it: the time range of its samples and its encoded bytes. */
  public record TimedChunk(long minTime, long maxTime, int encoding, ByteBuffer data) {
    public byte[] toByteArray() {
      byte[] b = new byte[data.remaining()];
      data.duplicate().get(b);
      return b;
    }
  }

  /**
   * The encoded chunks overlapping the query range, whole (StoreAPI returns whole chunks; the
   * querier trims). XOR chunks that tombstones partly delete are re-encoded without the deleted
   * samples; chunks of other encodings are passed through untouched.
   */
  public List<TimedChunk> chunks() {
    List<TimedChunk> out = new ArrayList<>(metas.size());
    for (int i = 0; i < metas.size(); i++) {
      EncodedChunk c = chunks.chunk(metas.ref(i));
      long cmin = metas.minTime(i);
      long cmax = metas.maxTime(i);
      if (!deleted.isEmpty() && c.encoding() == ChunkEncoding.XOR && overlapsDeleted(cmin, cmax)) {
        TimedChunk t = withoutDeleted(c);
        if (t != null) {
          out.add(t);
        }
        continue;
      }
      out.add(new TimedChunk(cmin, cmax, c.encoding(), c.data()));
    }
    return out;
  }

  private boolean overlapsDeleted(long cmin, long cmax) {
    for (int i = 0; i < deleted.size(); i++) {
      if (deleted.mint(i) <= cmax && deleted.maxt(i) >= cmin) {
        return true;
      }
    }
    return false;
  }

  private TimedChunk withoutDeleted(EncodedChunk c) {
    XorIterator it = new XorIterator().reset(c.data(), 0, c.length());
    XorChunk out = new XorChunk();
    long first = 0;
    while (it.next()) {
      if (!deleted.contains(it.atT())) {
        if (out.numSamples() == 0) {
          first = it.atT();
        }
        out.append(it.atT(), it.atV());
      }
    }
    if (out.numSamples() == 0) {
      return null;
    }
    return new TimedChunk(first, out.lastTimestamp(), ChunkEncoding.XOR, ByteBuffer.wrap(out.bytes()));
  }

  /**
   * A fresh iterator over the samples in the query range with deleted samples removed. May be
   * called more than once.
   *
   * @throws UnsupportedChunkEncodingException (from the iterator) when a chunk is not XOR
   */
  public SampleIterator iterator() {
    return new SeriesSampleIterator(chunks, metas, deleted, mint, maxt);
  }

  @Override
  public String toString() {
    return labels + " (" + metas.size() + " chunks)";
  }
}
