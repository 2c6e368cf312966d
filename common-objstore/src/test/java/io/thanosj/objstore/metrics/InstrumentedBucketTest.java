package io.thanosj.objstore.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thanos' bucket metrics, checked in the Prometheus text exposition that /metrics serves. */
class InstrumentedBucketTest {
    @TempDir
    Path dir;

    private PrometheusMeterRegistry registry;
    private InstrumentedBucket bucket;
    private String label;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Bucket fs = new FilesystemBucket(dir);
        bucket = InstrumentedBucket.wrap(fs, registry);
        label = "bucket=\"" + fs.name() + "\"";
    }

    private List<String> lines(String metric) {
        return Arrays.stream(registry.scrape().split("\n")).filter(l -> l.startsWith(metric + "{")).toList();
    }

    private double value(String metric, String operation) {
        String prefix = metric + "{" + label + ",operation=\"" + operation + "\"} ";
        return lines(metric).stream().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + registry.scrape()));
    }

    @Test
    void everyOperationIsExposedAtZeroUnderThanosNames() {
        for (String op : List.of("iter", "get", "get_range", "exists", "upload", "delete", "attributes")) {
            assertThat(value("thanos_objstore_bucket_operations_total", op)).isZero();
            assertThat(value("thanos_objstore_bucket_operation_failures_total", op)).isZero();
            assertThat(value("thanos_objstore_bucket_operation_duration_seconds_count", op)).isZero();
        }
        for (String op : List.of("get", "get_range", "upload")) {
            assertThat(value("thanos_objstore_bucket_operation_fetched_bytes_total", op)).isZero();
            assertThat(value("thanos_objstore_bucket_operation_transferred_bytes_count", op)).isZero();
        }
        assertThat(registry.scrape()).contains("thanos_objstore_bucket_last_successful_upload_time{" + label + "} 0.0");
    }

    @Test
    void durationHistogramUsesThanosBuckets() {
        List<String> les = lines("thanos_objstore_bucket_operation_duration_seconds_bucket").stream()
                .filter(l -> l.contains("operation=\"get\""))
                .map(l -> l.substring(l.indexOf("le=\"") + 4, l.indexOf('"', l.indexOf("le=\"") + 4))).toList();
        assertThat(les).containsExactly("0.001", "0.01", "0.1", "0.3", "0.6", "1.0", "3.0", "6.0", "9.0", "20.0", "30.0",
                "60.0", "90.0", "120.0", "+Inf");
    }

    @Test
    void operationsFailuresBytesAndDurationsAreCounted() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        bucket.upload("a/b", new ByteArrayInputStream("hello".getBytes(UTF_8)), 5);
        try (InputStream in = bucket.get("a/b")) {
            in.readAllBytes();
        }
        try (InputStream in = bucket.getRange("a/b", 1, 2)) {
            in.readAllBytes();
        }
        assertThat(bucket.exists("a/b")).isTrue();
        bucket.attributes("a/b");
        bucket.iter("", n -> { }, true);
        assertThatThrownBy(() -> bucket.get("missing")).isInstanceOf(ObjectNotFoundException.class);
        bucket.delete("a/b");

        assertThat(value("thanos_objstore_bucket_operations_total", "upload")).isEqualTo(1);
        assertThat(value("thanos_objstore_bucket_operations_total", "get")).isEqualTo(2);
        assertThat(value("thanos_objstore_bucket_operation_failures_total", "get")).isEqualTo(1);
        assertThat(value("thanos_objstore_bucket_operation_fetched_bytes_total", "get")).isEqualTo(5);
        assertThat(value("thanos_objstore_bucket_operation_fetched_bytes_total", "get_range")).isEqualTo(2);
        assertThat(value("thanos_objstore_bucket_operation_transferred_bytes_sum", "upload")).isEqualTo(5);
        for (String op : List.of("upload", "get_range", "exists", "attributes", "iter", "delete")) {
            assertThat(value("thanos_objstore_bucket_operations_total", op)).as(op).isEqualTo(1);
            assertThat(value("thanos_objstore_bucket_operation_failures_total", op)).as(op).isZero();
            assertThat(value("thanos_objstore_bucket_operation_duration_seconds_count", op)).as(op).isEqualTo(1);
        }
        String gauge = lines("thanos_objstore_bucket_last_successful_upload_time").get(0);
        double uploadTime = Double.parseDouble(gauge.substring(gauge.lastIndexOf(' ') + 1));
        assertThat(uploadTime).isBetween((double) before, before + 60.0);
    }

    @Test
    void expectedErrorsAreNotFailures() throws Exception {
        Bucket lenient = bucket.withExpectedErrors(ObjectNotFoundException.class::isInstance);
        assertThatThrownBy(() -> lenient.attributes("missing")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> bucket.attributes("missing")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(value("thanos_objstore_bucket_operations_total", "attributes")).isEqualTo(2);
        assertThat(value("thanos_objstore_bucket_operation_failures_total", "attributes")).isEqualTo(1);
    }
}
