package io.thanosj.sidecar.store;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.ShardInfo;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.openhft.hashing.LongHashFunction;

/**
 * Thanos' series sharding ({@code storepb.ShardMatcher}): a series belongs to shard
 * {@code xxhash64(name 0xFF value 0xFF ...) mod total_shards}, hashing the labels named in
 * {@code labels} when {@code by} is set and all the others when it is not. Hashes are unsigned.
 */
final class ShardMatcher {

  private static final LongHashFunction XX = LongHashFunction.xx();

  private final boolean sharded;
  private final boolean by;
  private final Set<String> names;
  private final long total;
  private final long index;
  private byte[] buf = new byte[256];

  ShardMatcher(ShardInfo info) {
    this.sharded = info != null && info.getTotalShards() >= 1;
    this.by = info != null && info.getBy();
    this.names = info == null ? Set.of() : Set.copyOf(info.getLabelsList());
    this.total = info == null ? 0 : info.getTotalShards();
    this.index = info == null ? 0 : info.getShardIndex();
  }

  /** False when every series matches (no sharding requested). */
  boolean isSharded() {
    return sharded;
  }

  boolean matches(Labels labels) {
    if (!sharded) {
      return true;
    }
    int n = 0;
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (names.contains(name) == by) {
        n = append(n, name);
        n = append(n, labels.value(i));
      }
    }
    long h = XX.hashBytes(buf, 0, n);
    return Long.remainderUnsigned(h, total) == index;
  }

  private int append(int n, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int need = n + b.length + 1;
    if (need > buf.length) {
      byte[] grown = new byte[Math.max(need, buf.length * 2)];
      System.arraycopy(buf, 0, grown, 0, n);
      buf = grown;
    }
    System.arraycopy(b, 0, buf, n, b.length);
    buf[n + b.length] = (byte) 0xff;
    return need;
  }
}
