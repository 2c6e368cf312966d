package io.thanosj.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Thanos' HTTP server metrics: {@code http_requests_total{code,handler,method}} and the
 * {@code http_request_duration_seconds} histogram (same labels). {@code handler} is the name a role
 * put in the {@link #HANDLER_ATTRIBUTE} request attribute (Thanos names API handlers like
 * {@code query} or {@code label_values}), else the matched route pattern, else {@code other}, so
 * unknown paths cannot create unbounded label values. {@code method} is lower case as in promhttp.
 */
public final class HttpRequestMetricsFilter extends OncePerRequestFilter {

  public static final String HANDLER_ATTRIBUTE = HttpRequestMetricsFilter.class.getName() + ".handler";

  private static final double[] BUCKETS = {0.001, 0.01, 0.1, 0.3, 0.6, 1, 3, 6, 9, 20, 30, 60, 90, 120, 240, 360, 720};
  private static final Duration[] SLOS = new Duration[BUCKETS.length];

  static {
    for (int i = 0; i < BUCKETS.length; i++) {
      SLOS[i] = Duration.ofNanos((long) (BUCKETS[i] * 1e9));
    }
  }

  private final MeterRegistry registry;

  public HttpRequestMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      String handler = handlerName(request);
      String code = Integer.toString(response.getStatus());
      String method = request.getMethod().toLowerCase(Locale.ROOT);
      Counter.builder("http.requests")
          .description("Tracks the number of HTTP requests.")
          .tags("code", code, "handler", handler, "method", method)
          .register(registry)
          .increment();
      Timer.builder("http.request.duration")
          .description("Tracks the latencies for HTTP requests.")
          .tags("code", code, "handler", handler, "method", method)
          .serviceLevelObjectives(SLOS)
          .register(registry)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private static String handlerName(HttpServletRequest request) {
    Object named = request.getAttribute(HANDLER_ATTRIBUTE);
    if (named instanceof String s) {
      return s;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    return pattern instanceof String p ? p : "other";
  }
}
