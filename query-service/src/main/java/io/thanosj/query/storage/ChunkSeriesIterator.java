package io.thanosj.query.storage;

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
 */
final class ChunkSeriesIterator implements SampleIterator {

  private final List<AggrChunk> chunks;
  private final ChunkPart part;
  private final long mint;
  private final long maxt;
  private final XorIterator xor = new XorIterator();
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
  }

  ChunkSeriesIterator(List<AggrChunk> chunks, ChunkPart part, long mint, long maxt) {
    this.chunks = chunks;
    this.part = part;
    this.mint = mint;
    this.maxt = maxt;
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
        if (t <= lastT || t < mint) {
          continue;
        }
        if (t > maxt) {
          return end();
        }
        lastT = t;
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
      inChunk = true;
      return true;
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
    if (started && inChunk && xor.atT() >= t) {
      return true;
    }
    // Chunks that end before t need not be decoded at all.
    floor = t;
    if (inChunk && chunks.get(index).getMaxTime() < t) {
      inChunk = false;
    }
    while (next()) {
      if (xor.atT() >= t) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long atT() {
    return xor.atT();
  }

  @Override
  public double atV() {
    return xor.atV();
  }
}
