package io.thanosj.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
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
import java.util.concurrent.atomic.AtomicReference;
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

  /** The bucket store, which is this role's StoreAPI (served on --grpc-address by common-service). */
  @Bean(destroyMethod = "close")
  BucketStore bucketStore(StoreFlags flags, Bucket storeBucket, MeterRegistry registry, ExecutorService storeMetaExecutor,
      ExecutorService storeLoadExecutor, ExecutorService storeBlockExecutor, ExecutorService storeFetchExecutor) {
    Clock clock = Clock.systemUTC();
    MetaFetcher fetcher = new MetaFetcher(storeBucket, storeMetaExecutor, new MetaFetcher.Filters(
        () -> flags.minTime().millis(clock), () -> flags.maxTime().millis(clock), flags.consistencyDelay(), flags.ignoreDeletionMarksDelay(), flags.selector()), clock);
    AtomicReference<BucketStore> self = new AtomicReference<>();
    StoreMetrics metrics = new StoreMetrics(registry, () -> self.get() == null ? 0 : self.get().loadedBlocks());
    BucketStore store = new BucketStore(storeBucket, fetcher,
        new BucketStore.Options(flags.dataDir(), () -> flags.minTime().millis(clock), () -> flags.maxTime().millis(clock),
            flags.requestSeriesLimit(), flags.requestSamplesLimit(), flags.seriesMaxConcurrency()),
        metrics, new IndexCache(flags.indexCacheBytes(), registry), storeLoadExecutor, storeBlockExecutor, storeFetchExecutor);
    self.set(store);
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
