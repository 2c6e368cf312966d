package io.thanosj.store.bucket;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.ShardInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * Thanos' series sharding ({@code storepb.ShardMatcher}): hash {@code name,0xFF,value,0xFF} over the
 * labels named in {@code shard_info.labels} (or all others when {@code by} is false) with xxhash64 and
 * keep the series whose hash modulo {@code total_shards} is {@code shard_index}.
 */
final class ShardSelection {

  private static final LongHashFunction XX = LongHashFunction.xx();

  private final boolean enabled;
  private final boolean by;
  private final Set<String> names;
  private final long total;
  private final long index;

  ShardSelection(ShardInfo info) {
    this.enabled = info != null && info.getTotalShards() >= 1;
    this.by = info != null && info.getBy();
    this.names = info == null ? Set.of() : Set.copyOf(info.getLabelsList());
    this.total = info == null ? 0 : info.getTotalShards();
    this.index = info == null ? 0 : info.getShardIndex();
  }

  boolean matches(Labels labels) {
    if (!enabled) {
      return true;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    for (int i = 0; i < labels.size(); i++) {
      if (names.contains(labels.name(i)) != by) {
        continue;
      }
      buf.writeBytes(labels.name(i).getBytes(StandardCharsets.UTF_8));
      buf.write(0xFF);
      buf.writeBytes(labels.value(i).getBytes(StandardCharsets.UTF_8));
      buf.write(0xFF);
    }
    long h = XX.hashBytes(buf.toByteArray());
    return Long.remainderUnsigned(h, total) == index;
  }
}
