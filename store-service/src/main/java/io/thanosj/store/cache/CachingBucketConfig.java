package io.thanosj.store.cache;

import io.thanosj.service.flags.PrometheusDurations;
import io.thanosj.store.ByteSize;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code --store.caching-bucket.config[-file]}: Thanos' caching-bucket YAML. ThanosJ implements the
 * IN-MEMORY backend for chunks ({@code config.max_size}, {@code chunk_subrange_size},
 * {@code max_chunks_get_range_requests}, {@code chunk_subrange_ttl}); the metadata keys
 * ({@code blocks_iter_ttl}, {@code metafile_*}, {@code chunk_object_attrs_ttl}) are accepted and have
 * no effect, because the store gateway reads each block's metadata once per sync anyway. Other
 * backends are refused at start-up by name rather than silently ignored.
 */
public record CachingBucketConfig(long maxSizeBytes, int chunkSubrangeSize, int maxChunksGetRangeRequests, Duration chunkSubrangeTtl) {

  private static final String FLAG = "--store.caching-bucket.config";
  private static final Set<String> KEYS = Set.of("type", "config", "chunk_subrange_size", "max_chunks_get_range_requests",
      "chunk_object_attrs_ttl", "chunk_subrange_ttl", "blocks_iter_ttl", "metafile_exists_ttl", "metafile_doesnt_exist_ttl",
      "metafile_content_ttl", "metafile_max_size");

  public CachingBucketConfig {
    if (maxSizeBytes <= 0) {
      throw new IllegalArgumentException(FLAG + ": config.max_size must be positive");
    }
    if (chunkSubrangeSize <= 0) {
      throw new IllegalArgumentException(FLAG + ": chunk_subrange_size must be positive, not " + chunkSubrangeSize);
    }
    if (maxChunksGetRangeRequests < 0) {
      throw new IllegalArgumentException(FLAG + ": max_chunks_get_range_requests must not be negative");
    }
  }

  public static CachingBucketConfig parse(String yaml) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(FLAG + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(FLAG + ": expected a YAML mapping with type and config");
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(FLAG + ": unknown field " + k);
      }
    }
    String type = String.valueOf(m.get("type")).toUpperCase(Locale.ROOT);
    if (!type.equals("IN-MEMORY") && !type.equals("INMEMORY")) {
      throw new IllegalArgumentException(FLAG + ": type " + m.get("type")
          + " is not supported by ThanosJ; use IN-MEMORY (MEMCACHED, REDIS and GROUPCACHE are not implemented)");
    }
    long maxSize = 250L << 20; // Thanos' in-memory cache default
    if (m.get("config") instanceof Map<?, ?> c && c.get("max_size") != null) {
      maxSize = ByteSize.parse(String.valueOf(c.get("max_size"))).bytes();
    }
    int subrange = m.get("chunk_subrange_size") == null ? 16_000 : integer(m.get("chunk_subrange_size"), "chunk_subrange_size");
    int requests = m.get("max_chunks_get_range_requests") == null ? 3
        : integer(m.get("max_chunks_get_range_requests"), "max_chunks_get_range_requests");
    Duration ttl = m.get("chunk_subrange_ttl") == null ? Duration.ofHours(24) : duration(m.get("chunk_subrange_ttl"), "chunk_subrange_ttl");
    return new CachingBucketConfig(maxSize, subrange, requests, ttl);
  }

  private static int integer(Object v, String key) {
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(FLAG + ": " + key + " must be an integer, not " + v);
    }
  }

  private static Duration duration(Object v, String key) {
    try {
      return PrometheusDurations.parse(String.valueOf(v).trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(FLAG + ": " + key + " must be a duration such as 24h, not " + v);
    }
  }
}
