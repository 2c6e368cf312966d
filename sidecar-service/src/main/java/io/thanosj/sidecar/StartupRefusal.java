package io.thanosj.sidecar;

/**
 * Stops the sidecar when a check that can only run once Prometheus answers fails (no external
 * labels, unequal block durations, no Prometheus within the ready timeout): one clear line on
 * stderr and exit status 1, as Thanos exits.
 */
@FunctionalInterface
interface StartupRefusal {
  void refuse(String reason);
}
