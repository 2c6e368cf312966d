package io.thanosj.store.block;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts of lazy index-header loads and unloads, with the names Thanos' store gateway gives them
 * ({@code pkg/block/indexheader/lazy_binary_reader.go} under the {@code thanos_bucket_store_}
 * prefix). Registered whether or not the lazy reader is on, as Thanos does, so dashboards see zeros
 * rather than gaps.
 */
public record IndexHeaderMetrics(Counter loads, Counter loadFailures, Counter unloads, Counter unloadFailures, Timer loadDuration) {

  /** Thanos' histogram buckets for the load duration, in seconds. */
  private static final double[] LOAD_BUCKETS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 15, 30, 60, 90, 120, 300};

  public static IndexHeaderMetrics register(MeterRegistry registry) {
    Duration[] slos = new Duration[LOAD_BUCKETS.length];
    for (int i = 0; i < slos.length; i++) {
      slos[i] = Duration.ofNanos((long) (LOAD_BUCKETS[i] * 1e9));
    }
    return new IndexHeaderMetrics(
        Counter.builder("thanos_bucket_store_indexheader_lazy_load")
            .description("Total number of index-header lazy load operations.").register(registry),
        Counter.builder("thanos_bucket_store_indexheader_lazy_load_failed")
            .description("Total number of failed index-header lazy load operations.").register(registry),
        Counter.builder("thanos_bucket_store_indexheader_lazy_unload")
            .description("Total number of index-header lazy unload operations.").register(registry),
        Counter.builder("thanos_bucket_store_indexheader_lazy_unload_failed")
            .description("Total number of failed index-header lazy unload operations.").register(registry),
        Timer.builder("thanos_bucket_store_indexheader_lazy_load_duration")
            .description("Duration of the index-header lazy loading in seconds.")
            .serviceLevelObjectives(slos).register(registry));
  }
}
