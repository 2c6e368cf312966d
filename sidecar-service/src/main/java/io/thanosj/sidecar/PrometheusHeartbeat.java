package io.thanosj.sidecar;

import io.thanosj.sidecar.promclient.PrometheusApiException;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.promclient.PrometheusFlags;
import io.thanosj.sidecar.store.PrometheusMetadata;
import io.thanosj.service.probe.ReadinessCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's link to Prometheus (the heartbeat of Thanos' {@code runSidecar}). At start it waits,
 * retrying every config interval, for a Prometheus that answers; then it checks what Thanos
 * refuses: no external labels (a sidecar without them cannot be told apart from its replicas), and,
 * when blocks are shipped, min and max block durations that differ (Prometheus would compact blocks
 * before they are shipped). A refusal stops the sidecar with one clear message. Afterwards it
 * refreshes external labels and the oldest timestamp every interval; readiness follows the outcome,
 * so the sidecar becomes unready when Prometheus goes away and ready again when it returns.
 */
final class PrometheusHeartbeat implements ReadinessCheck, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusHeartbeat.class);

  private final PrometheusClient client;
  private final PrometheusMetadata metadata;
  private final Duration interval;
  private final boolean uploads;
  private final boolean ignoreUnequalBlockSize;
  private final Path shipperStateFile;
  private final StartupRefusal refuse;
  private final CountDownLatch validated = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param refuse called once with the reason when the sidecar must not run; expected to stop the process
   */
  PrometheusHeartbeat(PrometheusClient client, PrometheusMetadata metadata, Duration interval, boolean uploads,
      boolean ignoreUnequalBlockSize, Path shipperStateFile, StartupRefusal refuse) {
    this.client = client;
    this.metadata = metadata;
    this.interval = interval;
    this.uploads = uploads;
    this.ignoreUnequalBlockSize = ignoreUnequalBlockSize;
    this.shipperStateFile = shipperStateFile;
    this.refuse = refuse;
    this.thread = new Thread(this::run, "prometheus-heartbeat");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public Optional<String> notReadyReason() {
    if (validated.getCount() > 0) {
      return Optional.of("waiting for Prometheus at " + client.baseUrl() + ": " + metadata.lastError());
    }
    return metadata.isUp() ? Optional.empty() : Optional.of("Prometheus at " + client.baseUrl() + " unreachable: " + metadata.lastError());
  }

  /** Waits until start-up checks have passed; false on timeout. */
  boolean awaitValidated(Duration timeout) throws InterruptedException {
    return validated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    while (!closed) {
      Optional<String> refusal;
      try {
        refusal = startupCheck();
      } catch (PrometheusApiException e) {
        LOG.atWarn().addKeyValue("url", client.baseUrl()).addKeyValue("err", e.getMessage()).log("Prometheus not answering yet; retrying");
        if (!sleep()) {
          return;
        }
        continue;
      }
      if (refusal.isPresent()) {
        LOG.atError().addKeyValue("err", refusal.get()).log("refusing to run");
        refuse.refuse(refusal.get());
        return;
      }
      if (metadata.snapshot().isPresent() && metadata.isUp()) {
        break;
      }
      if (!sleep()) {
        return;
      }
    }
    validated.countDown();
    LOG.atInfo().addKeyValue("external_labels", metadata.snapshot().orElseThrow().externalLabels()).log("successfully loaded prometheus external labels");
    while (sleep()) {
      metadata.refresh();
    }
  }

  /** Empty when the sidecar may run; throws when Prometheus cannot be asked yet. */
  private Optional<String> startupCheck() {
    if (uploads) {
      Optional<PrometheusFlags> flags = client.flags();
      if (flags.isEmpty()) {
        LOG.atWarn().log("Prometheus has no flags endpoint (older version); block durations cannot be checked");
      } else {
        Optional<String> bad = checkFlags(flags.get());
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    String version = client.version();
    if (!metadata.refresh()) {
      throw new PrometheusApiException(metadata.lastError(), 0);
    }
    LOG.atInfo().addKeyValue("url", client.baseUrl()).addKeyValue("version", version).log("connected to Prometheus");
    if (metadata.snapshot().orElseThrow().externalLabels().isEmpty()) {
      return Optional.of("no external labels configured on Prometheus server, uniquely identifying external labels must be configured; "
          + "see https://thanos.io/tip/thanos/storage.md#external-labels for details.");
    }
    return Optional.empty();
  }

  private Optional<String> checkFlags(PrometheusFlags flags) {
    String delayCompact = flags.delayCompactFile();
    if (!delayCompact.isEmpty() && !Path.of(delayCompact).normalize().equals(shipperStateFile.normalize())) {
      return Optional.of("found that Prometheus and Thanos use different paths for tracking block uploads. Prometheus uses "
          + "--storage.tsdb.delay-compact-file.path=" + delayCompact + " while the sidecar will write to " + shipperStateFile
          + ", they must both use the same path.");
    }
    Duration min = flags.minBlockDuration();
    Duration max = flags.maxBlockDuration();
    boolean differ = min == null || !min.equals(max);
    if (differ && delayCompact.isEmpty()) {
      if (!ignoreUnequalBlockSize) {
        return Optional.of("found that TSDB Max time is " + flags.maxBlockDurationText() + " and Min time is " + flags.minBlockDurationText()
            + ". Compaction needs to be disabled (storage.tsdb.min-block-duration = storage.tsdb.max-block-duration)");
      }
      LOG.atWarn().log("flag to ignore Prometheus min/max block duration flags differing is being used. If the upload of a 2h block fails and a Prometheus compaction happens that block may be missing from your Thanos bucket storage.");
    }
    if (min != null && !min.equals(Duration.ofHours(2))) {
      LOG.atWarn().addKeyValue("block-time", flags.minBlockDurationText()).log("found that TSDB block time is not 2h. Only 2h block time is recommended.");
    }
    return Optional.empty();
  }

  private boolean sleep() {
    try {
      Thread.sleep(interval.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
