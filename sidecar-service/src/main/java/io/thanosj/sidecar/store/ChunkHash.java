package io.thanosj.sidecar.store;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;

/**
 * {@code Chunk.hash} as Thanos computes it: xxhash64 (seed 0) of the chunk bytes. Reads the bytes in
 * place through a read-only view, so a chunk aliased into a remote-read frame is not copied.
 */
final class ChunkHash {

  private static final LongHashFunction XX = LongHashFunction.xx();
  // The ByteBuffer access reads with absolute gets; LongHashFunction.hashBytes(ByteBuffer) would
  // instead probe JDK internals that Java 17 does not export.
  private static final Access<ByteBuffer> BUFFER = Access.toByteBuffer();

  private ChunkHash() {}

  static long of(ByteString data) {
    ByteBuffer b = data.asReadOnlyByteBuffer();
    return XX.hash(b, BUFFER, b.position(), b.remaining());
  }
}
