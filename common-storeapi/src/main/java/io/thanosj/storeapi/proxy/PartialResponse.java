package io.thanosj.storeapi.proxy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.storeapi.proto.PartialResponseStrategy;
import java.util.List;

/**
 * What the proxy does when one endpoint fails or warns: under WARN (partial response on) the problem
 * becomes a warning and the other endpoints' data is still returned; under ABORT the whole request
 * fails with ABORTED and the message naming the endpoint, as Thanos' proxy turns warnings into errors.
 */
final class PartialResponse {

  private final boolean abort;
  private final List<String> warnings;

  PartialResponse(boolean abort, List<String> warnings) {
    this.abort = abort;
    this.warnings = warnings;
  }

  /** The deprecated {@code partial_response_disabled} flag wins, as in Thanos. */
  static boolean isAbort(boolean disabled, PartialResponseStrategy strategy) {
    return disabled || strategy == PartialResponseStrategy.ABORT;
  }

  boolean aborts() {
    return abort;
  }

  /** Records a problem: a warning under WARN, a thrown ABORTED status under ABORT. */
  void problem(String message) {
    if (abort) {
      throw Status.ABORTED.withDescription(message).asRuntimeException();
    }
    warnings.add(message);
  }

  /** A human description of a store failure without the client's own "store NAME: " prefix. */
  static String describe(String endpoint, RuntimeException e) {
    String text;
    if (e instanceof StatusRuntimeException s) {
      String d = s.getStatus().getDescription();
      text = s.getStatus().getCode() + (d == null ? "" : ": " + stripPrefix(endpoint, d));
    } else {
      text = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }
    return text;
  }

  private static String stripPrefix(String endpoint, String d) {
    String prefix = "store " + endpoint + ": ";
    return d.startsWith(prefix) ? d.substring(prefix.length()) : d;
  }
}
