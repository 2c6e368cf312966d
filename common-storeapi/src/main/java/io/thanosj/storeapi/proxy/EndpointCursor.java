package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Series;

/**
 * The head of one endpoint's Series stream inside the merge. A failure of the stream (or of opening
 * it) ends this endpoint's contribution and is reported through the request's {@link PartialResponse}
 * policy; warnings the store sent are reported the same way once its stream ends.
 */
final class EndpointCursor {

  private final String endpoint;
  private final SeriesSet set;
  private final PartialResponse policy;
  private final int order;
  private Series current;
  private Labels labels;
  private boolean done;

  EndpointCursor(String endpoint, SeriesSet set, PartialResponse policy, int order) {
    this.endpoint = endpoint;
    this.set = set;
    this.policy = policy;
    this.order = order;
  }

  /** Moves to the next series; false when the stream ended or failed (then it is closed). */
  boolean advance() {
    if (done) {
      return false;
    }
    boolean more;
    try {
      more = set.next();
    } catch (RuntimeException e) {
      done = true;
      set.close();
      policy.problem("receive series from " + endpoint + ": " + PartialResponse.describe(endpoint, e));
      return false;
    }
    if (!more) {
      done = true;
      set.close();
      for (String w : set.warnings()) {
        policy.problem(w);
      }
      return false;
    }
    current = set.at();
    labels = StoreProtos.labels(current.getLabelsList());
    return true;
  }

  Series current() {
    return current;
  }

  Labels labels() {
    return labels;
  }

  /** The endpoint's position in the request, which breaks ties between equal label sets stably. */
  int order() {
    return order;
  }

  void close() {
    done = true;
    set.close();
  }
}
