package io.thanosj.store.bucket;

import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.ThanosMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which blocks answer a Series request, by downsampling resolution (Thanos' {@code
 * bucketBlockSet.getFor}). Blocks are grouped by their external labels; within a group, the time
 * range is covered by blocks of the coarsest resolution not above {@code max_resolution_window},
 * and whatever those leave uncovered (before, between and after them) is filled, recursively, with
 * the next finer resolution. A window of 0 therefore selects raw blocks only.
 */
public final class ResolutionSelection {

  /** The resolutions Thanos knows, coarsest first (ms): 1h, 5m, raw. */
  private static final long[] RESOLUTIONS = {ThanosMeta.RES_1H, ThanosMeta.RES_5M, ThanosMeta.RES_RAW};

  private static final Comparator<BlockMeta> BY_TIME =
      Comparator.comparingLong(BlockMeta::minTime).thenComparingLong(BlockMeta::maxTime);

  private ResolutionSelection() {}

  /** Whether the store can serve a block of this resolution (Thanos refuses any other). */
  public static boolean isSupported(long resolution) {
    for (long r : RESOLUTIONS) {
      if (r == resolution) {
        return true;
      }
    }
    return false;
  }

  /** A block's resolution in ms: 0 for a block without a thanos section. */
  public static long resolution(BlockMeta meta) {
    return meta.thanos() == null ? 0 : meta.thanos().downsampleResolution();
  }

  /**
   * The blocks to query for {@code [mint, maxt]} (inclusive, as in a Series request), in no
   * particular order across label groups and in time order within one.
   *
   * @param meta how to get a block's meta
   * @param maxResolutionWindow the request's {@code max_resolution_window} in ms; negative is
   *     treated as 0 (raw only)
   */
  public static <T> List<T> select(Collection<T> blocks, Function<T, BlockMeta> meta, long mint, long maxt,
      long maxResolutionWindow) {
    List<T> out = new ArrayList<>();
    if (mint > maxt) {
      return out;
    }
    Map<Map<String, String>, Group<T>> groups = new HashMap<>();
    for (T b : blocks) {
      BlockMeta m = meta.apply(b);
      int level = level(resolution(m));
      if (level < 0 || m.maxTime() <= mint || m.minTime() > maxt) {
        continue;
      }
      Map<String, String> labels = m.thanos() == null || m.thanos().labels() == null ? Map.of() : m.thanos().labels();
      groups.computeIfAbsent(labels, k -> new Group<>()).levels.get(level).add(new Entry<>(m, b));
    }
    int first = 0;
    while (first < RESOLUTIONS.length - 1 && RESOLUTIONS[first] > maxResolutionWindow) {
      first++;
    }
    for (Group<T> g : groups.values()) {
      for (List<Entry<T>> l : g.levels) {
        l.sort((x, y) -> BY_TIME.compare(x.meta, y.meta));
      }
      g.fill(mint, maxt, first, out);
    }
    return out;
  }

  private static int level(long resolution) {
    for (int i = 0; i < RESOLUTIONS.length; i++) {
      if (RESOLUTIONS[i] == resolution) {
        return i;
      }
    }
    return -1;
  }

  private record Entry<T>(BlockMeta meta, T block) {}

  /** The blocks of one external label set, one time-sorted list per resolution level. */
  private static final class Group<T> {
    final List<List<Entry<T>>> levels = new ArrayList<>();

    Group() {
      for (int i = 0; i < RESOLUTIONS.length; i++) {
        levels.add(new ArrayList<>());
      }
    }

    /** Covers {@code [mint, maxt]} with blocks of {@code level}, gaps with finer levels. Block ranges are half-open. */
    void fill(long mint, long maxt, int level, List<T> out) {
      if (mint > maxt) {
        return;
      }
      boolean finer = level + 1 < RESOLUTIONS.length;
      long start = mint;
      for (Entry<T> e : levels.get(level)) {
        if (e.meta.maxTime() <= mint) {
          continue;
        }
        if (e.meta.minTime() > maxt) {
          break;
        }
        if (finer) {
          fill(start, e.meta.minTime() - 1, level + 1, out);
        }
        out.add(e.block);
        // As in Thanos, the next gap starts where this block ends (blocks are sorted by start time).
        start = e.meta.maxTime();
      }
      if (finer) {
        fill(start, maxt, level + 1, out);
      }
    }
  }
}
