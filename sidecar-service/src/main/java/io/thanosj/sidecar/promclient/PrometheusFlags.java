package io.thanosj.sidecar.promclient;

import io.thanosj.objstore.config.PrometheusDuration;
import java.time.Duration;
import java.util.Map;

/**
 * The Prometheus command-line flags the sidecar checks before it ships blocks, from
 * {@code /api/v1/status/flags}, where every value is a string.
 *
 * @param all every flag as Prometheus reported it
 */
public record PrometheusFlags(Map<String, String> all) {

  public PrometheusFlags {
    all = Map.copyOf(all);
  }

  /** {@code --storage.tsdb.min-block-duration} as given, e.g. {@code 2h}; empty when absent. */
  public String minBlockDurationText() {
    return all.getOrDefault("storage.tsdb.min-block-duration", "");
  }

  /** {@code --storage.tsdb.max-block-duration} as given; empty when absent. */
  public String maxBlockDurationText() {
    return all.getOrDefault("storage.tsdb.max-block-duration", "");
  }

  /** The parsed min block duration, or null when absent or unparsable. */
  public Duration minBlockDuration() {
    return PrometheusDuration.parseOrNull(minBlockDurationText());
  }

  public Duration maxBlockDuration() {
    return PrometheusDuration.parseOrNull(maxBlockDurationText());
  }

  /** {@code --storage.tsdb.delay-compact-file.path}; empty when unset or unknown to this Prometheus. */
  public String delayCompactFile() {
    return all.getOrDefault("storage.tsdb.delay-compact-file.path", "");
  }
}
