package io.thanosj.store.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.OutageBucket;
import io.thanosj.store.TestBlocks;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.tsdb.block.BlockMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync filters over a FILESYSTEM bucket holding blocks written with our block writer. */
class MetaFetcherTest {

  private static final long WINDOW = 1_700_006_400_000L;

  @TempDir Path bucketDir;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private MetaFetcher fetcher(long minTime, long maxTime, Duration ignoreDeletionMarks) {
    return new MetaFetcher(new FilesystemBucket(bucketDir), executor,
        new MetaFetcher.Filters(() -> minTime, () -> maxTime, Duration.ZERO, ignoreDeletionMarks), Clock.systemUTC());
  }

  private BlockMeta block(long windowStart) {
    return TestBlocks.write(bucketDir, Dataset.standard(windowStart), Labels.of("region", "eu"));
  }

  @Test
  void keepsCompleteBlocksAndSkipsPartialUploadsAndBadMetaJson() throws Exception {
    BlockMeta good = block(WINDOW);
    BlockMeta partial = block(WINDOW + Dataset.WINDOW_MILLIS);
    Files.delete(bucketDir.resolve(partial.ulid() + "/meta.json"));
    BlockMeta corrupt = block(WINDOW + 2 * Dataset.WINDOW_MILLIS);
    Files.writeString(bucketDir.resolve(corrupt.ulid() + "/meta.json"), "{not json");
    Files.createDirectories(bucketDir.resolve("not-a-block"));

    SyncedBlocks view = fetcher(Long.MIN_VALUE, Long.MAX_VALUE, Duration.ofHours(24)).fetch();

    assertThat(view.complete()).isTrue();
    assertThat(view.metas()).containsOnlyKeys(good.ulid());
    assertThat(view.counts().get(SyncState.LOADED)).isEqualTo(1);
    assertThat(view.counts().get(SyncState.NO_META_JSON)).isEqualTo(1);
    assertThat(view.counts().get(SyncState.CORRUPTED_META_JSON)).isEqualTo(1);
  }

  @Test
  void timeRangeKeepsOnlyOverlappingBlocks() {
    BlockMeta first = block(WINDOW);
    BlockMeta second = block(WINDOW + Dataset.WINDOW_MILLIS);
    SyncedBlocks view = fetcher(WINDOW + Dataset.WINDOW_MILLIS + 1, Long.MAX_VALUE, Duration.ofHours(24)).fetch();
    assertThat(view.metas()).containsOnlyKeys(second.ulid());
    assertThat(view.counts().get(SyncState.TIME_EXCLUDED)).isEqualTo(1);
    assertThat(fetcher(Long.MIN_VALUE, WINDOW + 1000, Duration.ofHours(24)).fetch().metas()).containsOnlyKeys(first.ulid());
  }

  @Test
  void deletionMarksHideBlocksOnlyAfterTheIgnoreDelay() throws Exception {
    BlockMeta marked = block(WINDOW);
    long markedAt = System.currentTimeMillis() / 1000 - 3600;
    Files.writeString(bucketDir.resolve(marked.ulid() + "/deletion-mark.json"),
        "{\"id\":\"" + marked.ulid() + "\",\"version\":1,\"deletion_time\":" + markedAt + "}");
    // Marked an hour ago: still served with the 24h default, hidden with a 30m delay.
    assertThat(fetcher(Long.MIN_VALUE, Long.MAX_VALUE, Duration.ofHours(24)).fetch().metas()).containsOnlyKeys(marked.ulid());
    SyncedBlocks view = fetcher(Long.MIN_VALUE, Long.MAX_VALUE, Duration.ofMinutes(30)).fetch();
    assertThat(view.metas()).isEmpty();
    assertThat(view.counts().get(SyncState.MARKED_FOR_DELETION)).isEqualTo(1);
  }

  @Test
  void anUnreachableBucketGivesAnIncompleteView() {
    block(WINDOW);
    OutageBucket bucket = new OutageBucket(new FilesystemBucket(bucketDir));
    MetaFetcher f = new MetaFetcher(bucket, executor,
        new MetaFetcher.Filters(() -> Long.MIN_VALUE, () -> Long.MAX_VALUE, Duration.ZERO, Duration.ofHours(24)), Clock.systemUTC());
    bucket.setDown(true);
    SyncedBlocks view = f.fetch();
    assertThat(view.complete()).isFalse();
    assertThat(view.errors().get(0)).contains("connection refused");
    bucket.setDown(false);
    assertThat(f.fetch().metas()).hasSize(1);
  }

  @Test
  void theRelabelSelectorShardsBlocksByExternalLabels() {
    BlockMeta eu = block(WINDOW);
    TestBlocks.write(bucketDir, Dataset.standard(WINDOW), Labels.of("region", "us"));
    MetaFetcher f = new MetaFetcher(new FilesystemBucket(bucketDir), executor, new MetaFetcher.Filters(() -> Long.MIN_VALUE,
        () -> Long.MAX_VALUE, Duration.ZERO, Duration.ofHours(24), Relabeling.parse("- {action: keep, source_labels: [region], regex: eu}")),
        Clock.systemUTC());
    SyncedBlocks view = f.fetch();
    assertThat(view.metas()).containsOnlyKeys(eu.ulid());
    assertThat(view.counts().get(SyncState.LABEL_EXCLUDED)).isEqualTo(1);
  }
}
