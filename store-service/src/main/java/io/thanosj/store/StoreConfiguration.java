package io.thanosj.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
import io.thanosj.store.block.IndexHeaderPool;
import io.thanosj.store.bucket.BucketStore;
import io.thanosj.store.bucket.IndexCache;
import io.thanosj.store.bucket.StoreMetrics;
import io.thanosj.store.sync.MetaFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns the store gateway's flags into its parts: the bucket, the block sync, the bucket store. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean(destroyMethod = "close")
  Bucket storeBucket(StoreFlags flags, MeterRegistry registry) {
    flags.validate();
    try {
      Files.createDirectories(flags.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create --data-dir " + flags.dataDir(), e);
    }
    String yaml = flags.objstore().config().read().orElseThrow();
    return Buckets.create(BucketConfig.parse(yaml, System.getenv()), registry);
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService storeMetaExecutor(StoreFlags flags) {
    return pool("meta-fetch", flags.blockMetaFetchConcurrency());
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService storeLoadExecutor(StoreFlags flags) {
    return pool("block-load", flags.blockSyncConcurrency());
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService storeBlockExecutor() {
    return pool("block-series", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService storeFetchExecutor() {
    return pool("range-read", 32);
  }

  /** Holds the blocks' index headers for their life, or lazily with --store.enable-index-header-lazy-reader. */
  @Bean(destroyMethod = "close")
  IndexHeaderPool storeIndexHeaders(StoreFlags flags, StoreMetrics storeMetrics) {
    return new IndexHeaderPool(flags.lazyIndexHeader(), flags.lazyIndexHeaderIdleTimeout(), storeMetrics.indexHeaders());
  }

  @Bean
  StoreMetrics storeMetrics(MeterRegistry registry, ObjectProvider<BucketStore> store) {
    return new StoreMetrics(registry, () -> {
      BucketStore s = store.getIfAvailable();
      return s == null ? 0 : s.loadedBlocks();
    });
  }

  /** The bucket store, which is this role's StoreAPI (served on --grpc-address by common-service). */
  @Bean(destroyMethod = "close")
  BucketStore bucketStore(StoreFlags flags, Bucket storeBucket, MeterRegistry registry, StoreMetrics storeMetrics, IndexHeaderPool storeIndexHeaders,
      ExecutorService storeMetaExecutor, ExecutorService storeLoadExecutor, ExecutorService storeBlockExecutor, ExecutorService storeFetchExecutor) {
    Clock clock = Clock.systemUTC();
    MetaFetcher fetcher = new MetaFetcher(storeBucket, storeMetaExecutor, new MetaFetcher.Filters(
        () -> flags.minTime().millis(clock), () -> flags.maxTime().millis(clock), flags.consistencyDelay(), flags.ignoreDeletionMarksDelay(), flags.selector()), clock);
    io.thanosj.store.cache.CachingBucketConfig caching = flags.cachingBucket();
    Bucket reads = caching == null ? storeBucket : new io.thanosj.store.cache.CachingBucket(storeBucket, caching, registry);
    BucketStore store = new BucketStore(reads, fetcher,
        new BucketStore.Options(flags.dataDir(), () -> flags.minTime().millis(clock), () -> flags.maxTime().millis(clock),
            flags.requestSeriesLimit(), flags.requestSamplesLimit(), flags.seriesMaxConcurrency(), storeIndexHeaders),
        storeMetrics, new IndexCache(flags.indexCacheBytes(), registry), storeLoadExecutor, storeBlockExecutor, storeFetchExecutor);
    return store;
  }

  @Bean(destroyMethod = "close")
  SyncLoop syncLoop(BucketStore bucketStore, StoreFlags flags) {
    SyncLoop loop = new SyncLoop(bucketStore, flags.syncBlockDuration());
    loop.start();
    return loop;
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
