package io.thanosj.service;

import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.service.flags.CommonFlags;
import io.thanosj.service.flags.FlagSet;
import io.thanosj.service.grpc.GrpcServerConfiguration;
import io.thanosj.service.metrics.BuildInfo;
import io.thanosj.service.metrics.HttpRequestMetricsFilter;
import io.thanosj.service.probe.Probe;
import io.thanosj.service.probe.ProbeController;
import io.thanosj.service.probe.ReadinessCheck;
import io.thanosj.service.probe.ThanosComponent;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * What every ThanosJ role shares, wired once: probes, Thanos-style metrics, the gRPC server set-up.
 * Roles started through {@link ThanosRole} get their flags as beans; a plain Spring Boot test gets
 * the Thanos defaults.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration",
      "net.devh.boot.grpc.server.autoconfigure.GrpcHealthServiceAutoConfiguration"
    },
    beforeName = "net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration")
@Import(GrpcServerConfiguration.class)
public class ThanosServiceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  CommonFlags commonFlags() {
    return FlagSet.of(CommonFlags.class).parse().get(CommonFlags.class);
  }

  @Bean
  @ConditionalOnMissingBean
  ThanosComponent thanosComponent() {
    return new ThanosComponent("unknown");
  }

  @Bean
  BuildInfo buildInfo(MeterRegistry registry) {
    BuildInfo info = BuildInfo.load();
    info.register(registry);
    return info;
  }

  @Bean
  Probe probe(
      ThanosComponent component,
      ObjectProvider<ReadinessCheck> checks,
      ObjectProvider<HealthStatusManager> grpcHealth,
      MeterRegistry registry) {
    return new Probe(component, checks.orderedStream().toList(), grpcHealth.getIfAvailable(), registry);
  }

  @Bean
  ProbeController probeController(Probe probe) {
    return new ProbeController(probe);
  }

  /** Ready once started; re-checked every second so the gRPC health status follows the checks. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService probeRefresher(Probe probe) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "probe-refresh");
      t.setDaemon(true);
      return t;
    });
    s.scheduleWithFixedDelay(probe::refresh, 1, 1, TimeUnit.SECONDS);
    return s;
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> probeStarted(Probe probe) {
    return e -> probe.markStarted();
  }

  @Bean
  ApplicationListener<ContextClosedEvent> probeStopping(Probe probe) {
    return e -> probe.markStopping();
  }

  @Bean
  FilterRegistrationBean<HttpRequestMetricsFilter> httpRequestMetrics(MeterRegistry registry) {
    FilterRegistrationBean<HttpRequestMetricsFilter> r = new FilterRegistrationBean<>(new HttpRequestMetricsFilter(registry));
    r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return r;
  }
}
