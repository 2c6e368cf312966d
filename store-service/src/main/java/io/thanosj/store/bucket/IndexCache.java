package io.thanosj.store.bucket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.block.Ulid;
import java.util.List;

/**
 * The in-memory index cache ({@code --index-cache-size}, Thanos' IN-MEMORY cache), size-bounded by
 * the bytes its items hold. It keeps "expanded postings": the sorted series references a block
 * selects for a set of matchers, which spares repeated queries (dashboards refreshing) the postings
 * reads, decoding and intersection. Hits and requests are counted per item type with Thanos' metric
 * names.
 */
public final class IndexCache {

  static final String EXPANDED_POSTINGS = "ExpandedPostings";
  /** Rough per-entry overhead: key, array header, Caffeine node. */
  private static final int ENTRY_OVERHEAD = 160;

  private record Key(Ulid block, String matchers) {}

  private final Cache<Key, long[]> postings;
  private final Counter requests;
  private final Counter hits;

  public IndexCache(long maxBytes, MeterRegistry registry) {
    this.postings = Caffeine.newBuilder()
        .maximumWeight(Math.max(0, maxBytes))
        .weigher((Key k, long[] v) -> (int) Math.min(Integer.MAX_VALUE, 8L * v.length + 2L * k.matchers.length() + ENTRY_OVERHEAD))
        .build();
    this.requests = Counter.builder("thanos_store_index_cache_requests_total").tag("item_type", EXPANDED_POSTINGS)
        .description("Total number of items requests to the cache.").register(registry);
    this.hits = Counter.builder("thanos_store_index_cache_hits_total").tag("item_type", EXPANDED_POSTINGS)
        .description("Total number of items requests to the cache that were a hit.").register(registry);
    Gauge.builder("thanos_store_index_cache_items", postings, c -> c.estimatedSize()).tag("item_type", EXPANDED_POSTINGS)
        .description("Current number of items in the index cache.").register(registry);
  }

  /** The cached references for {@code matchers} on {@code block}, or null. */
  long[] expandedPostings(Ulid block, List<Matcher> matchers) {
    requests.increment();
    long[] v = postings.getIfPresent(new Key(block, key(matchers)));
    if (v != null) {
      hits.increment();
    }
    return v;
  }

  void storeExpandedPostings(Ulid block, List<Matcher> matchers, long[] refs) {
    postings.put(new Key(block, key(matchers)), refs);
  }

  /** Forgets a dropped block's items. */
  void invalidate(Ulid block) {
    postings.asMap().keySet().removeIf(k -> k.block.equals(block));
  }

  private static String key(List<Matcher> matchers) {
    // Matcher order does not change the selection, so the key is order-independent.
    String[] parts = new String[matchers.size()];
    for (int i = 0; i < parts.length; i++) {
      Matcher m = matchers.get(i);
      parts[i] = m.name() + '\u0000' + m.type().symbol() + '\u0000' + m.value();
    }
    java.util.Arrays.sort(parts);
    return String.join("\u0001", parts);
  }
}
