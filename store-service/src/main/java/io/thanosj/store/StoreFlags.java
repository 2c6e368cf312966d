package io.thanosj.store;

import io.thanosj.service.flags.Flag;
import io.thanosj.service.flags.ObjstoreConfigFlags;
import io.thanosj.service.flags.TimeOrDuration;
import io.thanosj.service.flags.PathOrContent;
import java.nio.file.Path;
import java.time.Duration;

/** The store gateway's own flags, with Thanos' names, defaults and meaning (see {@code thanos store --help}). */
public record StoreFlags(
    @Flag(name = "data-dir", defaultValue = "./data",
        help = "Local data directory used for caching purposes (index files of loaded blocks). Its content can be deleted at any time; it is rebuilt from the bucket.")
    Path dataDir,
    ObjstoreConfigFlags objstore,
    @Flag(name = "sync-block-duration", defaultValue = "15m",
        help = "Repeat interval for syncing the blocks between local and remote view.")
    Duration syncBlockDuration,
    @Flag(name = "block-sync-concurrency", defaultValue = "20",
        help = "Number of goroutines to use when constructing index-cache.json blocks from object storage. Must be equal or greater than 1.")
    int blockSyncConcurrency,
    @Flag(name = "block-meta-fetch-concurrency", defaultValue = "32",
        help = "Number of goroutines to use when fetching block metadata from object storage.")
    int blockMetaFetchConcurrency,
    @Flag(name = "min-time", defaultValue = "0000-01-01T00:00:00Z",
        help = "Start of time range limit to serve. Thanos Store will serve only metrics, which happened later than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m. Valid duration units are ms, s, m, h, d, w, y.")
    TimeOrDuration minTime,
    @Flag(name = "max-time", defaultValue = "9999-12-31T23:59:59Z",
        help = "End of time range limit to serve. Thanos Store will serve only blocks, which happened earlier than this value. Option can be a constant time in RFC3339 format or time duration relative to current time, such as -1d or 2h45m. Valid duration units are ms, s, m, h, d, w, y.")
    TimeOrDuration maxTime,
    @Flag(name = "consistency-delay", defaultValue = "0s",
        help = "Minimum age of all blocks before they are being read. Set it to safe value (e.g 30m) if your object storage is eventually consistent. GCS and S3 are (roughly) strongly consistent.")
    Duration consistencyDelay,
    @Flag(name = "ignore-deletion-marks-delay", defaultValue = "24h",
        help = "Duration after which the blocks marked for deletion will be filtered out while fetching blocks. The idea of ignore-deletion-marks-delay is to ignore blocks that are marked for deletion with some delay. This ensures store can still serve blocks that are meant to be deleted but do not have a replacement yet.")
    Duration ignoreDeletionMarksDelay,
    @Flag(name = "selector.relabel-config",
        help = "YAML file or content with relabeling configuration that allows selecting blocks. It follows native Prometheus relabel-config syntax over the blocks' external labels and __block_id.")
    PathOrContent selectorRelabelConfig,
    @Flag(name = "index-cache-size", defaultValue = "250MB",
        help = "Maximum size of items held in the in-memory index cache. Ignored if --index-cache.config or --index-cache.config-file option is specified.")
    ByteSize indexCacheSize,
    @Flag(name = "index-cache.config",
        help = "YAML index cache configuration (type: IN-MEMORY, config: {max_size: 250MB}). Overrides --index-cache-size.")
    PathOrContent indexCacheConfig,
    @Flag(name = "store.caching-bucket.config",
        help = "YAML caching-bucket configuration (type: IN-MEMORY, config: {max_size: 250MB}, chunk_subrange_size: 16000, ...): chunk range reads served from memory. Unset: no chunk cache.")
    PathOrContent cachingBucketConfig,
    @Flag(name = "store.limits.request-series", defaultValue = "0", deprecatedAliases = "store.grpc.touched-series-limit",
        help = "The maximum series allowed for a single Series request. The Series call fails if this limit is exceeded. 0 means no limit.")
    long requestSeriesLimit,
    @Flag(name = "store.limits.request-samples", defaultValue = "0", deprecatedAliases = "store.grpc.series-sample-limit",
        help = "The maximum samples allowed for a single Series request. The Series call fails if this limit is exceeded. 0 means no limit. NOTE: For efficiency the limit is internally implemented as 'chunks limit' considering each chunk contains a maximum of 120 samples.")
    long requestSamplesLimit,
    @Flag(name = "store.grpc.series-max-concurrency", defaultValue = "20",
        help = "Maximum number of concurrent Series calls.")
    int seriesMaxConcurrency,
    @Flag(name = "store.enable-index-header-lazy-reader", defaultValue = "false",
        help = "If true, Store Gateway will lazy memory map index-header only once the block is required by a query. Saves memory when many blocks are rarely queried, at the cost of a load (tens of milliseconds per block) on the first query after idling.")
    boolean lazyIndexHeader,
    @Flag(name = "store.index-header-lazy-reader-idle-timeout", defaultValue = "5m", hidden = true,
        help = "If index-header lazy reader is enabled and this idle timeout setting is > 0, memory map-ed index-headers will be automatically released after 'idle timeout' inactivity.")
    Duration lazyIndexHeaderIdleTimeout) {

  /** The parsed --selector.relabel-config[-file]; none when unset. */
  io.thanosj.store.sync.Relabeling selector() {
    if (selectorRelabelConfig == null || !selectorRelabelConfig.isSet()) {
      return io.thanosj.store.sync.Relabeling.none();
    }
    try {
      return io.thanosj.store.sync.Relabeling.parse(selectorRelabelConfig.read().orElse(""));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--selector.relabel-config: " + e.getMessage(), e);
    }
  }

  /** Bytes the in-memory index cache may hold: from --index-cache.config when set, else --index-cache-size. */
  long indexCacheBytes() {
    if (indexCacheConfig == null || !indexCacheConfig.isSet()) {
      return indexCacheSize.bytes();
    }
    return IndexCacheConfig.parse(indexCacheConfig.read().orElse(""), 250L << 20).maxBytes();
  }

  /** The parsed --store.caching-bucket.config[-file]; null when unset. */
  io.thanosj.store.cache.CachingBucketConfig cachingBucket() {
    if (cachingBucketConfig == null || !cachingBucketConfig.isSet()) {
      return null;
    }
    return io.thanosj.store.cache.CachingBucketConfig.parse(cachingBucketConfig.read().orElse(""));
  }

  /** Checks what the flag parser cannot. */
  void validate() {
    if (objstore.config() == null || !objstore.config().isSet()) {
      throw new IllegalArgumentException("--objstore.config-file or --objstore.config is required: the store gateway serves the blocks of a bucket");
    }
    if (blockSyncConcurrency < 1) {
      throw new IllegalArgumentException("--block-sync-concurrency must be at least 1, not " + blockSyncConcurrency);
    }
    if (blockMetaFetchConcurrency < 1) {
      throw new IllegalArgumentException("--block-meta-fetch-concurrency must be at least 1, not " + blockMetaFetchConcurrency);
    }
    if (seriesMaxConcurrency < 1) {
      throw new IllegalArgumentException("--store.grpc.series-max-concurrency must be at least 1, not " + seriesMaxConcurrency);
    }
    if (lazyIndexHeaderIdleTimeout.isNegative()) {
      throw new IllegalArgumentException("--store.index-header-lazy-reader-idle-timeout must not be negative, not " + lazyIndexHeaderIdleTimeout);
    }
    if (requestSeriesLimit < 0 || requestSamplesLimit < 0) {
      throw new IllegalArgumentException("--store.limits.request-series and --store.limits.request-samples must not be negative");
    }
    selector();
    indexCacheBytes();
    cachingBucket();
    if (syncBlockDuration.isZero() || syncBlockDuration.isNegative()) {
      throw new IllegalArgumentException("--sync-block-duration must be positive, not " + syncBlockDuration);
    }
  }
}
