package io.thanosj.store;

import io.thanosj.service.flags.TimeOrDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreFlagsTest {

  @Test
  void sizesUseBase2UnitsLikeKingpin() {
    assertThat(ByteSize.parse("250MB").bytes()).isEqualTo(250L << 20);
    assertThat(ByteSize.parse("2GiB").bytes()).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("512").bytes()).isEqualTo(512);
    assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("250MB");
  }

  @Test
  void indexCacheConfigTakesTheInMemorySizeAndRefusesOtherTypes() {
    assertThat(IndexCacheConfig.parse("type: IN-MEMORY\nconfig:\n  max_size: 1GB\n  max_item_size: 10MB\n", 1).maxBytes()).isEqualTo(1L << 30);
    assertThat(IndexCacheConfig.parse("type: in-memory\n", 7).maxBytes()).isEqualTo(7);
    assertThatThrownBy(() -> IndexCacheConfig.parse("type: MEMCACHED\nconfig: {addresses: [a:1]}\n", 1)).hasMessageContaining("use IN-MEMORY");
  }

  @Test
  void relativeAndAbsoluteTimes() {
    assertThat(TimeOrDuration.parse("2024-01-01T00:00:00Z").millis(java.time.Clock.systemUTC())).isEqualTo(1_704_067_200_000L);
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(2_000_000_000_000L), java.time.ZoneOffset.UTC);
    assertThat(TimeOrDuration.parse("-2w").millis(clock)).isEqualTo(2_000_000_000_000L - 14 * 86_400_000L);
    assertThatThrownBy(() -> TimeOrDuration.parse("yesterday")).hasMessageContaining("-2w");
  }

  @Test
  void lazyIndexHeaderFlagsHaveThanosNamesAndDefaults() {
    io.thanosj.service.flags.FlagSet set = io.thanosj.service.flags.FlagSet.of(StoreFlags.class);
    StoreFlags defaults = set.parse().get(StoreFlags.class);
    assertThat(defaults.lazyIndexHeader()).isFalse();
    assertThat(defaults.lazyIndexHeaderIdleTimeout()).isEqualTo(java.time.Duration.ofMinutes(5));
    StoreFlags on = set.parse("--store.enable-index-header-lazy-reader", "--store.index-header-lazy-reader-idle-timeout=0s").get(StoreFlags.class);
    assertThat(on.lazyIndexHeader()).isTrue();
    assertThat(on.lazyIndexHeaderIdleTimeout()).isZero();
    // Hidden in Thanos' --help as well.
    assertThat(set.usage("store", "")).contains("store.enable-index-header-lazy-reader").doesNotContain("--store.index-header-lazy-reader-idle-timeout");
  }

  @Test
  void cachingBucketConfigComesInlineOrFromAFileAndIsOffByDefault(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    io.thanosj.service.flags.FlagSet set = io.thanosj.service.flags.FlagSet.of(StoreFlags.class);
    assertThat(set.parse().get(StoreFlags.class).cachingBucket()).isNull();
    assertThat(set.parse("--store.caching-bucket.config=type: IN-MEMORY\nconfig:\n  max_size: 1GB\n").get(StoreFlags.class).cachingBucket().maxSizeBytes())
        .isEqualTo(1L << 30);
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("cb.yml"), "type: IN-MEMORY\nchunk_subrange_size: 4000\n");
    assertThat(set.parse("--store.caching-bucket.config-file=" + file).get(StoreFlags.class).cachingBucket().chunkSubrangeSize())
        .isEqualTo(4000);
    assertThatThrownBy(() -> set.parse("--store.caching-bucket.config=type: REDIS").get(StoreFlags.class).cachingBucket())
        .hasMessageContaining("type REDIS is not supported");
  }
}
