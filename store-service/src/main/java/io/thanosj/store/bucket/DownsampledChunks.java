package io.thanosj.store.bucket;

import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.tsdb.chunks.EncodedChunk;
import io.thanosj.tsdb.downsample.AggrType;
import java.util.List;
import java.util.function.Function;

/**
 * Puts a downsampled block's chunk (on-disk 0xFF, see {@link io.thanosj.tsdb.downsample.AggrChunk})
 * into a StoreAPI {@code AggrChunk}, as Thanos' store gateway does ({@code populateChunk}): exactly
 * the aggregates the request lists go into their fields ({@code raw} stays unset); a request
 * without aggregates gets chunks with only their time range; an aggregate the chunk lacks is an
 * error ("aggregate sum does not exist").
 */
final class DownsampledChunks {

  private DownsampledChunks() {}

  /**
   * @param data the chunk's data as read from its segment
   * @param aggregates the request's {@code aggregates}, in its order ({@code RAW} is ignored)
   * @param toChunk turns one sub-chunk into a StoreAPI chunk (encoding, data, hash)
   * @throws IllegalStateException for a requested aggregate the chunk does not hold
   */
  static void fill(AggrChunk.Builder out, EncodedChunk data, List<Aggr> aggregates, Function<EncodedChunk, Chunk> toChunk) {
    if (aggregates.isEmpty()) {
      return;
    }
    io.thanosj.tsdb.downsample.AggrChunk ac = io.thanosj.tsdb.downsample.AggrChunk.wrap(data.data());
    for (int i = 0; i < aggregates.size(); i++) {
      Aggr a = aggregates.get(i);
      AggrType t = type(a);
      if (t == null) {
        continue;
      }
      EncodedChunk sub = ac.get(t);
      if (sub == null) {
        throw new IllegalStateException("aggregate " + t.wireName() + " does not exist");
      }
      Chunk c = toChunk.apply(sub);
      switch (t) {
        case COUNT -> out.setCount(c);
        case SUM -> out.setSum(c);
        case MIN -> out.setMin(c);
        case MAX -> out.setMax(c);
        case COUNTER -> out.setCounter(c);
        default -> throw new IllegalStateException("unreachable");
      }
    }
  }

  private static AggrType type(Aggr a) {
    return switch (a) {
      case COUNT -> AggrType.COUNT;
      case SUM -> AggrType.SUM;
      case MIN -> AggrType.MIN;
      case MAX -> AggrType.MAX;
      case COUNTER -> AggrType.COUNTER;
      default -> null; // RAW and unknown numbers select nothing, as in Thanos
    };
  }
}
