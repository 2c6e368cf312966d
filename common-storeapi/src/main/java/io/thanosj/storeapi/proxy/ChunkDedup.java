package io.thanosj.storeapi.proxy;

import com.google.protobuf.ByteString;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.Series;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;

/**
 * Joins the frames of one label set (from several stores, or several blocks of one store) into one
 * series, keeping one copy of chunks that are byte-identical, as Thanos' proxy does: two replicas
 * that uploaded the same block, or a sidecar and a store gateway serving the same block, send the
 * same chunk twice.
 *
 * <p>A chunk's identity is {@code Chunk.hash} (xxhash64 of its bytes, computed here when the store
 * left it 0). Like Thanos, an AggrChunk is kept when any of its aggregates' hashes is new.
 */
final class ChunkDedup {

  private static final LongHashFunction XX = LongHashFunction.xx();
  // Absolute reads through a read-only view: hashing ByteString's own buffer would need JDK internals.
  private static final Access<ByteBuffer> BUFFER = Access.toByteBuffer();

  private static final Comparator<AggrChunk> BY_TIME =
      Comparator.comparingLong(AggrChunk::getMinTime).thenComparingLong(AggrChunk::getMaxTime);

  private ChunkDedup() {}

  /** One series with the union of the chunks of {@code frames} (same labels), sorted by time. */
  static Series join(List<Series> frames) {
    Set<Long> seen = new HashSet<>();
    List<AggrChunk> kept = new ArrayList<>();
    for (Series s : frames) {
      for (AggrChunk c : s.getChunksList()) {
        if (isNew(c, seen)) {
          kept.add(c);
        }
      }
    }
    kept.sort(BY_TIME);
    Series first = frames.get(0);
    if (frames.size() == 1 && kept.size() == first.getChunksCount() && sorted(first.getChunksList())) {
      return first;
    }
    return Series.newBuilder().addAllLabels(first.getLabelsList()).addAllChunks(kept).build();
  }

  private static boolean isNew(AggrChunk c, Set<Long> seen) {
    boolean any = false;
    for (Chunk part : parts(c)) {
      if (part == null) {
        continue;
      }
      any = true;
      if (seen.add(hash(part))) {
        return true;
      }
    }
    // A chunk without any data (possible on the wire) carries nothing to deduplicate by: keep it.
    return !any;
  }

  private static Chunk[] parts(AggrChunk c) {
    return new Chunk[] {
      c.hasRaw() ? c.getRaw() : null,
      c.hasCount() ? c.getCount() : null,
      c.hasMax() ? c.getMax() : null,
      c.hasMin() ? c.getMin() : null,
      c.hasSum() ? c.getSum() : null,
      c.hasCounter() ? c.getCounter() : null
    };
  }

  static long hash(Chunk c) {
    return c.getHash() != 0 ? c.getHash() : xxhash(c.getData());
  }

  static long xxhash(ByteString data) {
    ByteBuffer b = data.asReadOnlyByteBuffer();
    return XX.hash(b, BUFFER, b.position(), b.remaining());
  }

  private static boolean sorted(List<AggrChunk> chunks) {
    for (int i = 1; i < chunks.size(); i++) {
      if (BY_TIME.compare(chunks.get(i - 1), chunks.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
