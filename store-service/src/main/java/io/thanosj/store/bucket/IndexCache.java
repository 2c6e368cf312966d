package io.thanosj.store.bucket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.block.Ulid;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory index cache ({@code --index-cache-size}, Thanos' IN-MEMORY cache), size-bounded by
 * the bytes its items hold. It keeps two kinds of item, under one bound:
 * <ul>
 *   <li>"expanded postings": the sorted series references a block selects for a set of matchers,
 *       which spares repeated queries (dashboards refreshing) the postings reads, decoding and
 *       intersection;
 *   <li>"series": a series entry's bytes (labels and chunk references), which spares the series
 *       range reads.
 * </ul>
 * Hits and requests are counted per item type with Thanos' metric names.
 */
public final class IndexCache {

  static final String EXPANDED_POSTINGS = "ExpandedPostings";
  static final String SERIES = "Series";
  /** Rough per-entry overhead: key, array header, Caffeine node. */
  private static final int ENTRY_OVERHEAD = 160;

  private record PostingsKey(Ulid block, String matchers) {}

  private record SeriesKey(Ulid block, long ref) {}

  private final Cache<Object, Object> items;
  private final ItemMetrics postings;
  private final ItemMetrics series;

  public IndexCache(long maxBytes, MeterRegistry registry) {
    this.items = Caffeine.newBuilder()
        .maximumWeight(Math.max(0, maxBytes))
        .weigher(IndexCache::weigh)
        .build();
    this.postings = new ItemMetrics(registry, EXPANDED_POSTINGS, PostingsKey.class);
    this.series = new ItemMetrics(registry, SERIES, SeriesKey.class);
  }

  private static int weigh(Object key, Object value) {
    long bytes = ENTRY_OVERHEAD;
    if (value instanceof long[] refs) {
      bytes += 8L * refs.length + 2L * ((PostingsKey) key).matchers.length();
    } else if (value instanceof byte[] entry) {
      bytes += entry.length;
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** Requests and hits of one item type, and how many such items are held. */
  private final class ItemMetrics {
    final Counter requests;
    final Counter hits;

    ItemMetrics(MeterRegistry registry, String type, Class<?> keyType) {
      this.requests = Counter.builder("thanos_store_index_cache_requests_total").tag("item_type", type)
          .description("Total number of items requests to the cache.").register(registry);
      this.hits = Counter.builder("thanos_store_index_cache_hits_total").tag("item_type", type)
          .description("Total number of items requests to the cache that were a hit.").register(registry);
      Gauge.builder("thanos_store_index_cache_items", items, c -> count(c, keyType)).tag("item_type", type)
          .description("Current number of items in the index cache.").register(registry);
    }

    Object get(Object key) {
      requests.increment();
      Object v = items.getIfPresent(key);
      if (v != null) {
        hits.increment();
      }
      return v;
    }
  }

  private static double count(Cache<Object, Object> c, Class<?> keyType) {
    long n = 0;
    for (Object k : c.asMap().keySet()) {
      if (keyType.isInstance(k)) {
        n++;
      }
    }
    return n;
  }

  /** The cached references for {@code matchers} on {@code block}, or null. */
  long[] expandedPostings(Ulid block, List<Matcher> matchers) {
    return (long[]) postings.get(new PostingsKey(block, key(matchers)));
  }

  void storeExpandedPostings(Ulid block, List<Matcher> matchers, long[] refs) {
    items.put(new PostingsKey(block, key(matchers)), refs);
  }

  /**
   * The cached series entries of {@code refs} on {@code block}, null where not cached; null as a
   * whole when none is.
   */
  byte[][] seriesEntries(Ulid block, long[] refs) {
    byte[][] out = null;
    for (int i = 0; i < refs.length; i++) {
      byte[] e = (byte[]) series.get(new SeriesKey(block, refs[i]));
      if (e != null) {
        if (out == null) {
          out = new byte[refs.length][];
        }
        out[i] = e;
      }
    }
    return out;
  }

  void storeSeriesEntry(Ulid block, long ref, byte[] entry) {
    items.put(new SeriesKey(block, ref), entry);
  }

  /** Forgets a dropped block's items. */
  void invalidate(Ulid block) {
    items.asMap().keySet().removeIf(k -> k instanceof PostingsKey p ? p.block.equals(block)
        : k instanceof SeriesKey s && s.block.equals(block));
  }

  private static String key(List<Matcher> matchers) {
    // Matcher order does not change the selection, so the key is order-independent.
    String[] parts = new String[matchers.size()];
    for (int i = 0; i < parts.length; i++) {
      Matcher m = matchers.get(i);
      parts[i] = m.name() + '\u0000' + m.type().symbol() + '\u0000' + m.value();
    }
    Arrays.sort(parts);
    return String.join("\u0001", parts);
  }
}
