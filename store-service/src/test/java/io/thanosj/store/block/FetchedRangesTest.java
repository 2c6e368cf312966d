package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.cache.CachingBucket;
import io.thanosj.store.cache.CachingBucketConfig;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range reads of one request, over a plain FILESYSTEM bucket and over the in-memory caching bucket. */
class FetchedRangesTest {

  private static final String CHUNKS = "01HZZZZZZZZZZZZZZZZZZZZZZZ/chunks/000001";

  @TempDir Path dir;

  private FilesystemBucket bucket;
  private byte[] content;

  /** A chunk file of {@code size} random bytes, and a caching bucket with 1,000-byte subranges over it. */
  private CachingBucket upload(int size) throws Exception {
    bucket = new FilesystemBucket(dir);
    content = new byte[size];
    new SplittableRandom(size).nextBytes(content);
    bucket.upload(CHUNKS, new ByteArrayInputStream(content), content.length);
    return new CachingBucket(bucket, new CachingBucketConfig(1 << 22, 1000, 3, Duration.ofHours(1)), new SimpleMeterRegistry());
  }

  @Test
  void readsEqualTheObjectWhetherFetchedPlainOrFromCachedSubranges() throws Exception {
    CachingBucket cached = upload(100_003);

    for (var b : new io.thanosj.objstore.Bucket[] {bucket, cached, cached}) {
      SplittableRandom rnd = new SplittableRandom(11);
      LongAdder fetched = new LongAdder();
      FetchedRanges ranges = new FetchedRanges(b, CHUNKS, content.length, fetched);
      for (int i = 0; i < 40; i++) {
        long start = rnd.nextInt(content.length - 1);
        long end = Math.min(content.length, start + 1 + rnd.nextInt(5000));
        ranges.fetch(start, end);
      }
      // Reads inside, across and outside what was fetched (misses are fetched on their own).
      for (int i = 0; i < 2000; i++) {
        int offset = rnd.nextInt(content.length);
        int length = 1 + rnd.nextInt(Math.min(3000, content.length - offset));
        ByteBuffer got = ranges.read(offset, length);
        byte[] bytes = new byte[got.remaining()];
        got.get(bytes);
        assertThat(bytes).as("[%d, +%d) via %s", offset, length, b.getClass().getSimpleName())
            .isEqualTo(Arrays.copyOfRange(content, offset, offset + length));
      }
      assertThat(fetched.sum()).isPositive();
      ranges.close();
    }
  }

  @Test
  void cachedSubrangesAreSharedNotCopied() throws Exception {
    CachingBucket cached = upload(50_000);

    FetchedRanges first = new FetchedRanges(cached, CHUNKS, content.length, new LongAdder());
    FetchedRanges second = new FetchedRanges(cached, CHUNKS, content.length, new LongAdder());
    first.fetch(10_000, 40_000);
    second.fetch(12_000, 30_000);
    ByteBuffer a = first.read(21_100, 500);
    ByteBuffer b = second.read(21_100, 500);
    // Both requests read the very array the cache holds for subrange [21000, 22000).
    assertThat(a.hasArray() && b.hasArray()).isTrue();
    assertThat(a.array()).isSameAs(b.array()).hasSize(1000);
    assertThat(a).isEqualTo(ByteBuffer.wrap(content, 21_100, 500));
  }
}
