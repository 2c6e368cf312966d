package io.thanosj.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.TestBlocks;
import io.thanosj.store.block.IndexHeaderPool;
import io.thanosj.store.sync.MetaFetcher;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket store with {@code --store.enable-index-header-lazy-reader}: two blocks in a FILESYSTEM
 * bucket, the pool's own background idle check, and the lazy-reader metrics as StoreMetrics
 * registers them.
 */
class BucketStoreLazyIndexHeaderTest {

  private static final long W0 = 1_700_006_400_000L;
  private static final long W1 = W0 + Dataset.WINDOW_MILLIS;
  private static final Labels EXT = Labels.of("region", "eu");

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private IndexHeaderPool headers;
  private BucketStore store;

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    if (headers != null) {
      headers.close();
    }
    pool.shutdownNow();
  }

  private BucketStore open(Duration idleTimeout) throws Exception {
    Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
    TestBlocks.write(bucketDir, Dataset.standard(W0), EXT);
    TestBlocks.write(bucketDir, Dataset.standard(W1), EXT);
    FilesystemBucket bucket = new FilesystemBucket(bucketDir);
    MetaFetcher fetcher = new MetaFetcher(bucket, pool,
        new MetaFetcher.Filters(() -> Long.MIN_VALUE, () -> Long.MAX_VALUE, Duration.ZERO, Duration.ofHours(24)), Clock.systemUTC());
    StoreMetrics metrics = new StoreMetrics(registry, () -> store == null ? 0 : store.loadedBlocks());
    headers = new IndexHeaderPool(true, idleTimeout, metrics.indexHeaders());
    store = new BucketStore(bucket, fetcher,
        new BucketStore.Options(Files.createDirectories(tmp.resolve("data")), () -> Long.MIN_VALUE, () -> Long.MAX_VALUE, 0, 0, 4, headers),
        metrics, new IndexCache(1 << 20, registry), pool, Executors.newFixedThreadPool(2), Executors.newFixedThreadPool(2));
    store.sync();
    assertThat(store.loadedBlocks()).isEqualTo(2);
    return store;
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private static SeriesRequest matching(String name, String value) {
    return SeriesRequest.newBuilder().setMinTime(W0).setMaxTime(W1 + Dataset.WINDOW_MILLIS)
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName(name).setValue(value)).build();
  }

  /** Everything a client sees of one round of calls: series with their chunks, label names, label values. */
  private List<Object> answers() {
    List<Object> out = new ArrayList<>();
    for (SeriesRequest r : List.of(matching("__name__", "up"), matching("job", "api"))) {
      try (SeriesSet set = store.series(r)) {
        while (set.next()) {
          Series s = set.at();
          out.add(s);
        }
        out.add(set.warnings());
      }
    }
    out.add(store.labelNames(LabelNamesRequest.newBuilder().setStart(W0).setEnd(W1 + Dataset.WINDOW_MILLIS).build()).getNamesList());
    out.add(store.labelValues(LabelValuesRequest.newBuilder().setLabel("instance").setStart(W0).setEnd(W1 + Dataset.WINDOW_MILLIS).build())
        .getValuesList());
    return out;
  }

  /** Waits until the background check has released every loaded header. */
  private void awaitAllReleased() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (loadedNow() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(loadedNow()).as("headers still mapped").isZero();
  }

  private double loadedNow() {
    return count("thanos_bucket_store_indexheader_lazy_load") - count("thanos_bucket_store_indexheader_lazy_unload");
  }

  @Test
  void headersAreReleasedWhenIdleAndReloadedByTheNextQueryWithTheSameAnswers() throws Exception {
    // The exact counts (1 load, 1 unload, 1 load) are checked on a test clock in IndexHeaderHandleTest;
    // here the real background check runs, so a slow machine may release a header mid-round too.
    open(Duration.ofSeconds(1));
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).as("nothing mapped at sync").isZero();
    List<Object> before = answers();
    assertThat(before).hasSizeGreaterThan(6);
    assertThat(loadedNow()).as("both blocks' headers mapped").isEqualTo(2);

    awaitAllReleased();
    double loads = count("thanos_bucket_store_indexheader_lazy_load");
    assertThat(loads).isGreaterThanOrEqualTo(2);
    List<Object> after = answers();
    assertThat(after).isEqualTo(before);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load") - loads).as("reloaded by the next query").isGreaterThanOrEqualTo(2);
    assertThat(loadedNow()).isEqualTo(2);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load_failed")).isZero();
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload_failed")).isZero();
    assertThat(registry.get("thanos_bucket_store_indexheader_lazy_load_duration").timer().count())
        .isEqualTo((long) count("thanos_bucket_store_indexheader_lazy_load"));
  }

  @Test
  void withAZeroIdleTimeoutLoadedHeadersStayUntilTheStoreCloses() throws Exception {
    open(Duration.ZERO);
    List<Object> before = answers();
    assertThat(headers.unloadIdle()).isZero();
    Thread.sleep(100);
    assertThat(answers()).isEqualTo(before);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isEqualTo(2);
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload")).isZero();
    store.close();
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload")).isEqualTo(2);
  }
}
