package io.thanosj.tsdb.block;

import java.util.List;
import java.util.Objects;

/**
 * A block's meta.json: Prometheus' BlockMeta plus, for blocks that went through Thanos, the {@code
 * thanos} section. {@code maxTime} is exclusive. Read and write it with {@link MetaJson}.
 *
 * @param version meta format version; always 1 (it is not the index version)
 * @param thanos null for a plain Prometheus block
 */
public record BlockMeta(
    Ulid ulid, long minTime, long maxTime, Stats stats, Compaction compaction, int version, ThanosMeta thanos) {

  public static final int VERSION_1 = 1;

  public BlockMeta {
    Objects.requireNonNull(ulid, "ulid");
    stats = stats == null ? Stats.EMPTY : stats;
    compaction = compaction == null ? new Compaction(1, List.of(ulid), false, List.of(), false, List.of()) : compaction;
  }

  public BlockMeta withThanos(ThanosMeta t) {
    return new BlockMeta(ulid, minTime, maxTime, stats, compaction, version, t);
  }

  public BlockMeta withStats(Stats s) {
    return new BlockMeta(ulid, minTime, maxTime, s, compaction, version, thanos);
  }

  /** Counts written with {@code omitempty}: zero values are left out of the JSON. */
  public record Stats(long numSamples, long numSeries, long numChunks, long numTombstones) {
    public static final Stats EMPTY = new Stats(0, 0, 0, 0);
  }

  /** How the block came to be: level 1 for a head-cut block, parents' max level + 1 after compaction. */
  public record Compaction(
      int level, List<Ulid> sources, boolean deletable, List<BlockDesc> parents, boolean failed, List<String> hints) {
    public Compaction {
      sources = sources == null ? List.of() : List.copyOf(sources);
      parents = parents == null ? List.of() : List.copyOf(parents);
      hints = hints == null ? List.of() : List.copyOf(hints);
    }
  }

  /** A parent block of a compaction. */
  public record BlockDesc(Ulid ulid, long minTime, long maxTime) {}
}
