package io.thanosj.service.probe;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process' health and readiness, as Thanos' prober reports them: healthy once started,
 * ready once started and every {@link ReadinessCheck} passes, neither once shutdown begins. The
 * state is exposed as {@code /-/healthy}, {@code /-/ready}, the gRPC health service's overall
 * status and the {@code thanos_status{check,component}} gauge.
 */
public final class Probe {

  private static final Logger log = LoggerFactory.getLogger(Probe.class);

  private final List<ReadinessCheck> checks;
  private final HealthStatusManager grpcHealth;
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile Boolean lastReady;

  public Probe(ThanosComponent component, List<ReadinessCheck> checks, HealthStatusManager grpcHealth, MeterRegistry registry) {
    this.checks = List.copyOf(checks);
    this.grpcHealth = grpcHealth;
    if (grpcHealth != null) {
      grpcHealth.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    }
    Gauge.builder("thanos.status", this, p -> p.isHealthy() ? 1 : 0)
        .description("Represents status (0 indicates failure, 1 indicates success) of the component.")
        .tags("component", component.name(), "check", "healthy")
        .register(registry);
    Gauge.builder("thanos.status", this, p -> p.isReady() ? 1 : 0)
        .description("Represents status (0 indicates failure, 1 indicates success) of the component.")
        .tags("component", component.name(), "check", "ready")
        .register(registry);
  }

  public void markStarted() {
    started = true;
    refresh();
  }

  /** Shutdown has begun: report not ready so load balancers and queriers move away first. */
  public void markStopping() {
    stopping = true;
    refresh();
  }

  public boolean isHealthy() {
    return started && !stopping;
  }

  public boolean isReady() {
    return notReadyReason().isEmpty();
  }

  public Optional<String> notReadyReason() {
    if (!started) {
      return Optional.of("starting");
    }
    if (stopping) {
      return Optional.of("shutting down");
    }
    for (ReadinessCheck check : checks) {
      Optional<String> reason;
      try {
        reason = check.notReadyReason();
      } catch (RuntimeException e) {
        reason = Optional.of("readiness check failed: " + e.getMessage());
      }
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  /** Re-evaluates readiness, pushes it to the gRPC health service and logs a change. */
  public void refresh() {
    Optional<String> reason = notReadyReason();
    boolean ready = reason.isEmpty();
    Boolean previous = lastReady;
    lastReady = ready;
    if (grpcHealth != null) {
      grpcHealth.setStatus(
          HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }
    if (previous == null || previous != ready) {
      if (ready) {
        log.atInfo().addKeyValue("status", "ready").log("changing probe status");
      } else {
        log.atInfo().addKeyValue("status", "not-ready").addKeyValue("reason", reason.get()).log("changing probe status");
      }
    }
  }
}
