package io.thanosj.store;

import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code --index-cache.config[-file]}: Thanos' index cache YAML. ThanosJ supports {@code type:
 * IN-MEMORY} with {@code config.max_size} (and accepts {@code max_item_size}, {@code enabled_items},
 * {@code ttl}); MEMCACHED and REDIS are refused at start-up rather than silently ignored.
 */
record IndexCacheConfig(long maxBytes) {

  static IndexCacheConfig parse(String yaml, long defaultBytes) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("--index-cache.config: expected a YAML mapping with type and config");
    }
    String type = String.valueOf(m.get("type")).toUpperCase(Locale.ROOT);
    if (!type.equals("IN-MEMORY") && !type.equals("INMEMORY")) {
      throw new IllegalArgumentException("--index-cache.config: type " + m.get("type") + " is not supported by ThanosJ; use IN-MEMORY");
    }
    long max = defaultBytes;
    if (m.get("config") instanceof Map<?, ?> c && c.get("max_size") != null) {
      max = ByteSize.parse(String.valueOf(c.get("max_size"))).bytes();
    }
    return new IndexCacheConfig(max);
  }
}
