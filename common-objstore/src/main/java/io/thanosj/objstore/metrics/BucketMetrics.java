package io.thanosj.objstore.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thanos' bucket metrics ({@code objstore.BucketMetrics} registered with the {@code thanos_}
 * prefix) for one bucket. Micrometer's Prometheus naming adds the {@code _total}, {@code _seconds}
 * and {@code _bytes} suffixes, so the exposed names are Thanos' own:
 * {@code thanos_objstore_bucket_operations_total}, {@code ..._operation_failures_total},
 * {@code ..._operation_fetched_bytes_total}, {@code ..._operation_transferred_bytes},
 * {@code ..._operation_duration_seconds} and {@code thanos_objstore_bucket_last_successful_upload_time},
 * each with the labels {@code bucket} and (except the last) {@code operation}.
 */
final class BucketMetrics {
    static final List<String> OPERATIONS = List.of(
            Operations.ITER, Operations.GET, Operations.GET_RANGE, Operations.EXISTS,
            Operations.UPLOAD, Operations.DELETE, Operations.ATTRIBUTES);
    private static final List<String> BYTE_OPERATIONS = List.of(Operations.GET, Operations.GET_RANGE, Operations.UPLOAD);

    /** Thanos' duration buckets, in seconds. */
    private static final double[] DURATION_BUCKETS = {0.001, 0.01, 0.1, 0.3, 0.6, 1, 3, 6, 9, 20, 30, 60, 90, 120};

    private final Map<String, Counter> operations = new HashMap<>();
    private final Map<String, Counter> failures = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Counter> fetchedBytes = new HashMap<>();
    private final Map<String, DistributionSummary> transferredBytes = new HashMap<>();
    private final AtomicLong lastSuccessfulUploadMillis = new AtomicLong();

    BucketMetrics(MeterRegistry registry, String bucket) {
        Duration[] slos = new Duration[DURATION_BUCKETS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos((long) (DURATION_BUCKETS[i] * 1e9));
        }
        double[] byteBuckets = new double[16];
        for (int i = 0; i < byteBuckets.length; i++) {
            byteBuckets[i] = 32768.0 * (1L << i); // 32 KiB ... 1 GiB, as Thanos
        }
        for (String op : OPERATIONS) {
            operations.put(op, Counter.builder("thanos_objstore_bucket_operations")
                    .description("Total number of all attempted operations against a bucket.")
                    .tags("bucket", bucket, "operation", op).register(registry));
            failures.put(op, Counter.builder("thanos_objstore_bucket_operation_failures")
                    .description("Total number of operations against a bucket that failed, but were not expected to fail"
                            + " in certain way from caller perspective. Those errors have to be investigated.")
                    .tags("bucket", bucket, "operation", op).register(registry));
            durations.put(op, Timer.builder("thanos_objstore_bucket_operation_duration")
                    .description("Duration of successful operations against the bucket per operation - iter operations"
                            + " include time spent on each callback.")
                    .tags("bucket", bucket, "operation", op)
                    .serviceLevelObjectives(slos).register(registry));
        }
        for (String op : BYTE_OPERATIONS) {
            fetchedBytes.put(op, Counter.builder("thanos_objstore_bucket_operation_fetched_bytes")
                    .description("Total number of bytes fetched from bucket, per operation.")
                    .baseUnit("bytes").tags("bucket", bucket, "operation", op).register(registry));
            transferredBytes.put(op, DistributionSummary.builder("thanos_objstore_bucket_operation_transferred")
                    .description("Number of bytes transferred from/to bucket per operation.")
                    .baseUnit("bytes").tags("bucket", bucket, "operation", op)
                    .serviceLevelObjectives(byteBuckets).register(registry));
        }
        Gauge.builder("thanos_objstore_bucket_last_successful_upload_time", lastSuccessfulUploadMillis, m -> m.get() / 1000.0)
                .description("Second timestamp of the last successful upload to the bucket.")
                .tags("bucket", bucket).register(registry);
    }

    void attempted(String op) {
        operations.get(op).increment();
    }

    void failed(String op) {
        failures.get(op).increment();
    }

    void observeDuration(String op, long startNanos) {
        durations.get(op).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void fetched(String op, long bytes) {
        fetchedBytes.get(op).increment(bytes);
    }

    void transferred(String op, long bytes) {
        transferredBytes.get(op).record(bytes);
    }

    void uploadSucceeded() {
        lastSuccessfulUploadMillis.set(System.currentTimeMillis());
    }
}
