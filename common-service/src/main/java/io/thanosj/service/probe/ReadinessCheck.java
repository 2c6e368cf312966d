package io.thanosj.service.probe;

import java.util.Optional;

/**
 * One condition a role must meet before it can serve, e.g. "the sidecar has reached Prometheus" or
 * "the store gateway has synced its blocks". Roles declare them as beans; {@code /-/ready} and the
 * gRPC health service report ready only when every check passes.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /** Empty when ready; otherwise why not, in a few words (it is logged when readiness changes). */
  Optional<String> notReadyReason();
}
