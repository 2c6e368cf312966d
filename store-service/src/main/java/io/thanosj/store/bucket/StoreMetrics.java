package io.thanosj.store.bucket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.store.block.IndexHeaderMetrics;
import io.thanosj.store.sync.SyncState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The store gateway's metrics, with Thanos' names ({@code pkg/store/bucket.go}, {@code pkg/block/fetcher.go}). */
public final class StoreMetrics {

  final Counter blockLoads;
  final Counter blockLoadFailures;
  final Counter blockDrops;
  final Counter syncs;
  final Counter syncFailures;
  final DistributionSummary seriesBlocksQueried;
  final Counter chunkBytesFetched;
  final Counter indexBytesFetched;
  final Counter seriesGateRejections;
  private final Map<SyncState, AtomicInteger> synced = new EnumMap<>(SyncState.class);
  final AtomicLong lastSuccessfulSync = new AtomicLong();
  private final IndexHeaderMetrics indexHeaders;

  public StoreMetrics(MeterRegistry registry, Supplier<Integer> blocksLoaded) {
    Gauge.builder("thanos_bucket_store_blocks_loaded", blocksLoaded, s -> s.get()).strongReference(true)
        .description("Number of currently loaded blocks.").register(registry);
    blockLoads = Counter.builder("thanos_bucket_store_block_loads").description("Total number of remote block loading attempts.").register(registry);
    blockLoadFailures = Counter.builder("thanos_bucket_store_block_load_failures")
        .description("Total number of failed remote block loading attempts (e.g. a corrupt index).").register(registry);
    blockDrops = Counter.builder("thanos_bucket_store_block_drops").description("Total number of local blocks that were dropped.").register(registry);
    syncs = Counter.builder("thanos_blocks_meta_syncs").description("Total blocks metadata synchronization attempts.").register(registry);
    syncFailures = Counter.builder("thanos_blocks_meta_sync_failures").description("Total blocks metadata synchronization failures.").register(registry);
    for (SyncState s : SyncState.values()) {
      AtomicInteger v = new AtomicInteger();
      synced.put(s, v);
      Gauge.builder("thanos_blocks_meta_synced", v, AtomicInteger::get).tag("state", s.label())
          .description("Number of block metadata synced").register(registry);
    }
    Gauge.builder("thanos_blocks_meta_last_successful_sync_time_seconds", lastSuccessfulSync, v -> v.get() / 1000.0)
        .description("Timestamp of the last successful blocks metadata sync (Unix seconds).").register(registry);
    seriesBlocksQueried = DistributionSummary.builder("thanos_bucket_store_series_blocks_queried")
        .description("Number of blocks in a bucket store that were touched to satisfy a query.").register(registry);
    chunkBytesFetched = Counter.builder("thanos_bucket_store_chunk_fetched_bytes")
        .description("Bytes of chunk segment data fetched from the bucket with range reads.").register(registry);
    indexBytesFetched = Counter.builder("thanos_bucket_store_index_fetched_bytes")
        .description("Bytes of index data (postings lists, series entries) fetched from the bucket with range reads.").register(registry);
    seriesGateRejections = Counter.builder("thanos_bucket_store_queries_dropped")
        .description("Number of Series calls cancelled while waiting for a --store.grpc.series-max-concurrency slot.").register(registry);
    indexHeaders = IndexHeaderMetrics.register(registry);
  }

  /** The lazy index-header load and unload metrics, for the store's {@link io.thanosj.store.block.IndexHeaderPool}. */
  public IndexHeaderMetrics indexHeaders() {
    return indexHeaders;
  }

  void synced(Map<SyncState, Integer> counts) {
    counts.forEach((s, n) -> synced.get(s).set(n));
  }
}
