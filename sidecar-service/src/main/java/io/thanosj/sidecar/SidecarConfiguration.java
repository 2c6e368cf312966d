package io.thanosj.sidecar;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.client.Buckets;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.reloader.Reloader;
import io.thanosj.sidecar.shipper.Shipper;
import io.thanosj.sidecar.store.PrometheusMetadata;
import io.thanosj.sidecar.store.PrometheusStore;
import io.thanosj.sidecar.store.SeriesOrderingMetrics;
import io.thanosj.service.flags.PathOrContent;
import io.thanosj.storeapi.StoreApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns the sidecar's flags into its parts: the Prometheus store, the heartbeat, the shipper, the reloader. */
@Configuration(proxyBeanMethods = false)
class SidecarConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarConfiguration.class);

  @Bean
  PrometheusClient prometheusClient(SidecarFlags flags) {
    flags.validate();
    return new PrometheusClient(flags.prometheusUrl(), flags.prometheusGetConfigTimeout());
  }

  @Bean
  PrometheusMetadata prometheusMetadata(PrometheusClient client, SidecarFlags flags, MeterRegistry registry) {
    PrometheusMetadata m = new PrometheusMetadata(client, flags.minTime().millis(Clock.systemUTC()));
    Gauge.builder("thanos_sidecar_prometheus_up", m, x -> x.isUp() ? 1 : 0)
        .description("Boolean indicator whether the sidecar can reach its Prometheus peer.").register(registry);
    return m;
  }

  /** Stops the process when a start-up check fails after Spring has started (e.g. no external labels). */
  @Bean
  StartupRefusal startupRefusal(ConfigurableApplicationContext context) {
    return reason -> {
      System.err.println("thanosj sidecar: " + reason);
      new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)), "refusal-exit").start();
    };
  }

  @Bean(destroyMethod = "close")
  PrometheusHeartbeat prometheusHeartbeat(PrometheusClient client, PrometheusMetadata metadata, SidecarFlags flags, StartupRefusal refusal) {
    PrometheusHeartbeat h = new PrometheusHeartbeat(client, metadata, flags.prometheusGetConfigInterval(), objstoreConfig(flags).isPresent(),
        flags.shipperIgnoreUnequalBlockSize(), flags.tsdbPath().resolve(flags.shipperMetaFileName()), refusal);
    h.start();
    return h;
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService orderingProbeExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "series-order-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Bean
  StoreApi prometheusStore(PrometheusClient client, PrometheusMetadata metadata, ExecutorService orderingProbeExecutor, MeterRegistry registry) {
    return new PrometheusStore(client, metadata, orderingProbeExecutor, new SeriesOrderingMetrics(registry));
  }

  @Bean(destroyMethod = "close")
  Reloader reloader(SidecarFlags flags, PrometheusClient client, MeterRegistry registry) throws IOException {
    Reloader.Options o = new Reloader.Options(
        SidecarFlags.isBlank(flags.reloaderConfigFile()) ? null : Path.of(flags.reloaderConfigFile()),
        SidecarFlags.isBlank(flags.reloaderConfigEnvsubstFile()) ? null : Path.of(flags.reloaderConfigEnvsubstFile()),
        flags.reloaderRuleDirs(), flags.reloaderWatchInterval(), flags.reloaderRetryInterval());
    Reloader r = new Reloader(o, client::reload, System.getenv(), registry);
    r.start();
    return r;
  }

  @Bean(destroyMethod = "close")
  ShipperLoop shipperLoop(SidecarFlags flags, PrometheusHeartbeat heartbeat, PrometheusMetadata metadata, MeterRegistry registry,
      StartupRefusal refusal) {
    Optional<String> config = objstoreConfig(flags);
    if (config.isEmpty()) {
      LOG.atInfo().log("no supported bucket was configured, uploads will be disabled");
      return ShipperLoop.disabled();
    }
    Bucket bucket = Buckets.create(BucketConfig.parse(config.get(), System.getenv()), registry);
    Shipper shipper = new Shipper(bucket,
        new Shipper.Options(flags.tsdbPath(), flags.shipperMetaFileName(), "sidecar", flags.shipperUploadCompacted(), "SHA256".equals(flags.hashFunc())),
        () -> metadata.snapshot().map(PrometheusMetadata.Snapshot::externalLabels).orElse(io.thanosj.labels.Labels.EMPTY),
        registry, Clock.systemUTC());
    ShipperLoop loop = new ShipperLoop(shipper, heartbeat, metadata, flags.prometheusReadyTimeout(), flags.shipperSyncInterval(), refusal);
    loop.start();
    return loop;
  }

  @Bean
  io.thanosj.service.probe.ReadinessCheck prometheusReachable(PrometheusHeartbeat heartbeat) {
    return heartbeat;
  }

  private static Optional<String> objstoreConfig(SidecarFlags flags) {
    PathOrContent c = flags.objstore().config();
    if (c == null || !c.isSet()) {
      return Optional.empty();
    }
    return c.read();
  }
}
