package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.TestBlocks;
import io.thanosj.storeapi.acceptance.SeriesData;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.io.MappedFileSource;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.querier.PostingsForMatchers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lazily mapped index headers on a real block in a FILESYSTEM bucket: mapped on first use,
 * released after the idle timeout (a clock the test moves), never while a request holds them, and
 * rebuilt when damaged; plus queries racing a pool that releases every header the moment it is free.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexHeaderHandleTest {

  private static final long T0 = 1_700_006_400_000L;
  private static final List<Matcher> JOB3 = List.of(Matcher.of(Matcher.Type.EQ, "job", "job3"));
  private static final List<Matcher> METRIC2_NOT_JOB1 = List.of(
      Matcher.of(Matcher.Type.RE, "__name__", "metric_[12]"), Matcher.of(Matcher.Type.NEQ, "job", "job1"));

  @TempDir static Path tmp;
  private final ExecutorService fetch = Executors.newFixedThreadPool(2);
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private SimpleMeterRegistry registry;
  private IndexHeaderMetrics metrics;
  private FilesystemBucket bucket;
  private BlockMeta meta;
  private IndexReader full;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  void writeBlock() throws Exception {
    Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
    List<SeriesData> series = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long[] ts = {T0, T0 + 15_000, T0 + 30_000};
      double[] vs = {i, i + 1, i + 2};
      series.add(new SeriesData(Labels.of("__name__", "metric_" + (i % 7), "job", "job" + (i % 5), "idx", Integer.toString(i)), ts, vs));
    }
    meta = TestBlocks.write(bucketDir, series, Labels.of("region", "eu"));
    bucket = new FilesystemBucket(bucketDir);
    full = IndexReader.open(MappedFileSource.open(bucketDir.resolve(meta.ulid() + "/index"), "index"));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    closing.clear();
  }

  @AfterAll
  void shutdown() {
    full.close();
    fetch.shutdownNow();
  }

  /** A lazy pool on the test's clock with no background check: headers go only when the test calls unloadIdle. */
  private IndexHeaderPool manualPool(Duration idle) {
    registry = new SimpleMeterRegistry();
    metrics = IndexHeaderMetrics.register(registry);
    IndexHeaderPool pool = new IndexHeaderPool(true, idle, metrics, clock::get, false);
    closing.add(pool);
    return pool;
  }

  private BucketBlock load(IndexHeaderPool pool, String dataDir) throws Exception {
    BucketBlock b = BucketBlock.load(bucket, meta, Files.createDirectories(tmp.resolve(dataDir)), pool);
    closing.add(b);
    return b;
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  /** The label sets a request selects, read through the block's header as the store does. */
  private static List<Labels> select(BucketBlock b, List<Matcher> ms, ExecutorService fetch) {
    try (BucketBlock.RequestIndex ri = b.requestIndex(ms, true, fetch, new LongAdder())) {
      long[] refs = Postings.toArray(PostingsForMatchers.select(ri.reader(), ms));
      ri.prefetchSeries(refs);
      List<Labels> out = new ArrayList<>(refs.length);
      SeriesEntry e = new SeriesEntry();
      for (long ref : refs) {
        ri.reader().series(ref, e);
        out.add(e.labels(ri.reader().symbols()));
      }
      return out;
    }
  }

  private List<Labels> expected(List<Matcher> ms) {
    long[] refs = Postings.toArray(PostingsForMatchers.select(full, ms));
    List<Labels> out = new ArrayList<>(refs.length);
    SeriesEntry e = new SeriesEntry();
    for (long ref : refs) {
      full.series(ref, e);
      out.add(e.labels(full.symbols()));
    }
    return out;
  }

  @Test
  void theHeaderIsBuiltAtLoadButMappedOnlyOnFirstUseAndReleasedAfterTheIdleTimeout() throws Exception {
    IndexHeaderPool pool = manualPool(Duration.ofMinutes(5));
    BucketBlock b = load(pool, "data-idle");
    assertThat(tmp.resolve("data-idle").resolve(meta.ulid() + "/" + IndexHeader.FILE_NAME)).exists();
    assertThat(b.indexHeader().isLoaded()).isFalse();
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isZero();

    List<Labels> before = select(b, JOB3, fetch);
    assertThat(before).isEqualTo(expected(JOB3)).hasSize(80);
    assertThat(b.labelValues("job")).isEqualTo(full.labelValues("job"));
    assertThat(b.indexHeader().isLoaded()).isTrue();
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isEqualTo(1);
    assertThat(registry.get("thanos_bucket_store_indexheader_lazy_load_duration").timer().count()).isEqualTo(1);

    advance(Duration.ofMinutes(4));
    assertThat(pool.unloadIdle()).isZero();
    advance(Duration.ofMinutes(1));
    assertThat(pool.unloadIdle()).isEqualTo(1);
    assertThat(b.indexHeader().isLoaded()).isFalse();
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload")).isEqualTo(1);

    assertThat(select(b, JOB3, fetch)).isEqualTo(before);
    assertThat(b.labelNames()).isEqualTo(full.labelNames());
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isEqualTo(2);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load_failed")).isZero();
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload_failed")).isZero();
  }

  @Test
  void aHeaderHeldByARequestIsNotReleasedHoweverLongItIsHeld() throws Exception {
    IndexHeaderPool pool = manualPool(Duration.ofSeconds(1));
    BucketBlock b = load(pool, "data-held");
    try (BucketBlock.RequestIndex ri = b.requestIndex(JOB3, true, fetch, new LongAdder())) {
      advance(Duration.ofHours(1));
      assertThat(pool.unloadIdle()).isZero();
      long[] refs = Postings.toArray(PostingsForMatchers.select(ri.reader(), JOB3));
      assertThat(refs).hasSize(80);
    }
    // Idle is counted from the last release, not from the load.
    assertThat(pool.unloadIdle()).isZero();
    advance(Duration.ofSeconds(1));
    assertThat(pool.unloadIdle()).isEqualTo(1);
  }

  @Test
  void withAZeroIdleTimeoutALoadedHeaderStaysUntilItsBlockCloses() throws Exception {
    IndexHeaderPool pool = manualPool(Duration.ZERO);
    BucketBlock b = load(pool, "data-zero");
    assertThat(b.labelNames()).isEqualTo(full.labelNames());
    advance(Duration.ofDays(365));
    assertThat(pool.unloadIdle()).isZero();
    assertThat(b.indexHeader().isLoaded()).isTrue();
    b.close();
    assertThat(b.indexHeader().isLoaded()).isFalse();
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isEqualTo(1);
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload")).isEqualTo(1);
  }

  @Test
  void aBlockClosedDuringARequestKeepsItsHeaderUntilTheRequestEndsThenRefusesNewOnes() throws Exception {
    IndexHeaderPool pool = manualPool(Duration.ofMinutes(5));
    BucketBlock b = load(pool, "data-close");
    BucketBlock.RequestIndex ri = b.requestIndex(METRIC2_NOT_JOB1, true, fetch, new LongAdder());
    b.close();
    assertThat(b.indexHeader().isLoaded()).isTrue();
    assertThat(Postings.toArray(PostingsForMatchers.select(ri.reader(), METRIC2_NOT_JOB1))).hasSize(expected(METRIC2_NOT_JOB1).size());
    ri.close();
    ri.close(); // a second close gives nothing back twice
    assertThat(b.indexHeader().isLoaded()).isFalse();
    assertThatThrownBy(b::labelNames).isInstanceOf(IllegalStateException.class).hasMessageContaining(meta.ulid() + "/index");
  }

  @Test
  void aHeaderDamagedAfterSyncFailsToLoadIsCountedAndRebuilt() throws Exception {
    IndexHeaderPool pool = manualPool(Duration.ofMinutes(5));
    BucketBlock b = load(pool, "data-damaged");
    Path header = tmp.resolve("data-damaged").resolve(meta.ulid() + "/" + IndexHeader.FILE_NAME);
    long size = Files.size(header);
    try (RandomAccessFile f = new RandomAccessFile(header.toFile(), "rw")) {
      f.seek(size - 60); // inside the header's own TOC: its checksum no longer matches
      f.write(new byte[] {9, 9, 9, 9});
    }
    assertThat(select(b, JOB3, fetch)).isEqualTo(expected(JOB3));
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isEqualTo(1);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load_failed")).isEqualTo(1);
    assertThat(IndexHeader.open(header, meta.ulid() + "/index", Files.size(tmp.resolve("bucket").resolve(meta.ulid() + "/index"))))
        .as("the rebuilt file checks out").isNotNull();

    // A header deleted with the data dir's content is rebuilt the same way.
    advance(Duration.ofMinutes(5));
    assertThat(pool.unloadIdle()).isEqualTo(1);
    Files.delete(header);
    assertThat(b.labelNames()).isEqualTo(full.labelNames());
    assertThat(count("thanos_bucket_store_indexheader_lazy_load_failed")).isEqualTo(2);
    assertThat(header).exists();
  }

  @Test
  void theEagerPoolMapsAtLoadAndNeverReleasesWhileTheBlockIsOpen() throws Exception {
    BucketBlock b = load(IndexHeaderPool.EAGER, "data-eager");
    assertThat(b.indexHeader().isLoaded()).isTrue();
    assertThat(IndexHeaderPool.EAGER.unloadIdle()).isZero();
    assertThat(select(b, JOB3, fetch)).isEqualTo(expected(JOB3));
    assertThat(b.indexHeader().isLoaded()).isTrue();
  }

  @Test
  void queriesRacingAPoolThatReleasesEveryFreeHeaderAllGetTheRightAnswer() throws Exception {
    registry = new SimpleMeterRegistry();
    metrics = IndexHeaderMetrics.register(registry);
    // 1 ns of idleness is enough: every header no request holds is released at the next check, which runs every millisecond.
    IndexHeaderPool pool = new IndexHeaderPool(true, Duration.ofNanos(1), metrics);
    closing.add(pool);
    BucketBlock b = load(pool, "data-race");
    List<Labels> job3 = expected(JOB3);
    List<Labels> other = expected(METRIC2_NOT_JOB1);
    List<String> names = full.labelNames();
    List<String> jobs = full.labelValues("job");
    ExecutorService queriers = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    Thread unloader = new Thread(() -> {
      while (!stop.get()) {
        pool.unloadIdle(); // on top of the pool's own check, to widen the race
        LockSupport.parkNanos(20_000);
      }
    }, "test-unloader");
    unloader.start();
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        runs.add(queriers.submit(() -> {
          int checked = 0;
          for (int i = 0; i < 60; i++) {
            switch ((i + thread) % 3) {
              case 0 -> assertThat(select(b, JOB3, fetch)).isEqualTo(job3);
              case 1 -> assertThat(select(b, METRIC2_NOT_JOB1, fetch)).isEqualTo(other);
              default -> {
                assertThat(b.labelNames()).isEqualTo(names);
                assertThat(b.labelValues("job")).isEqualTo(jobs);
              }
            }
            checked++;
            // Queries pause now and then, as real ones do, so that at times no lease is out and the header can go.
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(500_000));
          }
          return checked;
        }));
      }
      int answers = 0;
      for (Future<Integer> f : runs) {
        answers += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(answers).isEqualTo(240);
    } finally {
      stop.set(true);
      unloader.join(5_000);
      queriers.shutdownNow();
    }
    // The race was real: the header went away and came back many times under the queries.
    assertThat(count("thanos_bucket_store_indexheader_lazy_unload")).isGreaterThan(5);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load")).isGreaterThan(5);
    assertThat(count("thanos_bucket_store_indexheader_lazy_load_failed")).isZero();
    assertThat(count("thanos_bucket_store_indexheader_lazy_load") - count("thanos_bucket_store_indexheader_lazy_unload"))
        .as("loaded now").isBetween(0.0, 1.0);
  }
}
