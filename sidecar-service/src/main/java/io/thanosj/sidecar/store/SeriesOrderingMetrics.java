package io.thanosj.sidecar.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How often Series responses could be streamed and how often they had to be sorted whole
 * ({@code thanos_sidecar_series_responses_total{ordering="streamed"|"sorted"}}, a ThanosJ metric):
 * a non-zero "sorted" rate points at stored labels that clash with external labels.
 */
public final class SeriesOrderingMetrics {

  private final Counter streamed;
  private final Counter sorted;

  public SeriesOrderingMetrics(MeterRegistry registry) {
    this.streamed = Counter.builder("thanos_sidecar_series_responses").tag("ordering", "streamed")
        .description("Series responses from Prometheus, by how their order was restored.").register(registry);
    this.sorted = Counter.builder("thanos_sidecar_series_responses").tag("ordering", "sorted")
        .description("Series responses from Prometheus, by how their order was restored.").register(registry);
  }

  void recordOrdering(boolean fullSort) {
    (fullSort ? sorted : streamed).increment();
  }
}
