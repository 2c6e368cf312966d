package io.thanosj.store.block;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the store gateway holds its blocks' index headers (Thanos' {@code indexheader.ReaderPool}):
 * either mapped for the block's whole life (the default), or, with {@code
 * --store.enable-index-header-lazy-reader}, mapped only while queries use them and released after
 * {@code --store.index-header-lazy-reader-idle-timeout} without use. A background check runs every
 * tenth of the timeout, as in Thanos, so a header lives at most 1.1 timeouts after its last use.
 */
public final class IndexHeaderPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IndexHeaderPool.class);

  /** Headers mapped for the block's life; its metrics are registered nowhere and never move. */
  public static final IndexHeaderPool EAGER = new IndexHeaderPool(false, Duration.ZERO, IndexHeaderMetrics.register(new SimpleMeterRegistry()));

  private final boolean lazy;
  private final long idleNanos;
  private final IndexHeaderMetrics metrics;
  private final LongSupplier nanoClock;
  private final Set<IndexHeaderHandle> tracked = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService checker;

  /**
   * @param lazy whether headers are mapped on use and released when idle
   * @param idleTimeout how long a lazily loaded header may stay unused; zero keeps it until its block goes
   */
  public IndexHeaderPool(boolean lazy, Duration idleTimeout, IndexHeaderMetrics metrics) {
    this(lazy, idleTimeout, metrics, System::nanoTime, true);
  }

  /** With {@code startChecker} false, idle headers are released only by {@link #unloadIdle()} calls (tests). */
  IndexHeaderPool(boolean lazy, Duration idleTimeout, IndexHeaderMetrics metrics, LongSupplier nanoClock, boolean startChecker) {
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("index header idle timeout must not be negative, not " + idleTimeout);
    }
    this.lazy = lazy;
    this.idleNanos = idleTimeout.toNanos();
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    if (lazy && idleNanos > 0 && startChecker) {
      checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "index-header-idle");
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(idleNanos / 10, TimeUnit.MILLISECONDS.toNanos(1));
      checker.scheduleWithFixedDelay(this::unloadIdleLogged, every, every, TimeUnit.NANOSECONDS);
    } else {
      checker = null;
    }
  }

  public boolean lazy() {
    return lazy;
  }

  IndexHeaderMetrics metrics() {
    return metrics;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  void track(IndexHeaderHandle h) {
    if (lazy && idleNanos > 0) {
      tracked.add(h);
    }
  }

  void untrack(IndexHeaderHandle h) {
    tracked.remove(h);
  }

  /**
   * Releases every lazily loaded header that no query holds and none used for the idle timeout.
   *
   * @return how many were released
   */
  public int unloadIdle() {
    if (idleNanos == 0) {
      return 0;
    }
    long idleSince = now() - idleNanos;
    int n = 0;
    for (IndexHeaderHandle h : tracked) {
      if (h.unloadIfIdleSince(idleSince)) {
        n++;
      }
    }
    return n;
  }

  private void unloadIdleLogged() {
    try {
      int n = unloadIdle();
      if (n > 0) {
        LOG.atDebug().addKeyValue("headers", n).log("released idle index headers");
      }
    } catch (RuntimeException e) {
      // A failure here must not stop the periodic check (a thrown exception would cancel it).
      LOG.atWarn().addKeyValue("err", e.toString()).log("releasing idle index headers failed");
    }
  }

  /** Stops the idle check; headers stay as they are and are released when their blocks close. */
  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
  }
}
