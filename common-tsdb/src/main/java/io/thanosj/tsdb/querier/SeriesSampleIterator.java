package io.thanosj.tsdb.querier;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.CorruptChunkException;
import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.XorIterator;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.chunks.EncodedChunk;
import io.thanosj.tsdb.chunks.SegmentFormat;
import io.thanosj.tsdb.encoding.EncodeBuffer;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.tombstones.Intervals;

/**
 * The samples of one series across its chunks, restricted to {@code [mint, maxt]} and with
 * deleted intervals removed. Chunks are read and decoded one at a time as the iteration reaches
 * them; {@link #seek} skips whole chunks by their time range without decoding them.
 */
final class SeriesSampleIterator implements SampleIterator {

  private final ChunkReader chunks;
  private final ChunkMetas metas;
  private final Intervals deleted;
  private final long mint;
  private final long maxt;
  private final XorIterator it = new XorIterator();

  private int ci = -1;
  private boolean inChunk;
  private boolean positioned;
  private boolean done;

  SeriesSampleIterator(ChunkReader chunks, ChunkMetas metas, Intervals deleted, long mint, long maxt) {
    this.chunks = chunks;
    this.metas = metas;
    this.deleted = deleted;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    while (true) {
      if (!inChunk) {
        if (++ci >= metas.size()) {
          return finish();
        }
        open(ci);
      }
      if (!advance()) {
        inChunk = false;
        continue;
      }
      long t = it.atT();
      if (t < mint) {
        continue;
      }
      if (t > maxt) {
        return finish();
      }
      if (!deleted.isEmpty() && deleted.contains(t)) {
        continue;
      }
      positioned = true;
      return true;
    }
  }

  @Override
  public boolean seek(long target) {
    if (done) {
      return false;
    }
    if (positioned && it.atT() >= target) {
      return true;
    }
    if (target < mint) {
      target = mint;
    }
    if (inChunk && metas.maxTime(ci) < target) {
      inChunk = false;
    }
    if (!inChunk) {
      int c = ci + 1;
      while (c < metas.size() && metas.maxTime(c) < target) {
        c++;
      }
      if (c >= metas.size()) {
        return finish();
      }
      ci = c;
      open(ci);
    }
    boolean found;
    try {
      found = it.seek(target);
    } catch (CorruptChunkException e) {
      throw located(e);
    }
    if (!found) {
      inChunk = false;
      return next();
    }
    long t = it.atT();
    if (t > maxt) {
      return finish();
    }
    if (!deleted.isEmpty() && deleted.contains(t)) {
      return next();
    }
    positioned = true;
    return true;
  }

  @Override
  public long atT() {
    return it.atT();
  }

  @Override
  public double atV() {
    return it.atV();
  }

  private boolean finish() {
    done = true;
    positioned = false;
    return false;
  }

  private boolean advance() {
    try {
      return it.next();
    } catch (CorruptChunkException e) {
      throw located(e);
    }
  }

  private void open(int i) {
    long ref = metas.ref(i);
    EncodedChunk c = chunks.chunk(ref);
    if (c.encoding() != ChunkEncoding.XOR) {
      throw new UnsupportedChunkEncodingException(chunks.segment(SegmentFormat.segmentIndex(ref)).name(),
          SegmentFormat.offset(ref), c.encoding());
    }
    it.reset(c.data(), 0, c.length());
    inChunk = true;
  }

  /** Adds file and absolute offset to a decoding failure inside the current chunk. */
  private CorruptBlockException located(CorruptChunkException e) {
    long ref = metas.ref(ci);
    EncodedChunk c = chunks.chunk(ref);
    long dataStart = SegmentFormat.offset(ref) + EncodeBuffer.uvarintSize(c.length()) + 1;
    return new CorruptBlockException(chunks.segment(SegmentFormat.segmentIndex(ref)).name(),
        dataStart + e.byteOffset(), e.getMessage(), e);
  }
}
