package io.thanosj.sidecar.store;

import io.thanosj.labels.Labels;
import io.thanosj.sidecar.promclient.PrometheusApiException;
import io.thanosj.sidecar.promclient.PrometheusClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sidecar knows about its Prometheus, refreshed periodically (Thanos' {@code promMetadata}):
 * the external labels it serves and the oldest timestamp it holds. Doubles as the heartbeat: a
 * failed refresh marks Prometheus down (and the sidecar unready) while keeping the last good values,
 * so a restart of Prometheus does not make the sidecar forget its identity.
 */
public final class PrometheusMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetadata.class);

  /** One consistent view: external labels and the first timestamp the sidecar serves. */
  public record Snapshot(Labels externalLabels, long minTimeMillis) {}

  private final PrometheusClient client;
  private final long limitMinTimeMillis;
  private volatile Snapshot snapshot;
  private volatile boolean up;
  private volatile String lastError = "not checked yet";

  /**
   * @param limitMinTimeMillis {@code --min-time}: never serve anything older, whatever Prometheus holds
   */
  public PrometheusMetadata(PrometheusClient client, long limitMinTimeMillis) {
    this.client = client;
    this.limitMinTimeMillis = limitMinTimeMillis;
  }

  /** Reads external labels and the lowest timestamp; returns whether Prometheus answered both. */
  public boolean refresh() {
    try {
      long lowest = client.lowestTimestampMillis();
      Labels labels = client.externalLabels();
      Snapshot previous = snapshot;
      snapshot = new Snapshot(labels, Math.max(limitMinTimeMillis, lowest));
      if (previous != null && !previous.externalLabels().equals(labels)) {
        LOG.atInfo().addKeyValue("from", previous.externalLabels()).addKeyValue("to", labels).log("external labels changed");
      }
      if (!up) {
        LOG.atInfo().addKeyValue("url", client.baseUrl()).addKeyValue("external_labels", labels).log("Prometheus is up");
      }
      up = true;
      return true;
    } catch (PrometheusApiException e) {
      if (up || !e.getMessage().equals(lastError)) {
        LOG.atWarn().addKeyValue("err", e.getMessage()).log("cannot reach Prometheus; not ready until it answers");
      }
      lastError = e.getMessage();
      up = false;
      return false;
    }
  }

  /** The last good view, or empty before Prometheus first answered. */
  public Optional<Snapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  public boolean isUp() {
    return up;
  }

  public String lastError() {
    return lastError;
  }

  public long limitMinTimeMillis() {
    return limitMinTimeMillis;
  }
}
