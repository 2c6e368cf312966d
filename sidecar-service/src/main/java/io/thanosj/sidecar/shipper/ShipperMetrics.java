package io.thanosj.sidecar.shipper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Thanos' shipper metrics, same names and meaning. */
final class ShipperMetrics {

  final Counter dirSyncs;
  final Counter dirSyncFailures;
  final Counter uploads;
  final Counter uploadFailures;
  final Counter corruptedBlocks;

  ShipperMetrics(MeterRegistry registry) {
    dirSyncs = Counter.builder("thanos_shipper_dir_syncs").description("Total number of dir syncs").register(registry);
    dirSyncFailures = Counter.builder("thanos_shipper_dir_sync_failures").description("Total number of failed dir syncs").register(registry);
    uploads = Counter.builder("thanos_shipper_uploads").description("Total number of uploaded blocks").register(registry);
    uploadFailures = Counter.builder("thanos_shipper_upload_failures").description("Total number of block upload failures").register(registry);
    corruptedBlocks = Counter.builder("thanos_shipper_corrupted_blocks").description("Total number of corrupted blocks").register(registry);
  }
}
