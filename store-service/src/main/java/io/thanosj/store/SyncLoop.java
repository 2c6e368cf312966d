package io.thanosj.store;

import io.thanosj.service.probe.ReadinessCheck;
import io.thanosj.store.bucket.BucketStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the bucket store every {@code --sync-block-duration}. Until the first complete sync the store
 * is not ready, and a failed first sync is retried every few seconds rather than after a full period.
 */
final class SyncLoop implements ReadinessCheck, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);
  private static final Duration INITIAL_RETRY = Duration.ofSeconds(5);

  private final BucketStore store;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bucket-sync");
    t.setDaemon(true);
    return t;
  });

  SyncLoop(BucketStore store, Duration interval) {
    this.store = store;
    this.interval = interval;
  }

  void start() {
    timer.execute(this::run);
  }

  private void run() {
    long started = System.nanoTime();
    try {
      store.sync();
      LOG.atInfo().addKeyValue("blocks", store.loadedBlocks()).addKeyValue("elapsed", Duration.ofNanos(System.nanoTime() - started))
          .log(store.isSynced() ? "synced blocks" : "block sync incomplete");
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("err", e.toString()).log("block sync failed");
    }
    Duration next = store.isSynced() ? interval : (interval.compareTo(INITIAL_RETRY) < 0 ? interval : INITIAL_RETRY);
    if (!timer.isShutdown()) {
      timer.schedule(this::run, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<String> notReadyReason() {
    return store.isSynced() ? Optional.empty() : Optional.of("the initial block sync has not completed");
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
