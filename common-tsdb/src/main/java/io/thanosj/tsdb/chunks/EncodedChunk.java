package io.thanosj.tsdb.chunks;

import io.thanosj.chunk.ChunkEncoding;
import java.nio.ByteBuffer;

/**
 * One chunk as stored: its on-disk encoding byte ({@link ChunkEncoding}) and its data, which may be a
 * read-only view into a memory-mapped segment file. Copy it ({@link #toByteArray()}) to keep it past
 * the life of the block reader.
 */
public record EncodedChunk(int encoding, ByteBuffer data) {

  public int length() {
    return data.remaining();
  }

  public byte[] toByteArray() {
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    return b;
  }
}
