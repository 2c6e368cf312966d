package io.thanosj.service;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring settings every role needs, at the lowest precedence so a role or test may override them:
 * {@code /metrics} in Prometheus format as the only actuator endpoint, no banner, and net.devh's
 * own gRPC metrics and tracing off ({@link io.thanosj.service.metrics.GrpcServerMetrics} replaces
 * them with Thanos' names).
 */
public final class ThanosServiceDefaults implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "thanosjServiceDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> p = new HashMap<>();
    p.put("spring.main.banner-mode", "off");
    p.put("management.endpoints.web.base-path", "/");
    p.put("management.endpoints.web.exposure.include", "prometheus");
    p.put("management.endpoints.web.path-mapping.prometheus", "metrics");
    p.put("management.endpoints.access.default", "none");
    p.put("management.endpoint.prometheus.access", "read-only");
    p.put("management.observations.enable.http.server.requests", "false");
    p.put("management.observations.enable.grpc", "false");
    p.put("spring.autoconfigure.exclude",
        "net.devh.boot.grpc.server.autoconfigure.GrpcServerMetricAutoConfiguration,"
            + "net.devh.boot.grpc.server.autoconfigure.GrpcServerMicrometerTraceAutoConfiguration");
    p.put("server.error.include-message", "always");
    env.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, p));
  }
}
