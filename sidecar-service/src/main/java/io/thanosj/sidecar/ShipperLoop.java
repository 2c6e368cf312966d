package io.thanosj.sidecar;

import io.thanosj.sidecar.shipper.Shipper;
import io.thanosj.sidecar.store.PrometheusMetadata;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the shipper in the background: once Prometheus has been validated (waiting at most
 * {@code --prometheus.ready_timeout}, then giving up as Thanos does), a sync every interval.
 */
final class ShipperLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ShipperLoop.class);

  private final Shipper shipper;
  private final PrometheusHeartbeat heartbeat;
  private final PrometheusMetadata metadata;
  private final Duration readyTimeout;
  private final Duration interval;
  private final StartupRefusal refuse;
  private final Thread thread;
  private volatile boolean closed;

  ShipperLoop(Shipper shipper, PrometheusHeartbeat heartbeat, PrometheusMetadata metadata, Duration readyTimeout, Duration interval,
      StartupRefusal refuse) {
    this.shipper = shipper;
    this.heartbeat = heartbeat;
    this.metadata = metadata;
    this.readyTimeout = readyTimeout;
    this.interval = interval;
    this.refuse = refuse;
    this.thread = new Thread(this::run, "shipper");
    this.thread.setDaemon(true);
  }

  /** A loop that ships nothing, for a sidecar without object storage. */
  static ShipperLoop disabled() {
    return new ShipperLoop(null, null, null, null, null, null);
  }

  void start() {
    if (shipper != null) {
      thread.start();
    }
  }

  private void run() {
    try {
      if (!heartbeat.awaitValidated(readyTimeout)) {
        refuse.refuse("aborting block uploads as no external labels were found after waiting " + readyTimeout
            + "; is Prometheus healthy and reachable?");
        return;
      }
      while (!closed) {
        try {
          int n = shipper.sync();
          if (n > 0) {
            // Prometheus may drop blocks it has shipped (retention); Info should follow promptly.
            metadata.refresh();
          }
        } catch (IOException | RuntimeException e) {
          LOG.atWarn().addKeyValue("err", e.getMessage()).log("shipper sync failed; retrying next interval");
        }
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
