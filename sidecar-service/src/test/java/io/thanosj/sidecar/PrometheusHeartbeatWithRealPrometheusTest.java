package io.thanosj.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.store.PrometheusMetadata;
import io.thanosj.sidecar.testing.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up waiting, refusals and readiness of the sidecar against real Prometheus processes. */
class PrometheusHeartbeatWithRealPrometheusTest {

  private static final Duration INTERVAL = Duration.ofMillis(200);

  @TempDir Path dir;
  private final BlockingQueue<String> refusals = new ArrayBlockingQueue<>(4);

  private PrometheusHeartbeat heartbeat(RealPrometheus p, PrometheusMetadata metadata, boolean uploads) {
    PrometheusClient client = new PrometheusClient(p.url(), Duration.ofSeconds(5));
    PrometheusHeartbeat h = new PrometheusHeartbeat(client, metadata, INTERVAL, uploads, false, dir.resolve("data/thanos.shipper.json"), refusals::add);
    h.start();
    return h;
  }

  private RealPrometheus prometheus(String config, String... flags) throws Exception {
    Path cfg = Files.writeString(dir.resolve("prometheus.yml"), config);
    return RealPrometheus.prepare(dir, cfg, dir.resolve("data"), flags);
  }

  @Test
  void waitsForAPrometheusThatIsNotUpYetThenFollowsItDownAndUp() throws Exception {
    try (RealPrometheus p = prometheus("global:\n  external_labels:\n    replica: a\n")) {
      PrometheusMetadata metadata = new PrometheusMetadata(new PrometheusClient(p.url(), Duration.ofSeconds(5)), Long.MIN_VALUE);
      try (PrometheusHeartbeat h = heartbeat(p, metadata, false)) {
        Thread.sleep(600);
        assertThat(h.notReadyReason()).get().asString().contains("waiting for Prometheus at " + p.url());
        p.startProcess();
        assertThat(h.awaitValidated(Duration.ofSeconds(10))).isTrue();
        assertThat(h.notReadyReason()).isEmpty();
        assertThat(metadata.snapshot().orElseThrow().externalLabels()).isEqualTo(Labels.of("replica", "a"));

        p.stopProcess();
        awaitReason(h, true);
        assertThat(h.notReadyReason()).get().asString().contains("unreachable");
        p.startProcess();
        awaitReason(h, false);
        assertThat(refusals).isEmpty();
      }
    }
  }

  @Test
  void refusesAPrometheusWithoutExternalLabels() throws Exception {
    try (RealPrometheus p = prometheus("global:\n  scrape_interval: 15s\n")) {
      p.startProcess();
      PrometheusMetadata metadata = new PrometheusMetadata(new PrometheusClient(p.url(), Duration.ofSeconds(5)), Long.MIN_VALUE);
      try (PrometheusHeartbeat h = heartbeat(p, metadata, false)) {
        assertThat(refusals.poll(10, TimeUnit.SECONDS)).startsWith("no external labels configured on Prometheus server");
        assertThat(h.notReadyReason()).isPresent();
      }
    }
  }

  @Test
  void refusesUnequalBlockDurationsWhenShippingButNotOtherwise() throws Exception {
    try (RealPrometheus p = prometheus("global:\n  external_labels:\n    replica: a\n",
        "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=6h")) {
      p.startProcess();
      PrometheusMetadata metadata = new PrometheusMetadata(new PrometheusClient(p.url(), Duration.ofSeconds(5)), Long.MIN_VALUE);
      try (PrometheusHeartbeat h = heartbeat(p, metadata, true)) {
        assertThat(refusals.poll(10, TimeUnit.SECONDS))
            .isEqualTo("found that TSDB Max time is 6h and Min time is 2h. Compaction needs to be disabled "
                + "(storage.tsdb.min-block-duration = storage.tsdb.max-block-duration)");
      }
      try (PrometheusHeartbeat h = heartbeat(p, metadata, false)) {
        assertThat(h.awaitValidated(Duration.ofSeconds(10))).isTrue();
      }
    }
  }

  @Test
  void acceptsEqualBlockDurations() throws Exception {
    try (RealPrometheus p = prometheus("global:\n  external_labels:\n    replica: a\n",
        "--storage.tsdb.min-block-duration=2m", "--storage.tsdb.max-block-duration=2m")) {
      p.startProcess();
      PrometheusMetadata metadata = new PrometheusMetadata(new PrometheusClient(p.url(), Duration.ofSeconds(5)), Long.MIN_VALUE);
      try (PrometheusHeartbeat h = heartbeat(p, metadata, true)) {
        assertThat(h.awaitValidated(Duration.ofSeconds(10))).isTrue();
        assertThat(refusals).isEmpty();
      }
    }
  }

  private static void awaitReason(PrometheusHeartbeat h, boolean present) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (h.notReadyReason().isPresent() != present) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("readiness did not become " + (present ? "not ready" : "ready"));
      }
      Thread.sleep(50);
    }
  }
}
