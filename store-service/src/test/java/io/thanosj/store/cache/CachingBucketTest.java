package io.thanosj.store.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingBucketTest {

  private static final String CHUNKS = "01HZZZZZZZZZZZZZZZZZZZZZZZ/chunks/000001";
  private static final String INDEX = "01HZZZZZZZZZZZZZZZZZZZZZZZ/index";

  @TempDir Path dir;
  private FilesystemBucket bucket;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private byte[] content;

  @BeforeEach
  void upload() throws Exception {
    bucket = new FilesystemBucket(dir);
    content = new byte[10_050];
    new SplittableRandom(7).nextBytes(content);
    bucket.upload(CHUNKS, new ByteArrayInputStream(content), content.length);
    bucket.upload(INDEX, new ByteArrayInputStream(content), content.length);
  }

  @Test
  void everyRangeEqualsThePlainReadAndRepeatsComeFromMemory() throws Exception {
    CachingBucket cached = new CachingBucket(bucket, new CachingBucketConfig(1 << 20, 1000, 3, Duration.ofHours(24)), registry);
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 300; i++) {
      long offset = rnd.nextInt(content.length);
      long length = 1 + rnd.nextInt(3000);
      assertThat(read(cached, CHUNKS, offset, length)).as("[%d, +%d)", offset, length).isEqualTo(read(bucket, CHUNKS, offset, length));
    }
    double fromBucket = counter("thanos_store_bucket_cache_getrange_fetched_bytes_total", "origin", "bucket");
    // Every subrange has been read by now: the same reads again cost the bucket nothing.
    for (int i = 0; i < 50; i++) {
      assertThat(read(cached, CHUNKS, i * 200, 2500)).isEqualTo(read(bucket, CHUNKS, i * 200, 2500));
    }
    assertThat(counter("thanos_store_bucket_cache_getrange_fetched_bytes_total", "origin", "bucket")).isEqualTo(fromBucket);
    assertThat(fromBucket).isLessThanOrEqualTo(content.length + 3 * 1000); // each subrange about once
    assertThat(counter("thanos_store_bucket_cache_operation_hits_total", "operation", "get_range")).isGreaterThanOrEqualTo(50);
    assertThat(counter("thanos_store_bucket_cache_operation_requests_total", "operation", "get_range")).isEqualTo(350);
  }

  @Test
  void aRangeBeyondTheEndIsClampedLikeThePlainRead() throws Exception {
    CachingBucket cached = new CachingBucket(bucket, new CachingBucketConfig(1 << 20, 1000, 3, Duration.ofHours(24)), registry);
    assertThat(read(cached, CHUNKS, 9_990, 500)).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_050));
    assertThat(read(cached, CHUNKS, 9_000, 2_000)).isEqualTo(Arrays.copyOfRange(content, 9_000, 10_050)); // cached tail
    assertThat(read(cached, CHUNKS, 10_050, 10)).isEqualTo(read(bucket, CHUNKS, 10_050, 10));
  }

  @Test
  void onlyChunkFilesAreCached() throws Exception {
    CachingBucket cached = new CachingBucket(bucket, new CachingBucketConfig(1 << 20, 1000, 3, Duration.ofHours(24)), registry);
    assertThat(read(cached, INDEX, 100, 100)).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    assertThat(counter("thanos_store_bucket_cache_operation_requests_total", "operation", "get_range")).isZero();
  }

  @Test
  void missingRunsAreJoinedUpToTheRequestLimit() {
    List<long[]> runs = new ArrayList<>(List.of(new long[] {0, 1}, new long[] {5, 5}, new long[] {7, 8}, new long[] {20, 20}));
    assertThat(CachingBucket.joinRuns(runs, 3)).extracting(r -> r[0] + "-" + r[1]).containsExactly("0-1", "5-8", "20-20");
    assertThat(CachingBucket.joinRuns(runs, 1)).extracting(r -> r[0] + "-" + r[1]).containsExactly("0-20");
    assertThat(CachingBucket.joinRuns(runs, 0)).hasSize(4); // 0: no limit
  }

  @Test
  void theYamlIsThanosAndOtherBackendsAreRefusedByName() {
    CachingBucketConfig c = CachingBucketConfig.parse("""
        type: in-memory
        config:
          max_size: 64MB
          max_item_size: 1MiB
        chunk_subrange_size: 8000
        max_chunks_get_range_requests: 5
        chunk_subrange_ttl: 1h
        metafile_max_size: 1MiB
        blocks_iter_ttl: 5m
        """);
    assertThat(c).isEqualTo(new CachingBucketConfig(64L << 20, 8000, 5, Duration.ofHours(1)));
    assertThat(CachingBucketConfig.parse("type: IN-MEMORY")).isEqualTo(new CachingBucketConfig(250L << 20, 16_000, 3, Duration.ofHours(24)));
    assertThatThrownBy(() -> CachingBucketConfig.parse("type: MEMCACHED\nconfig:\n  addresses: [a:11211]"))
        .hasMessageContaining("--store.caching-bucket.config").hasMessageContaining("type MEMCACHED is not supported");
    assertThatThrownBy(() -> CachingBucketConfig.parse("type: IN-MEMORY\nchunk_subrange_sise: 10"))
        .hasMessageContaining("unknown field chunk_subrange_sise");
    assertThatThrownBy(() -> CachingBucketConfig.parse("type: IN-MEMORY\nchunk_subrange_size: 0"))
        .hasMessageContaining("chunk_subrange_size must be positive");
  }

  private double counter(String name, String tag, String value) {
    var c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  private static byte[] read(io.thanosj.objstore.Bucket b, String name, long offset, long length) throws Exception {
    try (InputStream in = b.getRange(name, offset, length)) {
      return in.readAllBytes();
    }
  }
}
