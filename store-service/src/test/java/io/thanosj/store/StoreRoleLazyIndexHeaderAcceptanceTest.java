package io.thanosj.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.storeapi.proto.LabelNamesRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The StoreAPI acceptance suite against the store gateway role with lazily mapped index headers and
 * a 20 ms idle timeout, so that headers are released and mapped again between most calls of the
 * suite; and the lazy-reader metrics as /metrics shows them.
 */
class StoreRoleLazyIndexHeaderAcceptanceTest extends StoreRoleAcceptanceTest {

  @Override
  protected List<String> extraFlags() {
    return List.of("--store.enable-index-header-lazy-reader", "--store.index-header-lazy-reader-idle-timeout=20ms");
  }

  @Test
  void lazyReaderMetricsShowLoadsAndUnloadsWithThanosNames() throws Exception {
    store.labelNames(LabelNamesRequest.newBuilder().setStart(Long.MIN_VALUE).setEnd(Long.MAX_VALUE).build());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String metrics = get("/metrics").body();
    while (!metrics.matches("(?s).*\\nthanos_bucket_store_indexheader_lazy_unload_total [1-9].*") && System.nanoTime() < deadline) {
      Thread.sleep(20);
      metrics = get("/metrics").body();
    }
    assertThat(metrics).containsPattern("\\nthanos_bucket_store_indexheader_lazy_load_total [1-9]");
    assertThat(metrics).containsPattern("\\nthanos_bucket_store_indexheader_lazy_unload_total [1-9]");
    assertThat(metrics).contains("\nthanos_bucket_store_indexheader_lazy_load_failed_total 0.0");
    assertThat(metrics).contains("\nthanos_bucket_store_indexheader_lazy_unload_failed_total 0.0");
    assertThat(metrics).containsPattern("\\nthanos_bucket_store_indexheader_lazy_load_duration_seconds_bucket\\{le=\"0.01\"} [0-9]");
    assertThat(metrics).containsPattern("\\nthanos_bucket_store_indexheader_lazy_load_duration_seconds_count [1-9]");
  }
}
