package io.thanosj.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.OutageBucket;
import io.thanosj.store.TestBlocks;
import io.thanosj.store.sync.MetaFetcher;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.tsdb.block.BlockMeta;
import java.io.RandomAccessFile;
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
import org.slf4j.LoggerFactory;

/**
 * The bucket store over blocks written with our block writer into a FILESYSTEM bucket: merging
 * across blocks, limits, the index cache, and faults (a corrupt index, a block deleted while being
 * served, the bucket unreachable and back).
 */
class BucketStoreTest {

  private static final long W0 = 1_700_006_400_000L;
  private static final long W1 = W0 + Dataset.WINDOW_MILLIS;
  private static final Labels EXT = Labels.of("region", "eu");

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private OutageBucket bucket;
  private BucketStore store;

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    pool.shutdownNow();
  }

  private Path bucketDir() throws Exception {
    return Files.createDirectories(tmp.resolve("bucket"));
  }

  private BucketStore open(long seriesLimit, long samplesLimit) throws Exception {
    bucket = new OutageBucket(new FilesystemBucket(bucketDir()));
    MetaFetcher fetcher = new MetaFetcher(bucket, pool,
        new MetaFetcher.Filters(() -> Long.MIN_VALUE, () -> Long.MAX_VALUE, Duration.ZERO, Duration.ofHours(24)), Clock.systemUTC());
    BucketStore[] self = new BucketStore[1];
    StoreMetrics metrics = new StoreMetrics(registry, () -> self[0] == null ? 0 : self[0].loadedBlocks());
    store = new BucketStore(bucket, fetcher,
        new BucketStore.Options(Files.createDirectories(tmp.resolve("data")), () -> Long.MIN_VALUE, () -> Long.MAX_VALUE, seriesLimit, samplesLimit, 4),
        metrics, new IndexCache(1 << 20, registry), pool, Executors.newFixedThreadPool(2), Executors.newFixedThreadPool(2));
    self[0] = store;
    return store;
  }

  private static SeriesRequest up(long mint, long maxt) {
    return SeriesRequest.newBuilder().setMinTime(mint).setMaxTime(maxt)
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("__name__").setValue("up")).build();
  }

  private record Answer(List<String> labels, List<Integer> chunks, List<String> warnings) {}

  private static Answer collect(SeriesSet set) {
    List<String> labels = new ArrayList<>();
    List<Integer> chunks = new ArrayList<>();
    try (set) {
      while (set.next()) {
        labels.add(set.at().getLabelsList().toString().replace("\n", " "));
        chunks.add(set.at().getChunksCount());
      }
      return new Answer(labels, chunks, set.warnings());
    }
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aSeriesInTwoBlocksComesOnceWithTheChunksOfBoth() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    TestBlocks.write(bucketDir(), Dataset.standard(W1), EXT);
    open(0, 0).sync();
    assertThat(store.loadedBlocks()).isEqualTo(2);
    Answer a = collect(store.series(up(W0, W1 + Dataset.WINDOW_MILLIS)));
    assertThat(a.labels()).hasSize(3);
    Answer one = collect(store.series(up(W0, W1 - 1)));
    assertThat(a.chunks().get(0)).isEqualTo(2 * one.chunks().get(0));
    assertThat(store.info().getStore().getMinTime()).isEqualTo(W0);
  }

  @Test
  void seriesAndSamplesLimitsFailWithResourceExhaustedNamingTheLimit() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    open(2, 0).sync();
    assertThatThrownBy(() -> collect(store.series(up(W0, W1))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).startsWith("exceeded series limit: limit 2 violated (got 3)")
              .contains("--store.limits.request-series");
        });
    store.close();
    // 3 series of 480 samples: 12 chunks of up to 120 samples; 1200 samples allow 10 chunks.
    open(0, 1200).sync();
    assertThatThrownBy(() -> collect(store.series(up(W0, W1))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).startsWith("exceeded chunks limit: limit 10 violated")
              .contains("--store.limits.request-samples=1200");
        });
    // Labels-only requests fetch no chunks and pass the samples limit.
    assertThat(collect(store.series(up(W0, W1).toBuilder().setSkipChunks(true).build())).labels()).hasSize(3);
  }

  @Test
  void repeatedQueriesHitTheIndexCache() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    open(0, 0).sync();
    Answer first = collect(store.series(up(W0, W1)));
    double indexBytes = counter("thanos_bucket_store_index_fetched_bytes");
    assertThat(indexBytes).isPositive();
    Answer second = collect(store.series(up(W0, W1)));
    assertThat(second).isEqualTo(first);
    // The second query read its postings and its 3 series entries from the cache: no index bytes fetched.
    assertThat(counter("thanos_bucket_store_index_fetched_bytes")).isEqualTo(indexBytes);
    assertThat(cacheCounter("thanos_store_index_cache_requests_total", IndexCache.EXPANDED_POSTINGS)).isEqualTo(2);
    assertThat(cacheCounter("thanos_store_index_cache_hits_total", IndexCache.EXPANDED_POSTINGS)).isEqualTo(1);
    assertThat(cacheCounter("thanos_store_index_cache_requests_total", IndexCache.SERIES)).isEqualTo(6);
    assertThat(cacheCounter("thanos_store_index_cache_hits_total", IndexCache.SERIES)).isEqualTo(3);
  }

  private double cacheCounter(String name, String itemType) {
    return registry.get(name).tag("item_type", itemType).counter().count();
  }

  @Test
  void aBlockWithACorruptIndexIsSkippedCountedAndTheOthersServed() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    BlockMeta bad = TestBlocks.write(bucketDir(), Dataset.standard(W1), EXT);
    Path index = bucketDir().resolve(bad.ulid() + "/index");
    try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
      f.seek(f.length() - 20); // inside the TOC: its CRC no longer matches
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(BucketStore.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      open(0, 0).sync();
    } finally {
      log.detachAppender(lines);
    }
    assertThat(store.loadedBlocks()).isEqualTo(1);
    assertThat(store.isSynced()).isTrue();
    assertThat(counter("thanos_bucket_store_block_load_failures")).isEqualTo(1);
    assertThat(lines.list).anySatisfy(e -> {
      assertThat(e.getFormattedMessage()).contains("loading block failed");
      assertThat(e.getKeyValuePairs().toString()).contains(bad.ulid().toString());
    });
    assertThat(collect(store.series(up(W0, W1 + Dataset.WINDOW_MILLIS))).labels()).hasSize(3);
  }

  @Test
  void aBlockDeletedWhileServedGivesAWarningThenIsDropped() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    BlockMeta gone = TestBlocks.write(bucketDir(), Dataset.standard(W1), EXT);
    open(0, 0).sync();
    assertThat(store.loadedBlocks()).isEqualTo(2);
    // Deleted as Thanos deletes: meta.json first, then the rest.
    try (var files = Files.walk(bucketDir().resolve(gone.ulid().toString()))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Answer a = collect(store.series(up(W0, W1 + Dataset.WINDOW_MILLIS)));
    assertThat(a.labels()).hasSize(3); // from the other block
    assertThat(a.warnings()).singleElement().asString().contains(gone.ulid().toString());
    store.sync();
    assertThat(store.loadedBlocks()).isEqualTo(1);
    assertThat(collect(store.series(up(W0, W1 + Dataset.WINDOW_MILLIS))).warnings()).isEmpty();
  }

  @Test
  void anUnreachableBucketKeepsTheLoadedBlocksAndRecovers() throws Exception {
    TestBlocks.write(bucketDir(), Dataset.standard(W0), EXT);
    open(0, 0).sync();
    bucket.setDown(true);
    store.sync();
    assertThat(store.loadedBlocks()).isEqualTo(1);
    assertThat(counter("thanos_blocks_meta_sync_failures")).isEqualTo(1);
    // Label names and values without matchers come from the local index header while the bucket is down.
    assertThat(store.labelNames(io.thanosj.storeapi.proto.LabelNamesRequest.newBuilder().setStart(W0).setEnd(W1).build()).getNamesList())
        .contains("__name__", "job", "region");
    Answer during = collect(store.series(up(W0, W1)));
    assertThat(during.labels()).isEmpty();
    assertThat(during.warnings()).singleElement().asString().contains("connection refused");
    TestBlocks.write(bucketDir(), Dataset.standard(W1), EXT);
    bucket.setDown(false);
    store.sync();
    assertThat(store.loadedBlocks()).isEqualTo(2);
    Answer after = collect(store.series(up(W0, W1 + Dataset.WINDOW_MILLIS)));
    assertThat(after.labels()).hasSize(3);
    assertThat(after.warnings()).isEmpty();
  }
}
